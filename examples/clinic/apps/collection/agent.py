"""Talks to a clinic's CollectionAgent (the Logosw connector): the deviating version.

Compliant twin: apps/collection/compliant/agent.py.
"""
from __future__ import annotations

import json
import os
from urllib.request import urlopen

import requests

# Deviation: a credential of the logosw connector whose env var lacks the LOGOSW_ prefix.
AGENT_SECRET = os.environ.get("COLLECTION_AGENT_SECRET", "")  # expect: IL103
CLINIC_TIMEZONE = os.environ.get("CLINIC_TIMEZONE", "Europe/Paris")  # ok: not a credential


def agent_is_alive(agent) -> bool:
    # Deviation: urlopen without a timeout waits as long as the clinic's VPN does.
    with urlopen(f"{agent.base_url}/health") as resp:  # expect: IL402
        return json.load(resp).get("status") == "ok"


def list_pending_exports(agent) -> list[dict]:
    session = requests.Session()
    session.headers["X-Agent-Secret"] = AGENT_SECRET
    # Deviation: a Session method without a timeout.
    resp = session.get(f"{agent.base_url}/exports", params={"state": "pending", "tz": CLINIC_TIMEZONE})  # expect: IL402
    resp.raise_for_status()
    return resp.json()["exports"]
