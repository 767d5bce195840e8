"""Command line: `integration-lint check|rules|explain|…` (click). Heavy modules load lazily."""

from __future__ import annotations

import importlib
import os
import pkgutil
import sys
from pathlib import Path

import click

from . import __version__

EXIT_CLEAN, EXIT_FINDINGS, EXIT_ERROR = 0, 1, 2


class LazyGroup(click.Group):
    """Built-in commands plus one module per extra command in `integration_lint.commands`."""

    def _extra(self) -> list[str]:
        from . import commands

        return [m.name for m in pkgutil.iter_modules(commands.__path__) if not m.name.startswith("_")]

    def list_commands(self, ctx: click.Context) -> list[str]:
        return sorted(set(super().list_commands(ctx)) | set(self._extra()))

    def get_command(self, ctx: click.Context, name: str) -> click.Command | None:
        command = super().get_command(ctx, name)
        if command is not None:
            return command
        if name in self._extra():
            module = importlib.import_module(f"integration_lint.commands.{name}")
            return getattr(module, name.replace("-", "_"))
        return None


@click.group(cls=LazyGroup, context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, prog_name="integration-lint")
def main() -> None:
    """Keep Django/Celery integrations compliant with the integrations guideline."""


def fail(message: str) -> "NoReturn":  # type: ignore[name-defined]  # noqa: F821
    click.echo(f"integration-lint: error: {message}", err=True)
    sys.exit(EXIT_ERROR)


def split_codes(values: tuple[str, ...]) -> tuple[str, ...]:
    out: list[str] = []
    for value in values:
        out.extend(v.strip().upper() for v in value.split(",") if v.strip())
    return tuple(out)


def load_project(paths: tuple[str, ...], config_file: str | None):
    """(config, [Path]) for the given paths; exits 2 on configuration errors."""
    from .config import ConfigError, load_config

    targets = [Path(p) for p in (paths or (".",))]
    for p in targets:
        if not p.exists():
            fail(f"{p}: no such file or directory")
    try:
        config = load_config(targets[0], Path(config_file) if config_file else None)
    except ConfigError as exc:
        fail(str(exc))
    return config, targets


def progress_callback(enabled: bool):
    if not enabled or not sys.stderr.isatty():
        return None, None
    from rich.console import Console
    from rich.progress import BarColumn, MofNCompleteColumn, Progress, TimeElapsedColumn

    progress = Progress(
        "[progress.description]{task.description}",
        BarColumn(),
        MofNCompleteColumn(),
        TimeElapsedColumn(),
        console=Console(stderr=True),
        transient=True,
    )
    task = progress.add_task("linting", total=None)
    started = {"on": False}

    def update(done: int, total: int) -> None:
        if total < 200:
            return
        if not started["on"]:
            progress.start()
            started["on"] = True
        progress.update(task, completed=done, total=total)

    return update, progress


def run_engine(
    paths: tuple[str, ...],
    *,
    config_file: str | None = None,
    select: tuple[str, ...] = (),
    ignore: tuple[str, ...] = (),
    jobs: int | None = None,
    no_cache: bool = False,
    force_exclude: bool = False,
    show_progress: bool = True,
):
    """Shared by check, fix, baseline, drift and the LSP: returns (config, RunResult)."""
    from .config import ConfigError, validate_selectors
    from .discovery import DiscoveryError
    from .engine import Engine

    config, targets = load_project(paths, config_file)
    try:  # the same rules as the configuration's keys: ALL expands, typos are errors
        select = validate_selectors("--select", split_codes(select), "command line")
        ignore = validate_selectors("--ignore", split_codes(ignore), "command line")
    except ConfigError as exc:
        fail(str(exc))
    if jobs is not None and jobs < 1:
        fail("--jobs must be at least 1")
    update, progress = progress_callback(show_progress)
    try:
        engine = Engine(
            config,
            select=select or None,
            ignore=ignore,
            jobs=jobs,
            use_cache=not no_cache,
            progress=update,
        )
        result = engine.run(targets, force_exclude=force_exclude)
    except (ConfigError, DiscoveryError) as exc:
        fail(str(exc))
    finally:
        if progress is not None:
            progress.stop()
    return config, result


def common_options(func):
    options = [
        click.argument("paths", nargs=-1, type=click.Path()),
        click.option("--config", "config_file", type=click.Path(), help="Use this configuration file."),
        click.option("--select", multiple=True, help="Rule codes or prefixes to enable (IL4, IL402)."),
        click.option("--ignore", multiple=True, help="Rule codes or prefixes to disable."),
        click.option("--jobs", "-j", type=int, default=None, help="Worker processes (default: all cores)."),
        click.option("--no-cache", is_flag=True, help="Analyse every file, ignoring the results cache."),
        click.option(
            "--force-exclude", is_flag=True, help="Apply `exclude` to files named on the command line too."
        ),
    ]
    for option in reversed(options):
        func = option(func)
    return func


def write_output(text: str, output: str | None) -> None:
    # A file name that is not valid UTF-8 reaches us with surrogate escapes; show its bytes
    # escaped (\udcXX) rather than crash the report.
    data = text.encode("utf-8", "backslashreplace")
    if output:
        try:
            Path(output).write_bytes(data)
        except OSError as exc:
            fail(f"--output {output}: cannot write the report ({exc.strerror or exc})")
    else:
        sys.stdout.flush()
        sys.stdout.buffer.write(data)
        sys.stdout.buffer.flush()


def default_format() -> str:
    return "github" if os.environ.get("GITHUB_ACTIONS") == "true" else "text"


@main.command()
@common_options
@click.option(
    "--format",
    "fmt",
    type=click.Choice(["text", "json", "sarif", "github", "gitlab"]),
    default=None,
    help="Output format (default: text; github under GitHub Actions).",
)
@click.option("--output", "-o", type=click.Path(), help="Write the report to this file.")
@click.option("--statistics", is_flag=True, help="Show counts per rule.")
@click.option("--exit-zero", is_flag=True, help="Exit 0 even when there are findings.")
@click.option(
    "--baseline",
    "baseline_file",
    type=click.Path(),
    default=None,
    help="Report only findings not in this baseline file (see `integration-lint baseline`).",
)
@click.option("--update-baseline", is_flag=True, help="With --baseline: prune entries that are fixed.")
@click.option("--diff", is_flag=True, help="Print the available fixes as a unified diff (no report); write nothing.")
@click.option("--unsafe-fixes", is_flag=True, help="With --diff: include unsafe fixes.")
def check(
    paths, config_file, select, ignore, jobs, no_cache, force_exclude, fmt, output, statistics,
    exit_zero, baseline_file, update_baseline, diff=False, unsafe_fixes=False,
):
    """Lint PATHS (default: the current directory)."""
    if diff:  # the fix command's machinery; exits 1 when there is something to fix
        from .commands.fix import check_diff

        sys.exit(check_diff(
            paths, exit_zero=exit_zero, config_file=config_file, select=select, ignore=ignore,
            jobs=jobs, no_cache=no_cache, force_exclude=force_exclude, unsafe_fixes=unsafe_fixes,
        ))
    from .reporting import FORMATS, Report, renderer

    config, result = run_engine(
        paths,
        config_file=config_file,
        select=select,
        ignore=ignore,
        jobs=jobs,
        no_cache=no_cache,
        force_exclude=force_exclude,
    )
    fmt = fmt or default_format()
    if fmt not in FORMATS:
        fail(f"--format {fmt} is not available in this installation")
    extra: dict = {}
    if update_baseline and not baseline_file:
        fail("--update-baseline needs --baseline FILE")
    if baseline_file:
        from .baseline import Baseline, BaselineError

        try:
            baseline = Baseline.load(Path(baseline_file))
        except BaselineError as exc:
            fail(str(exc))
        new, known, pruned = baseline.split(result.findings)
        result.findings = new
        extra["baselined"] = len(known)
        if update_baseline:
            try:
                pruned.save(Path(baseline_file))
            except BaselineError as exc:
                fail(str(exc))
            extra["baseline_pruned"] = sum(baseline.counts.values()) - sum(pruned.counts.values())
    report = Report(
        result=result,
        config=config,
        color=fmt == "text" and output is None and sys.stdout.isatty(),
        statistics=statistics,
        extra=extra,
    )
    write_output(renderer(fmt)(report), output)
    sys.exit(EXIT_CLEAN if exit_zero or not result.findings else EXIT_FINDINGS)


@main.command()
@click.option("--format", "fmt", type=click.Choice(["text", "json"]), default="text")
def rules(fmt):
    """List every rule."""
    import json

    from .rules.base import all_rules

    registry = all_rules()
    if fmt == "json":
        click.echo(json.dumps([r.to_json() for r in registry.values()], indent=2))
        return
    for rule in registry.values():
        fix = "fix" if rule.fixable() else "   "
        click.echo(f"{rule.code}  {fix}  {rule.name:<36} {rule.summary}")


@main.command()
@click.argument("code")
@click.option("--format", "fmt", type=click.Choice(["text", "json"]), default="text")
def explain(code, fmt):
    """Print the documentation of rule CODE (e.g. IL402)."""
    import json

    from .rules.base import all_rules

    rule = all_rules().get(code.upper())
    if rule is None:
        fail(f"unknown rule `{code}` (see `integration-lint rules`)")
    if fmt == "json":
        click.echo(json.dumps(rule.to_json(), indent=2))
        return
    click.echo(f"# {rule.code} {rule.name}\n")
    click.echo(f"{rule.summary}. Fix: {rule.fix_summary()}.\n")
    for heading, body in rule.docs().items():
        click.echo(f"## {heading}\n{body}\n")
