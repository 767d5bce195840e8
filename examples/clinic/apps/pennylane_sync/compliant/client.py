"""Pennylane accounting API client, compliant twin of apps/pennylane_sync/client.py.

- each company's token is `get_credential("pennylane", "token", tenant=slug)`, i.e.
  PENNYLANE_TOKEN_<SLUG> (then PENNYLANE_TOKEN): no pasted token, no unprefixed fallback;
- Pennylane counts requests per token, so the shared limiter is keyed per company;
- `RateLimitedError` from the session carries Retry-After; `@retry` waits exactly that, or
  raises `RetryLater` so the task re-queues instead of sleeping in the worker;
- "not found" is an empty result, not a swallowed exception.
"""
from __future__ import annotations

from django.conf import settings

from apps.core.connectors import connector_session
from apps.pennylane_sync.models import Company
from integration_lint.runtime import ConnectorSession, get_credential, retry

CONNECTOR = "pennylane"


def pennylane_session(company: Company) -> ConnectorSession:
    session = connector_session(CONNECTOR, settings.PENNYLANE_BASE_URL, holder=company.slug)
    token = get_credential(CONNECTOR, "token", tenant=company.slug)
    session.headers["Authorization"] = f"Bearer {token.reveal()}"
    return session


class PennylaneClient:
    def __init__(self, company: Company) -> None:
        self.session = pennylane_session(company)

    @retry
    def find_customer(self, reference: str) -> dict | None:
        items = self.session.get("customers", params={"filter": f"external_reference:eq:{reference}"}).json()["items"]
        return items[0] if items else None

    @retry
    def upsert_customer(self, reference: str, payload: dict) -> dict:
        return self.session.put(f"customers/{reference}", json=payload).json()

    @retry
    def create_customer_invoice(self, payload: dict) -> dict:
        return self.session.post("customer_invoices", json=payload).json()

    @retry
    def create_fec_export(self, year: int) -> dict:
        return self.session.post("exports/fecs", json={"period_start": f"{year}-01-01", "period_end": f"{year}-12-31"}).json()

    @retry
    def get_fec_export(self, export_id: str) -> dict:
        return self.session.get(f"exports/fecs/{export_id}").json()

    @retry
    def download(self, url: str) -> bytes:
        return self.session.get(url).content
