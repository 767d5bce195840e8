"""Doctolib booking API client, compliant twin of apps/sync/client.py.

- the API key is read from DOCTOLIB_API_KEY by `get_credential` (was: a parameter default);
- `ConnectorSession` puts a timeout on every call and turns 5xx/429/4xx into typed errors;
- `@retry` replaces the hand-written loop; the shared `RateLimiter` (inside the session) and
  `RateLimitedError` replace the inline sleep on 429;
- `paginate` + `Checkpoint` replace the cursor loop, so a sync resumes where it failed, and the
  raw-response store keeps each page with its sha256.
"""
from __future__ import annotations

from collections.abc import Iterator

from django.conf import settings

from apps.core.connectors import checkpoint, connector_session
from integration_lint.runtime import ConnectorSession, CursorPaginator, Page, get_credential, paginate, retry

CONNECTOR = "doctolib"
APPOINTMENTS = CursorPaginator(items="appointments", next_cursor="next_cursor", page_size=100)


def doctolib_session() -> ConnectorSession:
    session = connector_session(CONNECTOR, settings.DOCTOLIB_BASE_URL)
    session.headers["Authorization"] = f"Bearer {get_credential(CONNECTOR, 'api_key').reveal()}"
    return session


class DoctolibClient:
    def __init__(self, session: ConnectorSession | None = None) -> None:
        self.session = session or doctolib_session()

    @retry
    def get_practitioner(self, external_id: str) -> dict:
        return self.session.get(f"practitioners/{external_id}").json()

    @retry
    def list_slots(self, practitioner_id: str, day: str) -> list[dict]:
        return self.session.get(f"practitioners/{practitioner_id}/slots", params={"date": day}).json()["slots"]

    @retry
    def download(self, url: str) -> bytes:
        return self.session.get(url).content

    def appointment_pages(self, practice_id: str, updated_since: str) -> Iterator[Page]:
        """Pages of appointments; the cursor is saved after each page the caller has processed."""
        fetch_page = retry(self.session.page_fetcher(f"practices/{practice_id}/appointments", params={"updated_since": updated_since}))
        return paginate(fetch_page, APPOINTMENTS, checkpoint=checkpoint(CONNECTOR, "appointments", practice_id, updated_since))

    @retry
    def cancel_appointment(self, appointment_id: str) -> None:
        self.session.delete(f"appointments/{appointment_id}")
