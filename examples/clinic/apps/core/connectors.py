"""Project-wide wiring of `integration_lint.runtime`, shared by every compliant connector.

Connectors compose these primitives; there is no BaseConnector class to inherit from
(docs/guidelines/integrations.md explains why). Checkpoints and raw responses live in the
project's database (the `integration_lint.runtime.django` app), so every worker host sees the
same state and the backups include it.
"""
from __future__ import annotations

import functools

from django.conf import settings

from integration_lint.runtime import Checkpoint, ConnectorSession, RateLimiter
from integration_lint.runtime.django.stores import DjangoCheckpointStore, DjangoRawResponseStore

# The variables a deployment must set. Values announce they are placeholders, so they are not
# credentials (`python -c "from apps.core.connectors import env_template; print(env_template())"`).
ENV_TEMPLATE = {
    "DOCTOLIB_API_KEY": "<your-doctolib-api-key>",  # ok: placeholder
    "PENNYLANE_TOKEN_SIEGE": "changeme",  # ok: placeholder
    "INPI_USERNAME": "your-inpi-login",
    "INPI_PASSWORD": "your-inpi-password",  # ok: placeholder
    "LOGOSW_AGENT_SECRET": "xxx",  # ok: placeholder
}


def env_template() -> str:
    return "\n".join(f"{name}={value}" for name, value in ENV_TEMPLATE.items())


@functools.cache
def raw_store() -> DjangoRawResponseStore:
    return DjangoRawResponseStore()


@functools.cache
def rate_limiter(connector: str, holder: str = "") -> RateLimiter:
    """One shared limiter per quota: per connector, or per connector and tenant (`holder`) when
    the API counts requests per token, as Pennylane does."""
    key = f"{connector}:{holder}" if holder else connector
    return RateLimiter(key, settings.CONNECTOR_RATE_LIMITS[connector], backend=settings.RATE_LIMIT_BACKEND)


def checkpoint(*parts: object) -> Checkpoint:
    return Checkpoint(DjangoCheckpointStore(), ":".join(str(part) for part in parts))


def connector_session(connector: str, base_url: str, *, holder: str = "", keep_raw: bool = True) -> ConnectorSession:
    """A session with the default timeouts, the connector's shared rate limit and, unless
    `keep_raw` is off, every response body kept with its sha256."""
    return ConnectorSession(
        connector,
        base_url,
        rate_limiter=rate_limiter(connector, holder),
        raw_store=raw_store() if keep_raw else None,
    )
