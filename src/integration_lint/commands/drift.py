"""`integration-lint drift`: write this month's integrations-overview drift report."""

from __future__ import annotations

import datetime as _dt
import os
import re
import tempfile
from pathlib import Path

import click

from ..cli import common_options, fail, run_engine


@click.command()
@common_options
@click.option(
    "--output-dir",
    type=click.Path(file_okay=False),
    default="roadmap/backlog",
    show_default=True,
    help="Folder of the monthly reports (relative to the project root).",
)
@click.option("--month", default=None, help="YYYY-MM (default: the current month).")
@click.option("--template", type=click.Path(exists=True, dir_okay=False), default=None, help="A Jinja2 template to use instead of the built-in one.")
def drift(paths, config_file, select, ignore, jobs, no_cache, force_exclude, output_dir, month, template):
    """Write roadmap/backlog/integrations-overview-drift-YYYY-MM.md."""
    from ..reporting.drift import render_drift

    month = month or _dt.date.today().strftime("%Y-%m")
    if not re.fullmatch(r"\d{4}-(0[1-9]|1[0-2])", month):
        fail(f"--month must be YYYY-MM, got {month!r}")
    config, result = run_engine(
        paths, config_file=config_file, select=select, ignore=ignore, jobs=jobs,
        no_cache=no_cache, force_exclude=force_exclude,
    )
    out_dir = Path(output_dir)
    if not out_dir.is_absolute():
        out_dir = config.root / out_dir
    out_dir.mkdir(parents=True, exist_ok=True)
    scope = " ".join(paths) if paths else "."
    import jinja2

    try:
        path, text = render_drift(
            result.findings, config, month, out_dir, scope, Path(template) if template else None
        )
    except jinja2.TemplateError as exc:
        where = f" (line {exc.lineno})" if getattr(exc, "lineno", None) else ""
        fail(f"--template {template}: {type(exc).__name__}{where}: {exc}")
    fd, tmp = tempfile.mkstemp(dir=out_dir, prefix=".drift-", suffix=".md")
    with os.fdopen(fd, "w", encoding="utf-8", errors="backslashreplace") as fh:
        fh.write(text)
    os.replace(tmp, path)
    click.echo(f"Wrote {path} ({len(result.findings)} findings)")
