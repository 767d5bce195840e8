"""`integration-lint baseline [PATHS]`: record today's findings so CI fails only on new ones."""

from __future__ import annotations

from pathlib import Path

import click

from ..cli import common_options, run_engine


@click.command()
@common_options
@click.option(
    "--baseline",
    "baseline_file",
    type=click.Path(),
    default=None,
    help="Where to write (default: .integration-lint-baseline.json in the project root).",
)
def baseline(paths, config_file, select, ignore, jobs, no_cache, force_exclude, baseline_file):
    """Write a baseline of the current findings."""
    from ..baseline import DEFAULT_BASELINE, Baseline, BaselineError
    from ..cli import fail

    config, result = run_engine(
        paths, config_file=config_file, select=select, ignore=ignore, jobs=jobs,
        no_cache=no_cache, force_exclude=force_exclude,
    )
    target = Path(baseline_file) if baseline_file else config.root / DEFAULT_BASELINE
    try:
        Baseline.from_findings(result.findings).save(target)
    except BaselineError as exc:
        fail(str(exc))
    click.echo(f"Wrote {len(result.findings)} finding(s) to {target}")
