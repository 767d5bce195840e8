"""`path:line:col: CODE message`, a summary line, optional statistics."""

from __future__ import annotations

from collections import Counter

import click

from ..model import SAFE, UNSAFE
from . import Report


def render(report: Report) -> str:
    findings = report.result.findings
    style = (lambda text, **kw: click.style(text, **kw)) if report.color else (lambda text, **kw: text)
    lines: list[str] = []
    for f in findings:
        location = style(f"{f.path}:{f.line}:{f.column}:", bold=True)
        code = style(f.code, fg="red" if f.severity == "error" else "yellow", bold=True)
        marker = ""
        if f.fix is not None and f.fix.applicability in (SAFE, UNSAFE):
            marker = style(" [*]", fg="cyan") if f.fix.applicability == SAFE else style(" [unsafe fix]", fg="cyan")
        lines.append(f"{location} {code} {f.message}{marker}")
    if report.statistics and findings:
        lines.append("")
        counts = Counter((f.code, f.name) for f in findings)
        for (code, name), n in sorted(counts.items(), key=lambda kv: (-kv[1], kv[0])):
            lines.append(f"{n:>5}\t{code}\t{name}")
    lines.append(summary_line(report))
    return "\n".join(lines) + "\n"


def summary_line(report: Report) -> str:
    result = report.result
    n = len(result.findings)
    safe = sum(1 for f in result.findings if f.fix and f.fix.applicability == SAFE)
    unsafe = sum(1 for f in result.findings if f.fix and f.fix.applicability == UNSAFE)
    files = f"{result.files} file{'s' if result.files != 1 else ''}"
    parts = [f"Found {n} finding{'s' if n != 1 else ''} in {files}" if n else f"All checks passed ({files})."]
    if safe:
        parts.append(f"{safe} fixable with `integration-lint fix`")
    if unsafe:
        more = "more " if safe else ""
        parts.append(f"{unsafe} {more}fixable with `integration-lint fix --unsafe-fixes`")
    if result.suppressed:
        parts.append(f"{len(result.suppressed)} suppressed")
    baselined = report.extra.get("baselined")
    if baselined:
        parts.append(f"{baselined} baselined")
    return "; ".join(parts) + ("." if n else "")
