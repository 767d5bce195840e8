"""Compliant connector primitives: the runtime the linter's messages and fixes point to.

Install with ``pip install integration-lint[runtime]``. Names are imported lazily so that
``import integration_lint.runtime`` costs nothing and works without the optional extras; each
name pulls in its own dependencies (requests, tenacity, pyrate-limiter, celery) on first use.
"""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING, Any

_EXPORTS: dict[str, str] = {
    "get_credential": "credentials",
    "register_secret_provider": "credentials",
    "Secret": "credentials",
    "MissingCredentialError": "credentials",
    "IntegrationError": "errors",
    "TransientError": "errors",
    "PermanentError": "errors",
    "RateLimitedError": "errors",
    "RetryLater": "errors",
    "parse_retry_after": "errors",
    "retry": "retries",
    "ConnectorSession": "sessions",
    "RateLimiter": "ratelimit",
    "CursorPaginator": "pagination",
    "OffsetPaginator": "pagination",
    "PagePaginator": "pagination",
    "LinkHeaderPaginator": "pagination",
    "Page": "pagination",
    "PageRequest": "pagination",
    "paginate": "pagination",
    "Checkpoint": "checkpoints",
    "SQLiteCheckpointStore": "checkpoints",
    "MemoryCheckpointStore": "checkpoints",
    "RawResponseStore": "raw_store",
    "surface_error": "surfacing",
    "sync_task": "tasks",
}

__all__ = [
    "Checkpoint",
    "ConnectorSession",
    "CursorPaginator",
    "IntegrationError",
    "LinkHeaderPaginator",
    "MemoryCheckpointStore",
    "MissingCredentialError",
    "OffsetPaginator",
    "Page",
    "PagePaginator",
    "PageRequest",
    "PermanentError",
    "RateLimitedError",
    "RateLimiter",
    "RawResponseStore",
    "RetryLater",
    "SQLiteCheckpointStore",
    "Secret",
    "TransientError",
    "get_credential",
    "paginate",
    "parse_retry_after",
    "register_secret_provider",
    "retry",
    "surface_error",
    "sync_task",
]


def __getattr__(name: str) -> Any:
    module_name = _EXPORTS.get(name)
    if module_name is None:
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
    value = getattr(importlib.import_module(f".{module_name}", __name__), name)
    globals()[name] = value  # cache: the next access skips this function
    return value


def __dir__() -> list[str]:
    return sorted(set(globals()) | set(__all__))


if TYPE_CHECKING:  # static analysers and IDEs see the real names
    from .checkpoints import Checkpoint, MemoryCheckpointStore, SQLiteCheckpointStore
    from .credentials import (
        MissingCredentialError,
        Secret,
        get_credential,
        register_secret_provider,
    )
    from .errors import (
        IntegrationError,
        PermanentError,
        RateLimitedError,
        RetryLater,
        TransientError,
        parse_retry_after,
    )
    from .pagination import (
        CursorPaginator,
        LinkHeaderPaginator,
        OffsetPaginator,
        Page,
        PagePaginator,
        PageRequest,
        paginate,
    )
    from .ratelimit import RateLimiter
    from .raw_store import RawResponseStore
    from .retries import retry
    from .sessions import ConnectorSession
    from .surfacing import surface_error
    from .tasks import sync_task
