"""The stable JSON contract (DESIGN.md): version, findings, summary."""

from __future__ import annotations

import json
from collections import Counter

from .. import __version__
from . import Report


def render(report: Report) -> str:
    result = report.result
    by_code = Counter(f.code for f in result.findings)
    payload = {
        "version": __version__,
        "findings": [f.to_json() for f in result.findings],
        "summary": {
            "findings": len(result.findings),
            "files": result.files,
            "by_code": dict(sorted(by_code.items())),
            "fixable": sum(1 for f in result.findings if f.fix and f.fix.applicability == "safe"),
            "unsafe_fixable": sum(
                1 for f in result.findings if f.fix and f.fix.applicability == "unsafe"
            ),
            "suppressed": len(result.suppressed),
            **{k: v for k, v in report.extra.items() if isinstance(v, (int, str))},
        },
    }
    return json.dumps(payload, indent=2, ensure_ascii=False) + "\n"
