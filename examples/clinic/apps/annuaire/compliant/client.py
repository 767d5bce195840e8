"""INPI company registry (RNE) client, compliant twin of apps/annuaire/client.py.

- INPI_USERNAME / INPI_PASSWORD through `get_credential`: no default, no pasted token; a missing
  one raises MissingCredentialError naming the variables it tried;
- `@retry` instead of the login loop; ConnectorSession timeouts on every call;
- a lookup either returns the record or raises (PermanentError for an unknown SIREN, TransientError
  when INPI is down): the caller decides, nothing is hidden at debug level.
"""
from __future__ import annotations

from django.conf import settings

from apps.core.connectors import connector_session
from integration_lint.runtime import ConnectorSession, get_credential, retry

CONNECTOR = "inpi"


@retry
def login(session: ConnectorSession) -> str:
    credentials = {
        "username": get_credential(CONNECTOR, "username").reveal(),
        "password": get_credential(CONNECTOR, "password").reveal(),
    }
    return session.post("sso/login", json=credentials).json()["token"]


def inpi_session() -> ConnectorSession:
    # The login exchange is not kept in the raw-response store (its body is a bearer token);
    # the registry lookups are.
    token = login(connector_session(CONNECTOR, settings.INPI_BASE_URL, keep_raw=False))
    session = connector_session(CONNECTOR, settings.INPI_BASE_URL)
    session.headers["Authorization"] = f"Bearer {token}"
    return session


@retry
def lookup_company(siren: str, session: ConnectorSession | None = None) -> dict:
    return (session or inpi_session()).get(f"companies/{siren}").json()


@retry
def download_acts(siren: str, session: ConnectorSession | None = None) -> bytes:
    return (session or inpi_session()).get(f"companies/{siren}/attachments", timeout=(3.05, 120)).content
