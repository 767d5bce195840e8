"""Posts short messages to the ops Slack channel."""
from __future__ import annotations

from apps.core import http

# Deviation: nothing in the name says "secret", but the value has Slack's bot-token format.
OPS_SLACK = {"channel": "#integrations", "bot": "xoxb-2847159306-4829173650184-Zq8rT3vLm9XpW2sKd7YbN4cF"}  # expect: IL101


def notify_ops(text: str) -> None:
    http.post(
        "https://slack.com/api/chat.postMessage",
        json={"channel": OPS_SLACK["channel"], "text": text},
        headers={"Authorization": f"Bearer {OPS_SLACK['bot']}"},  # ok: a template, not a literal token
    )
