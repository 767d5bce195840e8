"""GitHub Actions workflow commands (`::error file=…::message`) and a job summary table.

GitHub shows only 10 annotations of each type per step, so the most severe come first; the full
table goes to `$GITHUB_STEP_SUMMARY` when that variable is set.
"""

from __future__ import annotations

import os
from collections import Counter
from pathlib import Path

from . import Report
from .text import summary_line

SEVERITY_ORDER = {"error": 0, "warning": 1, "info": 2}
COMMAND = {"error": "error", "warning": "warning", "info": "notice"}


def escape_data(value: str) -> str:
    return value.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")


def escape_property(value: str) -> str:
    return escape_data(value).replace(":", "%3A").replace(",", "%2C")


def workspace_path(report: Report, path: str) -> str:
    """GitHub resolves annotation paths against the checkout, i.e. the current directory."""
    absolute = Path(report.config.root, path)
    try:
        return os.path.relpath(absolute, Path.cwd()).replace(os.sep, "/")
    except ValueError:
        return path


def render(report: Report) -> str:
    findings = sorted(
        report.result.findings, key=lambda f: (SEVERITY_ORDER.get(f.severity, 3), f.sort_key)
    )
    lines = []
    for f in findings:
        props = ",".join(
            [
                f"file={escape_property(workspace_path(report, f.path))}",
                f"line={f.line}",
                f"col={f.column}",
                f"endLine={f.end_line}",
                f"endColumn={f.end_column}",
                f"title={escape_property(f'{f.code} {f.name}')}",
            ]
        )
        lines.append(f"::{COMMAND.get(f.severity, 'warning')} {props}::{escape_data(f.message)}")
    lines.append(summary_line(report))
    summary_file = os.environ.get("GITHUB_STEP_SUMMARY")
    if summary_file:
        try:
            with open(summary_file, "a", encoding="utf-8", errors="backslashreplace") as fh:
                fh.write(step_summary(report))
        except OSError as exc:
            import sys

            print(
                f"integration-lint: warning: cannot append to GITHUB_STEP_SUMMARY={summary_file} "
                f"({exc.strerror or exc})",
                file=sys.stderr,
            )
    return "\n".join(lines) + "\n"


def step_summary(report: Report) -> str:
    findings = report.result.findings
    out = ["## integration-lint", "", summary_line(report), ""]
    if findings:
        counts = Counter((f.code, f.name) for f in findings)
        out += ["| code | rule | findings |", "|---|---|---:|"]
        for (code, name), n in sorted(counts.items()):
            out.append(f"| {code} | {name} | {n} |")
        out += ["", "| location | code | message |", "|---|---|---|"]
        for f in sorted(findings, key=lambda f: (SEVERITY_ORDER.get(f.severity, 3), f.sort_key)):
            message = f.message.replace("|", "\\|").replace("\n", " ")
            out.append(f"| `{workspace_path(report, f.path)}:{f.line}` | {f.code} | {message} |")
    return "\n".join(out) + "\n\n"
