from __future__ import annotations

import logging
import pickle

import pytest

from integration_lint.runtime import (
    MissingCredentialError,
    PermanentError,
    Secret,
    get_credential,
    register_secret_provider,
)


def test_reads_connector_prefixed_env_var(monkeypatch):
    monkeypatch.setenv("DOCTOLIB_API_KEY", "k-123456")
    secret = get_credential("doctolib", "api_key")
    assert secret.reveal() == "k-123456"
    assert secret.name == "DOCTOLIB_API_KEY"
    assert secret.source == "environment"


def test_tenant_variable_wins_over_the_connector_wide_one(monkeypatch):
    monkeypatch.setenv("PENNYLANE_TOKEN", "shared")
    monkeypatch.setenv("PENNYLANE_TOKEN_ACME", "acme-only")
    assert get_credential("pennylane", "token", tenant="acme").reveal() == "acme-only"
    assert get_credential("pennylane", "token", tenant="Other Co").reveal() == "shared"


def test_names_are_upper_snake_cased(monkeypatch):
    monkeypatch.setenv("COMPANY_REGISTRY_CLIENT_SECRET_BIG_CORP", "s")
    assert get_credential("company-registry", "clientSecret", tenant="big corp").reveal() == "s"


def test_missing_credential_names_every_variable_tried(monkeypatch):
    monkeypatch.delenv("PENNYLANE_TOKEN_ACME", raising=False)
    monkeypatch.delenv("PENNYLANE_TOKEN", raising=False)
    with pytest.raises(MissingCredentialError) as info:
        get_credential("pennylane", "token", tenant="acme")
    assert info.value.tried == ["PENNYLANE_TOKEN_ACME", "PENNYLANE_TOKEN"]
    assert "tried PENNYLANE_TOKEN_ACME, PENNYLANE_TOKEN in environment" in str(info.value)
    assert isinstance(info.value, PermanentError)  # retrying cannot fix configuration


def test_empty_env_value_counts_as_missing(monkeypatch):
    monkeypatch.setenv("DOCTOLIB_API_KEY", "")
    with pytest.raises(MissingCredentialError):
        get_credential("doctolib", "api_key")


def test_secret_provider_is_consulted_after_the_environment(monkeypatch):
    monkeypatch.delenv("VAULTED_TOKEN", raising=False)
    asked: list[str] = []

    def vault(variable: str) -> str | None:
        asked.append(variable)
        return {"VAULTED_TOKEN": "from-vault"}.get(variable)

    unregister = register_secret_provider(vault, name="vault")
    try:
        secret = get_credential("vaulted", "token", tenant="t1")
        assert secret.reveal() == "from-vault"
        assert secret.source == "vault"
        assert asked == ["VAULTED_TOKEN_T1", "VAULTED_TOKEN"]
        monkeypatch.setenv("VAULTED_TOKEN", "from-env")
        assert get_credential("vaulted", "token").reveal() == "from-env"
    finally:
        unregister()
    monkeypatch.delenv("VAULTED_TOKEN")
    with pytest.raises(MissingCredentialError) as info:
        get_credential("vaulted", "token")
    assert str(info.value).endswith("in environment")  # unregistered: no longer listed as a source


def test_secret_never_shows_its_value(monkeypatch, caplog):
    monkeypatch.setenv("DOCTOLIB_API_KEY", "sk_live_abcdef123456")
    secret = get_credential("doctolib", "api_key")
    with caplog.at_level(logging.INFO):
        logging.getLogger("test").info("using %s / %r / %s", secret, secret, f"{secret}")
    rendered = [repr(secret), str(secret), f"{secret}", f"{secret}", caplog.text, repr([secret])]
    assert all("sk_live" not in text and "abcdef" not in text for text in rendered)
    assert "DOCTOLIB_API_KEY" in repr(secret)
    with pytest.raises(TypeError):
        pickle.dumps(secret)


def test_secrets_compare_by_value_without_revealing():
    assert Secret("a") == Secret("a")
    assert Secret("a") != Secret("b")
    assert not Secret("")


def test_copying_a_secret_keeps_it_without_exposing_it():
    import copy

    secret = Secret("value", name="X_TOKEN")
    assert copy.copy(secret) is secret and copy.deepcopy({"s": secret})["s"] is secret
