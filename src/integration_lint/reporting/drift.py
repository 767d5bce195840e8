"""Monthly drift report: `roadmap/backlog/integrations-overview-drift-YYYY-MM.md`.

Rendered with a Jinja2 template users can override. The report embeds its own findings'
fingerprints in an HTML comment, which is how the next month's report knows what is new and what
was resolved.
"""

from __future__ import annotations

import json
import re
from collections import defaultdict
from dataclasses import dataclass
from pathlib import Path

from .. import __version__
from ..config import Config
from ..model import Finding

FILENAME = "integrations-overview-drift-{month}.md"
DATA = re.compile(r"<!-- integration-lint-data (?P<json>.*?) -->", re.S)
MONTH = re.compile(r"integrations-overview-drift-(\d{4}-\d{2})\.md$")


@dataclass(frozen=True)
class Area:
    key: str
    title: str
    codes: tuple[str, ...]


AREAS = (
    Area("credentials", "Credentials", ("IL101", "IL102", "IL103")),
    Area("retry", "Retry", ("IL201",)),
    Area("errors", "Errors", ("IL301",)),
    Area("sync-placement", "Sync placement", ("IL401",)),
    Area("timeouts", "Timeouts", ("IL402",)),
    Area("rate-limits", "Rate limits", ("IL202",)),
    Area("celery-policy", "Celery policy", ("IL203",)),
)
AREA_OF = {code: area.key for area in AREAS for code in area.codes}


def group_name(config: Config, path: str) -> str:
    """The configured connector owning `path`, else the Django app folder (nearest apps.py)."""
    connector = config.connector_for(path)
    if connector is not None:
        return connector.name
    parts = path.split("/")
    for i in range(len(parts) - 1, 0, -1):
        if (config.root / "/".join(parts[:i]) / "apps.py").is_file():
            return "/".join(parts[:i])
    return parts[0] if len(parts) > 1 else "(project root)"


def previous_report(directory: Path, month: str) -> tuple[str, dict] | None:
    best = None
    for path in directory.glob("integrations-overview-drift-*.md"):
        m = MONTH.search(path.name)
        if m and m.group(1) < month and (best is None or m.group(1) > best[0]):
            best = (m.group(1), path)
    if best is None:
        return None
    return best[0], _report_data(best[1])


def _report_data(path: Path) -> dict:
    """The findings embedded in a previous report; a damaged report counts as empty (warned)."""
    import sys

    try:
        m = DATA.search(path.read_text(encoding="utf-8"))
        data = json.loads(m.group("json")) if m else {"findings": []}
        if not isinstance(data, dict) or not isinstance(data.get("findings", []), list):
            raise ValueError("the data block is not an object with a findings list")
        entries = [e for e in data.get("findings", []) if isinstance(e, dict) and "fingerprint" in e]
        return {"findings": entries}
    except (OSError, UnicodeDecodeError, ValueError) as exc:
        print(
            f"integration-lint: warning: {path}: cannot read the previous report's data ({exc}); "
            "new/resolved are computed as if it had no findings",
            file=sys.stderr,
        )
        return {"findings": []}


def render_drift(
    findings: list[Finding],
    config: Config,
    month: str,
    output_dir: Path,
    scope: str,
    template: Path | None = None,
) -> tuple[Path, str]:
    import jinja2

    groups: dict[str, list[Finding]] = defaultdict(list)
    for name in (c.name for c in config.connectors):
        groups[name]  # configured connectors appear even when clean
    for f in findings:
        groups[group_name(config, f.path)].append(f)
    prev = previous_report(output_dir, month)
    prev_entries = {e["fingerprint"]: e for e in prev[1].get("findings", [])} if prev else {}
    current = {f.fingerprint for f in findings}
    new = [f for f in findings if prev and f.fingerprint not in prev_entries]
    resolved = sorted(
        (e for fp, e in prev_entries.items() if fp not in current),
        key=lambda e: (e.get("path", ""), e.get("code", ""), e.get("scope", "")),
    )
    group_rows = []
    for name in sorted(groups):
        items = sorted(groups[name], key=lambda f: f.sort_key)
        by_area: dict[str, int] = defaultdict(int)
        by_code: dict[str, list[Finding]] = defaultdict(list)
        for f in items:
            if f.code in AREA_OF:
                by_area[AREA_OF[f.code]] += 1
            by_code[f.code].append(f)
        group_rows.append(
            {"name": name, "findings": items, "by_area": dict(by_area), "by_code": sorted(by_code.items())}
        )
    compliant = [g for g in group_rows if not g["by_area"]]
    data = {
        "month": month,
        "findings": sorted(
            ({"fingerprint": f.fingerprint, "code": f.code, "path": f.path, "scope": f.scope} for f in findings),
            key=lambda e: (e["path"], e["code"], e["scope"], e["fingerprint"]),
        ),
    }
    if template is not None:
        env = jinja2.Environment(loader=jinja2.FileSystemLoader(str(template.parent)), keep_trailing_newline=True, undefined=jinja2.StrictUndefined)
        tmpl = env.get_template(template.name)
    else:
        env = jinja2.Environment(
            loader=jinja2.PackageLoader("integration_lint.reporting", "templates"), keep_trailing_newline=True
        )
        tmpl = env.get_template("drift.md.j2")
    try:
        rel_out = output_dir.resolve().relative_to(config.root)
        link_prefix = "../" * len(rel_out.parts)
    except ValueError:
        link_prefix = str(config.root) + "/"
    text = tmpl.render(
        month=month,
        version=__version__,
        scope=scope,
        findings=findings,
        groups=group_rows,
        compliant=compliant,
        areas=AREAS,
        previous=prev[0] if prev else None,
        new=new,
        new_fingerprints={f.fingerprint for f in new},
        resolved=resolved,
        link_prefix=link_prefix,
        data_json=json.dumps(data, sort_keys=True),
    )
    return output_dir / FILENAME.format(month=month), text
