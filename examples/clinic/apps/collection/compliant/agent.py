"""Talks to a clinic's CollectionAgent, compliant twin of apps/collection/agent.py.

- the shared secret is LOGOSW_AGENT_SECRET_<CLINIC> (then LOGOSW_AGENT_SECRET), via get_credential;
- ConnectorSession instead of urlopen and a bare Session: a timeout on every call;
- an unreachable agent is logged at warning with the reason, not just a False.
"""
from __future__ import annotations

import logging

from apps.collection.models import CollectionAgent
from apps.core.connectors import connector_session
from integration_lint.runtime import ConnectorSession, TransientError, get_credential, retry

CONNECTOR = "logosw"
logger = logging.getLogger(__name__)


def agent_session(agent: CollectionAgent) -> ConnectorSession:
    # Agent traffic stays inside the clinic's VPN; the CSV files themselves are kept as ImportBatch
    # files with their sha256, so the raw-response store is not needed here.
    session = connector_session(CONNECTOR, agent.base_url, holder=agent.clinic, keep_raw=False)
    session.headers["X-Agent-Secret"] = get_credential(CONNECTOR, "agent_secret", tenant=agent.clinic).reveal()
    return session


def agent_is_alive(agent: CollectionAgent) -> bool:
    try:
        return agent_session(agent).get("health").json().get("status") == "ok"
    except TransientError as exc:
        logger.warning("collection agent %s unreachable: %s", agent, exc)
        return False


@retry
def list_pending_exports(agent: CollectionAgent) -> list[dict]:
    return agent_session(agent).get("exports", params={"state": "pending"}).json()["exports"]


@retry
def download_export(agent: CollectionAgent, export: dict) -> bytes:
    return agent_session(agent).get(f"exports/{export['id']}/file").content
