"""Doctolib booking API client: the version integration-lint complains about.

Compliant twin: apps/sync/compliant/client.py.
"""
from __future__ import annotations

import logging
import os
import time
from collections.abc import Iterator

import requests
from django.conf import settings

logger = logging.getLogger(__name__)

API_KEY_VAR = "DOCTOLIB_API_KEY"  # ok: an env-var name, not a secret


class DoctolibError(Exception):
    pass


class DoctolibClient:
    def __init__(
        self,
        api_key: str = "dk_live_4f8a2c9e7b1d3f5a6c8e0b2d4f6a8c1e",  # expect: IL101
        base_url: str = "",
    ) -> None:
        self.api_key = api_key or os.environ.get(API_KEY_VAR, "")
        self.base_url = base_url or settings.DOCTOLIB_BASE_URL

    def _headers(self) -> dict[str, str]:
        return {"Authorization": f"Bearer {self.api_key}", "Accept": "application/json"}  # ok: template

    def get_practitioner(self, external_id: str) -> dict:
        url = f"{self.base_url}/practitioners/{external_id}"
        # Deviation: re-attempts the same call, back to back (no backoff).
        for attempt in range(3):  # expect: IL201
            try:
                resp = requests.get(url, headers=self._headers(), timeout=10)
                resp.raise_for_status()
                return resp.json()
            except requests.RequestException as exc:
                logger.warning("doctolib: attempt %d for practitioner %s failed: %s", attempt + 1, external_id, exc)
        raise DoctolibError(f"practitioner {external_id} unavailable")

    def list_slots(self, practitioner_id: str, day: str) -> list[dict]:
        url = f"{self.base_url}/practitioners/{practitioner_id}/slots"
        resp = requests.get(url, params={"date": day}, headers=self._headers(), timeout=10)
        # Deviation: waits for the rate limit inline, then tries again.
        if resp.status_code == 429:  # expect: IL202
            time.sleep(int(resp.headers.get("Retry-After", "1")))
            resp = requests.get(url, params={"date": day}, headers=self._headers(), timeout=10)
        resp.raise_for_status()
        return resp.json()["slots"]

    def iter_appointments(self, practice_id: str, updated_since: str) -> Iterator[dict]:
        # Works, but a crash on page 7 restarts at page 1 (the compliant twin checkpoints).
        url = f"{self.base_url}/practices/{practice_id}/appointments"
        cursor: str | None = ""
        while cursor is not None:  # ok: pagination, every iteration fetches a different page
            params = {"updated_since": updated_since, "limit": 100, "cursor": cursor or None}
            resp = requests.get(url, params=params, headers=self._headers(), timeout=10)
            resp.raise_for_status()
            payload = resp.json()
            yield from payload["appointments"]
            cursor = payload.get("next_cursor")

    def cancel_appointment(self, appointment_id: str) -> None:
        resp = requests.delete(f"{self.base_url}/appointments/{appointment_id}", headers=self._headers(), timeout=10)
        resp.raise_for_status()
