"""INPI company registry (RNE) client, written in a hurry: most deviations live here.

Compliant twin: apps/annuaire/compliant/client.py.
"""
from __future__ import annotations

import logging
import os
import time

import requests
from django.conf import settings

logger = logging.getLogger(__name__)

INPI_USERNAME = os.getenv("INPI_USERNAME", "")  # ok: empty default
# Deviation: the production password as the fallback of an env lookup.
INPI_PASSWORD = os.getenv("INPI_PASSWORD", "Rne#Clinic-2024")  # expect: IL102
# Deviation: weak passwords are still passwords.
SANDBOX_LOGIN = {"username": "clinic-sandbox", "password": "111111"}  # expect: IL101
# Deviation: a token someone pasted while debugging, "temporarily".
DEBUG_HEADERS = {"Authorization": "Bearer 9f2c4e7a1b3d5f60718293a4b5c6d7e8f9a0b1c2"}  # expect: IL101


def login() -> str:
    # Deviation: re-attempts the login every 5 seconds (constant backoff).
    for attempt in range(5):  # expect: IL201
        try:
            resp = requests.post(f"{settings.INPI_BASE_URL}/sso/login", json={"username": INPI_USERNAME, "password": INPI_PASSWORD}, timeout=10)
            resp.raise_for_status()
            return resp.json()["token"]
        except requests.RequestException as exc:
            logger.warning("INPI login attempt %d failed: %s", attempt + 1, exc)
            time.sleep(5)
    raise RuntimeError("INPI login failed after 5 attempts")


def lookup_company(siren: str) -> dict | None:
    """The RNE record of a SIREN, or None when INPI could not be reached."""
    try:
        resp = requests.get(f"{settings.INPI_BASE_URL}/companies/{siren}", headers={"Authorization": f"Bearer {login()}"}, timeout=10)
        resp.raise_for_status()
        return resp.json()
    # Deviation: the failure is only visible at debug level, i.e. in no production log.
    except requests.RequestException as exc:  # expect: IL301
        logger.debug("INPI lookup failed for %s: %s", siren, exc)
        return None


def download_acts(siren: str) -> bytes:
    # Deviation: no timeout; a stalled INPI download holds the worker forever.
    resp = requests.get(f"{settings.INPI_BASE_URL}/companies/{siren}/attachments", headers=DEBUG_HEADERS)  # expect: IL402
    resp.raise_for_status()
    return resp.content
