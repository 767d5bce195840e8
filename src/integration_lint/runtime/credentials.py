"""Credential lookup: env vars prefixed per connector (and tenant), or a registered secret store."""

from __future__ import annotations

import hmac
import os
import re
import threading
from collections.abc import Callable

from .errors import PermanentError

SecretProvider = Callable[[str], "str | None"]
"""A secret-store hook: given a variable name such as ``PENNYLANE_TOKEN_ACME``, return the
value or ``None`` when the store does not have it."""

_providers: list[tuple[str, SecretProvider]] = []
_providers_lock = threading.Lock()


class Secret:
    """A credential value that never shows itself in ``repr``, ``str``, f-strings or logs.

    Call ``.reveal()`` at the single place the value is sent (a header, an auth tuple).
    """

    __slots__ = ("_value", "name", "source")

    def __init__(self, value: str, *, name: str = "secret", source: str = "") -> None:
        self._value = value
        self.name = name
        self.source = source

    def reveal(self) -> str:
        return self._value

    def __repr__(self) -> str:
        return f"Secret({self.name}='**********')"

    def __str__(self) -> str:
        return "**********"

    def __format__(self, spec: str) -> str:
        return "**********"

    def __eq__(self, other: object) -> bool:
        if isinstance(other, Secret):
            return hmac.compare_digest(self._value.encode(), other._value.encode())
        return NotImplemented

    def __hash__(self) -> int:
        return hash(self._value)

    def __bool__(self) -> bool:
        return bool(self._value)

    def __reduce__(self):  # pickling would write the value in clear; refuse it
        raise TypeError("Secret values cannot be pickled; look the credential up where it is used")

    def __copy__(self) -> Secret:  # immutable: copies are the same object
        return self

    def __deepcopy__(self, memo: dict) -> Secret:
        return self


class MissingCredentialError(PermanentError, LookupError):
    """No env var nor secret store had the credential; ``tried`` lists every variable name."""

    def __init__(self, connector: str, name: str, tried: list[str]) -> None:
        self.connector = connector
        self.credential = name
        self.tried = list(tried)
        sources = ["environment"] + [label for label, _ in _providers]
        super().__init__(
            f"missing credential {name!r} for connector {connector!r}: "
            f"tried {', '.join(self.tried)} in {', '.join(sources)}"
        )

    def __reduce__(self):
        return (type(self), (self.connector, self.credential, self.tried), self.__dict__)


def _upper_snake(part: str) -> str:
    snake = re.sub(r"(?<=[a-z0-9])(?=[A-Z])", "_", part.strip())
    return re.sub(r"[^0-9A-Za-z]+", "_", snake).strip("_").upper()


def credential_variable_names(connector: str, name: str, *, tenant: str | None = None) -> list[str]:
    """The variables tried, in order: ``{CONNECTOR}_{NAME}_{TENANT}`` (with a tenant), then
    ``{CONNECTOR}_{NAME}``. The tenant-less fallback lets one key serve every tenant."""
    base = f"{_upper_snake(connector)}_{_upper_snake(name)}"
    if tenant:
        return [f"{base}_{_upper_snake(tenant)}", base]
    return [base]


def register_secret_provider(provider: SecretProvider, *, name: str | None = None) -> Callable[[], None]:
    """Register a secret-store lookup consulted after the environment, in registration order.

    Returns a function that unregisters it (handy in tests and app shutdown hooks).
    """
    label = name or getattr(provider, "__qualname__", None) or repr(provider)
    entry = (label, provider)
    with _providers_lock:
        _providers.append(entry)

    def unregister() -> None:
        with _providers_lock:
            if entry in _providers:
                _providers.remove(entry)

    return unregister


def get_credential(connector: str, name: str, *, tenant: str | None = None) -> Secret:
    """Look up a connector credential, e.g. ``get_credential("pennylane", "token", tenant="acme")``
    reads ``PENNYLANE_TOKEN_ACME`` then ``PENNYLANE_TOKEN``, from the environment first and then
    from each registered secret provider. Empty values count as missing."""
    tried = credential_variable_names(connector, name, tenant=tenant)
    with _providers_lock:
        providers = list(_providers)
    for variable in tried:
        value = os.environ.get(variable)
        if value:
            return Secret(value, name=variable, source="environment")
        for label, provider in providers:
            value = provider(variable)
            if value:
                return Secret(value, name=variable, source=label)
    raise MissingCredentialError(connector, name, tried)
