"""SARIF 2.1.0 for code-scanning UIs (GitHub, Azure DevOps, VS Code SARIF viewer)."""

from __future__ import annotations

import json
from pathlib import Path

from .. import __version__
from ..model import DISPLAY_ONLY, Finding
from ..rules.base import all_rules
from . import Report

INFORMATION_URI = "https://github.com/integration-lint/integration-lint"
LEVELS = {"error": "error", "warning": "warning", "info": "note"}
# Credential leaks are security issues; GitHub sorts alerts by this (0.0–10.0).
SECURITY_SEVERITY = {"IL101": "8.5", "IL102": "7.0", "IL103": "3.0"}


def _rule_descriptor(rule) -> dict:
    docs = rule.docs()
    text = "\n\n".join(f"{h}\n{b}" for h, b in docs.items())
    markdown = "\n\n".join(f"## {h}\n{b}" for h, b in docs.items())
    tags = ["integration-lint", rule.family]
    properties: dict = {"tags": tags}
    if rule.code in SECURITY_SEVERITY:
        tags.append("security")
        properties["security-severity"] = SECURITY_SEVERITY[rule.code]
    return {
        "id": rule.code,
        "name": rule.name,
        "shortDescription": {"text": rule.summary},
        "fullDescription": {"text": docs.get("What it does", rule.summary)},
        "help": {"text": text, "markdown": markdown},
        "helpUri": rule.doc_url(),
        "defaultConfiguration": {"level": LEVELS.get(rule.severity, "warning")},
        "properties": properties,
    }


def _region(line: int, column: int, end_line: int, end_column: int) -> dict:
    region = {"startLine": line, "startColumn": column}
    if end_line > line or (end_line == line and end_column > column):
        region.update(endLine=end_line, endColumn=end_column)
    return region


def _fix(finding: Finding, root: Path) -> list[dict]:
    fix = finding.fix
    if fix is None or fix.applicability == DISPLAY_ONLY or not fix.edits:
        return []
    from ..fixes.imports import import_edits

    edits = list(fix.edits)
    if fix.imports:
        try:
            source = (root / finding.path).read_text(encoding="utf-8")
            edits.extend(import_edits(source, fix.imports))
        except (OSError, UnicodeDecodeError, Exception):  # the fix stays without its import
            pass
    replacements = [
        {
            "deletedRegion": {
                "startLine": e.line,
                "startColumn": e.column,
                "endLine": e.end_line,
                "endColumn": e.end_column,
            },
            "insertedContent": {"text": e.content},
        }
        for e in edits
    ]
    return [
        {
            "description": {"text": f"{fix.message} ({fix.applicability})"},
            "artifactChanges": [
                {
                    "artifactLocation": {"uri": finding.path, "uriBaseId": "%SRCROOT%"},
                    "replacements": replacements,
                }
            ],
        }
    ]


def build(report: Report) -> dict:
    rules = all_rules()
    codes = list(rules)
    index = {code: i for i, code in enumerate(codes)}
    root = report.config.root
    results = []
    for f in report.result.findings:
        result = {
            "ruleId": f.code,
            "ruleIndex": index[f.code],
            "level": LEVELS.get(f.severity, "warning"),
            "message": {"text": f.message},
            "locations": [
                {
                    "physicalLocation": {
                        "artifactLocation": {"uri": f.path, "uriBaseId": "%SRCROOT%"},
                        "region": _region(f.line, f.column, f.end_line, f.end_column),
                    }
                }
            ],
            "partialFingerprints": {"integrationLint/v1": f.fingerprint},
        }
        fixes = _fix(f, root)
        if fixes:
            result["fixes"] = fixes
        results.append(result)
    return {
        "$schema": "https://json.schemastore.org/sarif-2.1.0.json",
        "version": "2.1.0",
        "runs": [
            {
                "tool": {
                    "driver": {
                        "name": "integration-lint",
                        "version": __version__,
                        "semanticVersion": __version__,
                        "informationUri": INFORMATION_URI,
                        "rules": [_rule_descriptor(rules[c]) for c in codes],
                    }
                },
                "originalUriBaseIds": {"%SRCROOT%": {"uri": root.as_uri() + "/"}},
                "columnKind": "unicodeCodePoints",
                "results": results,
            }
        ],
    }


def render(report: Report) -> str:
    return json.dumps(build(report), indent=2, ensure_ascii=False) + "\n"
