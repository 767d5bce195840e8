"""Pennylane accounting API client (one token per company): the deviating version.

Compliant twin: apps/pennylane_sync/compliant/client.py.
"""
from __future__ import annotations

import logging
import time

import requests
from django.conf import settings

logger = logging.getLogger(__name__)


class PennylaneError(Exception):
    pass


class PennylaneRateLimited(PennylaneError):
    def __init__(self, retry_after: float) -> None:
        super().__init__(f"rate limited, retry in {retry_after:.0f}s")
        self.retry_after = retry_after


class PennylaneClient:
    def __init__(self, token: str) -> None:
        self.base_url = settings.PENNYLANE_BASE_URL
        self.headers = {"Authorization": f"Bearer {token}", "Accept": "application/json"}  # ok: template

    def _check(self, resp: requests.Response) -> dict:
        if resp.status_code == 429:  # ok: raises a typed error, nobody sleeps here
            raise PennylaneRateLimited(float(resp.headers.get("Retry-After", "60")))
        if resp.status_code >= 400:
            raise PennylaneError(f"HTTP {resp.status_code}: {resp.text[:200]}")
        return resp.json()

    def _get(self, path: str, **params: str) -> dict:
        return self._check(requests.get(f"{self.base_url}{path}", params=params, headers=self.headers, timeout=15))

    def _post(self, path: str, payload: dict) -> dict:
        return self._check(requests.post(f"{self.base_url}{path}", json=payload, headers=self.headers, timeout=15))

    def create_customer_invoice(self, payload: dict) -> dict:
        try:
            return self._post("/customer_invoices", payload)
        # Deviation: sleeps through the rate limit inside the worker, then tries once more.
        except PennylaneRateLimited as exc:  # expect: IL202
            logger.warning("pennylane: rate limited, sleeping %.0fs", exc.retry_after)
            time.sleep(exc.retry_after)
            return self._post("/customer_invoices", payload)

    def upsert_customer(self, reference: str, payload: dict) -> dict:
        url = f"{self.base_url}/customers/{reference}"
        # Deviation: a home-made exponential backoff on 5xx and 429 alike.
        for attempt in range(5):  # expect: IL201
            resp = requests.put(url, json=payload, headers=self.headers, timeout=15)
            if resp.ok:
                return resp.json()
            logger.warning("pennylane: upsert_customer got HTTP %s (attempt %d)", resp.status_code, attempt + 1)
            time.sleep(2**attempt)
        raise PennylaneError(f"customer {reference} not saved after 5 attempts")

    def find_customer(self, reference: str) -> dict | None:
        try:
            return self._get("/customers", filter=f"external_reference:eq:{reference}")["items"][0]
        # Deviation: a 500, a revoked token and "not found" all look the same to the caller.
        except (PennylaneError, IndexError):  # expect: IL301
            return None

    def create_fec_export(self, year: int) -> dict:
        return self._post("/exports/fecs", {"period_start": f"{year}-01-01", "period_end": f"{year}-12-31"})

    def get_fec_export(self, export_id: str) -> dict:
        return self._get(f"/exports/fecs/{export_id}")

    def download(self, url: str) -> bytes:
        resp = requests.get(url, timeout=60)
        resp.raise_for_status()
        return resp.content
