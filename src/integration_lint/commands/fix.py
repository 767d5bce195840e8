"""`integration-lint fix [PATHS]`: apply fixes in place, or print them as a diff (`--diff`).

`check --diff` runs the same code (see `run_fix`); only the exit status differs.
"""

from __future__ import annotations

import sys
from dataclasses import dataclass, field
from pathlib import Path

import click

from ..cli import EXIT_CLEAN, EXIT_FINDINGS, common_options, run_engine, split_codes, write_output
from ..model import Finding


@dataclass
class FixReport:
    fixed: int = 0  # findings whose fix was applied (or would be, with --diff)
    files_changed: int = 0
    remaining: list[Finding] = field(default_factory=list)
    diff: str = ""
    problems: list[str] = field(default_factory=list)


def run_fix(paths: tuple[str, ...], *, unsafe_fixes: bool = False, write: bool = True, **engine_options):
    """Lint (with `run_engine`'s options), fix every file that has an allowed fix, write it or
    diff it. Returns (config, run, FixReport)."""
    from ..fixes.apply import allowed_applicabilities, fix_source
    from ..fixes.diff import unified_diff
    from ..fixes.inmemory import InMemoryLinter
    from ..fixes.source import ChangedOnDisk, UnsupportedSource, read_source, write_atomic

    config, result = run_engine(paths, **engine_options)
    allowed = allowed_applicabilities(unsafe_fixes)
    by_path: dict[str, list[Finding]] = {}
    for f in result.findings:
        by_path.setdefault(f.path, []).append(f)
    todo = sorted(
        p for p, fs in by_path.items() if any(f.fix and f.fix.applicability in allowed for f in fs)
    )
    report = FixReport()
    if not todo:
        report.remaining = list(result.findings)
        return config, result, report
    select = split_codes(engine_options.get("select", ()))
    if "ALL" in select:
        select = ("IL",)
    diffs: list[str] = []
    with InMemoryLinter(
        config,
        select=select or None,
        ignore=split_codes(engine_options.get("ignore", ())),
        jobs=engine_options.get("jobs"),
        use_cache=not engine_options.get("no_cache", False),
    ) as linter:
        linter.load_facts([Path(p) for p in (paths or (".",))])
        for relpath in todo:
            path = Path(relpath) if Path(relpath).is_absolute() else config.root / relpath
            try:
                source = read_source(str(path))

                def lint(text: str, relpath: str = relpath, source=source) -> list[Finding]:
                    return linter.lint_bytes(relpath, source.encode(text)).findings

                outcome = fix_source(source.text, lint, allowed, newline=source.newline)
            except (OSError, UnsupportedSource) as exc:
                report.problems.append(f"{relpath}: not fixed: {exc}")
                report.remaining.extend(by_path[relpath])
                continue
            report.problems.extend(r.describe() for r in outcome.refused)
            if not outcome.converged:
                report.problems.append(
                    f"{relpath}: fixes did not settle after {outcome.rounds} rounds; "
                    "run `integration-lint fix` again and report this"
                )
            if outcome.changed:
                if write:
                    try:
                        write_atomic(source, outcome.text)
                    except (ChangedOnDisk, UnsupportedSource, OSError) as exc:
                        report.problems.append(f"{relpath}: not fixed: {exc}")
                        report.remaining.extend(by_path[relpath])
                        continue
                else:
                    diffs.append(unified_diff(relpath, source.text, outcome.text))
                report.files_changed += 1
                report.fixed += len(outcome.applied)
            report.remaining.extend(outcome.remaining)
    for p, fs in by_path.items():
        if p not in todo:
            report.remaining.extend(fs)
    report.remaining.sort(key=lambda f: f.sort_key)
    report.diff = "".join(diffs)
    return config, result, report


def _plural(n: int, word: str) -> str:
    return f"{n} {word}{'' if n == 1 else 's'}"


@click.command()
@common_options
@click.option("--unsafe-fixes", is_flag=True, help="Apply unsafe fixes too (review the result).")
@click.option("--diff", is_flag=True, help="Print the fixes as a unified diff; write nothing.")
def fix(paths, config_file, select, ignore, jobs, no_cache, force_exclude, unsafe_fixes, diff):
    """Apply fixes to PATHS (default: the current directory).

    Safe fixes by default; `--unsafe-fixes` adds unsafe ones; display-only suggestions are never
    applied. Exits 1 when findings remain after fixing (with `--diff`: would remain), else 0.
    """
    options = dict(locals())  # the command's parameters, before anything else is defined
    from dataclasses import replace

    from ..reporting import Report, renderer

    config, result, report = run_fix(options.pop("paths"), write=not options.pop("diff"), **options)
    for problem in report.problems:
        click.echo(f"integration-lint: warning: {problem}", err=True)
    files = _plural(report.files_changed, "file")
    if diff:
        write_output(report.diff, None)
        click.echo(
            f"Would fix {_plural(report.fixed, 'finding')} in {files}; "
            f"{len(report.remaining)} would remain.",
            err=True,
        )
    else:
        remaining = replace(result, findings=report.remaining)
        text = renderer("text")(Report(result=remaining, config=config, color=sys.stdout.isatty()))
        click.echo(f"Fixed {_plural(report.fixed, 'finding')} in {files}.")
        click.echo(text, nl=False)
    sys.exit(EXIT_FINDINGS if report.remaining else EXIT_CLEAN)


def check_diff(paths: tuple[str, ...], *, exit_zero: bool = False, **options) -> int:
    """`check --diff`: print what `fix` would change; exit 1 when there is a change (as ruff)."""
    _config, _result, report = run_fix(paths, write=False, **options)
    for problem in report.problems:
        click.echo(f"integration-lint: warning: {problem}", err=True)
    write_output(report.diff, None)
    click.echo(
        f"Would fix {_plural(report.fixed, 'finding')} in {_plural(report.files_changed, 'file')}.",
        err=True,
    )
    return EXIT_CLEAN if exit_zero or not report.diff else EXIT_FINDINGS
