"""Where host-local runtime state (rate-limit buckets, raw responses, checkpoints, task locks)
lives by default."""

from __future__ import annotations

import os
import tempfile
from pathlib import Path


def default_state_dir() -> Path:
    """``$INTEGRATION_LINT_STATE_DIR`` or ``<tmp>/integration-lint``, created if missing."""
    configured = os.environ.get("INTEGRATION_LINT_STATE_DIR")
    path = Path(configured) if configured else Path(tempfile.gettempdir()) / "integration-lint"
    path.mkdir(parents=True, exist_ok=True)
    return path
