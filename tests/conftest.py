"""Shared fixtures."""

from __future__ import annotations

import pytest

from lintutil import write_project


@pytest.fixture
def project(tmp_path):
    def make(files: dict[str, str], config: dict | None = None):
        return write_project(tmp_path, files, config)

    return make
