"""Reporters turn a finished run into text; they never analyse.

Each format maps to `module:function`; the function takes a `Report` and returns the text.
Imported lazily so `--format text` never pays for the others.
"""

from __future__ import annotations

import importlib
from dataclasses import dataclass, field
from typing import Callable

from ..config import Config
from ..engine import RunResult

FORMATS: dict[str, str] = {
    "text": "integration_lint.reporting.text:render",
    "json": "integration_lint.reporting.json_report:render",
    "sarif": "integration_lint.reporting.sarif:render",
    "github": "integration_lint.reporting.github:render",
    "gitlab": "integration_lint.reporting.gitlab:render",
}


@dataclass
class Report:
    result: RunResult
    config: Config
    color: bool = False
    statistics: bool = False
    show_fixes: bool = False
    extra: dict = field(default_factory=dict)  # e.g. baselined counts


def renderer(fmt: str) -> Callable[[Report], str]:
    module, _, func = FORMATS[fmt].partition(":")
    return getattr(importlib.import_module(module), func)
