"""Baselines: accept today's findings, fail only on new ones.

Entries are keyed by fingerprint (rule, path, enclosing scope, normalised snippet — no line
numbers, no timestamps) with a count, so moving code or adding lines above it keeps a finding
baselined, and two identical findings need two entries. The file is sorted and deterministic.
"""

from __future__ import annotations

import json
from collections import Counter
from dataclasses import dataclass
from pathlib import Path

from .model import Finding

DEFAULT_BASELINE = ".integration-lint-baseline.json"
FORMAT_VERSION = 1


class BaselineError(Exception):
    pass


@dataclass
class Baseline:
    counts: Counter[str]
    info: dict[str, dict]

    @classmethod
    def from_findings(cls, findings: list[Finding]) -> "Baseline":
        counts: Counter[str] = Counter(f.fingerprint for f in findings)
        info = {}
        for f in findings:
            info.setdefault(f.fingerprint, {"code": f.code, "path": f.path, "scope": f.scope})
        return cls(counts, info)

    @classmethod
    def load(cls, path: Path) -> "Baseline":
        try:
            data = json.loads(path.read_text(encoding="utf-8"))
        except FileNotFoundError:
            raise BaselineError(f"{path}: baseline file not found (create it with `integration-lint baseline`)")
        except (OSError, ValueError) as exc:
            raise BaselineError(f"{path}: cannot read baseline: {exc}") from exc
        if not isinstance(data, dict) or not isinstance(data.get("findings"), list):
            raise BaselineError(f"{path}: not an integration-lint baseline")
        counts: Counter[str] = Counter()
        info = {}
        for entry in data["findings"]:
            try:
                count = entry.get("count", 1)
                if isinstance(count, bool) or not isinstance(count, int) or count < 1:
                    raise ValueError(f"count must be a positive integer, got {count!r}")
                counts[str(entry["fingerprint"])] += count
            except (KeyError, TypeError, ValueError, AttributeError) as exc:
                raise BaselineError(f"{path}: malformed entry {entry!r}: {exc}") from exc
            info[entry["fingerprint"]] = {k: entry.get(k, "") for k in ("code", "path", "scope")}
        return cls(counts, info)

    def dump(self) -> str:
        entries = [
            {"fingerprint": fp, **self.info.get(fp, {}), "count": n}
            for fp, n in self.counts.items()
            if n > 0
        ]
        entries.sort(key=lambda e: (e.get("path", ""), e.get("code", ""), e.get("scope", ""), e["fingerprint"]))
        return json.dumps({"version": FORMAT_VERSION, "findings": entries}, indent=2, sort_keys=True) + "\n"

    def save(self, path: Path) -> None:
        import os
        import tempfile

        try:
            if path.is_dir():
                raise IsADirectoryError(21, "is a directory")
            path.parent.mkdir(parents=True, exist_ok=True)
            fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=".baseline-", suffix=".json")
            with os.fdopen(fd, "w", encoding="utf-8") as fh:
                fh.write(self.dump())
            os.replace(tmp, path)
        except OSError as exc:
            raise BaselineError(f"{path}: cannot write baseline ({exc.strerror or exc})") from exc

    def split(self, findings: list[Finding]) -> tuple[list[Finding], list[Finding], "Baseline"]:
        """(new, baselined, still-present entries) — count-aware, in finding order."""
        remaining = Counter(self.counts)
        used: Counter[str] = Counter()
        new, known = [], []
        for f in findings:
            if remaining[f.fingerprint] > 0:
                remaining[f.fingerprint] -= 1
                used[f.fingerprint] += 1
                known.append(f)
            else:
                new.append(f)
        pruned = Baseline(used, {fp: self.info.get(fp, {}) for fp in used})
        return new, known, pruned
