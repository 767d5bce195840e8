"""GitLab Code Quality report (a JSON array of issues)."""

from __future__ import annotations

import hashlib
import json
import os
from collections import Counter
from pathlib import Path

from . import Report

# GitLab severities: info, minor, major, critical, blocker.
SEVERITY = {"IL101": "critical", "IL102": "critical", "IL000": "major", "IL002": "major"}
DEFAULT = {"error": "major", "warning": "minor", "info": "info"}


def _path(report: Report, path: str) -> str:
    try:
        return os.path.relpath(Path(report.config.root, path), Path.cwd()).replace(os.sep, "/")
    except ValueError:
        return path


def render(report: Report) -> str:
    seen: Counter[str] = Counter()
    issues = []
    for f in report.result.findings:
        seen[f.fingerprint] += 1
        # Identical findings in one scope share a fingerprint; the occurrence keeps them unique.
        unique = hashlib.sha256(f"{f.fingerprint}:{seen[f.fingerprint]}".encode()).hexdigest()
        issues.append(
            {
                "type": "issue",
                "description": f"{f.code} {f.message}",
                "check_name": f"{f.code} {f.name}",
                "categories": ["Security"] if f.code.startswith("IL1") else ["Bug Risk"],
                "fingerprint": unique,
                "severity": SEVERITY.get(f.code, DEFAULT.get(f.severity, "minor")),
                "location": {
                    "path": _path(report, f.path),
                    "lines": {"begin": f.line, "end": f.end_line},
                },
            }
        )
    return json.dumps(issues, indent=2, ensure_ascii=False) + "\n"
