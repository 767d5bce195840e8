"""A thin HTTP wrapper with a default timeout.

Listed in `http-clients`, so integration-lint treats `http.get(...)` and friends as outbound
calls (a view or task calling them is judged like one calling `requests`).
"""
from __future__ import annotations

from typing import Any

import requests

DEFAULT_TIMEOUT = (3.05, 30)


def request(method: str, url: str, *, timeout: Any = DEFAULT_TIMEOUT, **kwargs: Any) -> requests.Response:
    return requests.request(method, url, timeout=timeout, **kwargs)


def get(url: str, **kwargs: Any) -> requests.Response:
    return request("GET", url, **kwargs)


def post(url: str, **kwargs: Any) -> requests.Response:
    return request("POST", url, **kwargs)
