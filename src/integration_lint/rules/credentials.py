"""IL101 hardcoded-credential, IL102 credential-default-in-env-lookup, IL103 connector-env-var-prefix.

What counts as a secret-like name, a secret-looking value and a well-known token format lives in
`credentials_shapes`; this module finds the *places* a literal can hide a credential and builds the
messages (never the secret in full) and the fixes. The finding's fingerprint snippet is a hash of
the literal, so no cache file or baseline stores the secret either.
"""

from __future__ import annotations

import ast
import hashlib
import re
from dataclasses import dataclass

from ..analysis import parameter_defaults
from ..model import UNSAFE, Edit, Fix
from .base import Rule, example, register
from .credentials_shapes import (
    TOKEN_GATE,
    auth_header_secret,
    env_var_name,
    find_token,
    is_high_entropy,
    is_key_name,
    is_secret_name,
    looks_like_secret_value,
    redact,
    split_words,
    token_format,
    url_credentials,
)

GUIDELINE = "credentials"
ENV_CASTS = frozenset(
    "str bool int float json list tuple dict url db_url db cache_url cache email_url email "
    "search_url path get_value bytes decimal".split()
)
CONFIG_FUNCTIONS = frozenset(
    {
        "config", "get_env", "get_env_var", "get_env_variable", "env_var", "get_env_setting",
        "getenv_or_default", "get_secret", "read_secret", "envsecret", "env_secret",
    }
)
ENV_CALLABLES = frozenset({"env", "Env", "ENV"})
AUTH_KEYWORDS = frozenset({"auth", "basic_auth", "http_auth", "proxy_auth", "httpauth"})
BASIC_AUTH_CLASSES = ("BasicAuth", "DigestAuth", "ProxyAuth", "HTTPBasicAuth", "HTTPDigestAuth", "HTTPProxyAuth")
AUTH_HEADERS = frozenset({"authorization", "proxy-authorization"})
ENUM_BASE_SUFFIXES = ("Enum", "Choices", "Flag")
# Words dropped when a callee's name qualifies a bare keyword (`PennylaneClient(token=…)` →
# `PENNYLANE_TOKEN`).
GENERIC_CALLEE_WORDS = frozenset(
    "client clients api apis session sessions auth connection connect conn get post put create init "
    "self cls http https basic requests the new make build service services sdk wrapper from with "
    "login open request".split()
)
# Example secrets, assembled at import time so that this module's own source holds none (the
# project lints itself); `_ex` puts them into example code at `@NAME@` markers.
_EXAMPLE_SECRETS = {
    "SLACK": "xoxb-" + "2847159306-4829173650184-Zq8rT3vLm9XpW2sKd7YbN4cF",
    "AWS": "AKIA" + "4Q7RZ2MX8JTN5KWB",
    "REDIS": "redis://:" + "Xk29fLq0pZ@cache.internal:6379/0",
    "PG": "postgres://app:" + "Pg-2024-prod@db.internal:5432/app",
}


def _ex(code: str) -> str:
    for name, value in _EXAMPLE_SECRETS.items():
        code = code.replace(f"@{name}@", value)
    return code


ADVICE = "read it from the environment or a secret store (`integration_lint.runtime.get_credential`)"


# ----------------------------------------------------------------------------- small helpers
def dotted(expr: ast.AST) -> str | None:
    parts = []
    while isinstance(expr, ast.Attribute):
        parts.append(expr.attr)
        expr = expr.value
    if isinstance(expr, ast.Name):
        parts.append(expr.id)
        return ".".join(reversed(parts))
    return None


def str_value(node: ast.AST | None) -> str | None:
    """A string/bytes literal's text; an f-string without placeholders counts as a literal."""
    if isinstance(node, ast.Constant):
        if isinstance(node.value, str):
            return node.value
        if isinstance(node.value, bytes):
            return node.value.decode("latin-1")
    elif isinstance(node, ast.JoinedStr) and all(
        isinstance(v, ast.Constant) and isinstance(v.value, str) for v in node.values
    ):
        return "".join(v.value for v in node.values)  # type: ignore[attr-defined]
    return None


def context_name(parents: list[ast.AST], node: ast.AST) -> tuple[str, list[str]] | None:
    """The name an expression is bound to: the dict key, keyword or assignment target nearest
    to it (`{"PASSWORD": os.getenv(…)}` → PASSWORD), or None (a positional argument, …)."""
    child = node
    for parent in reversed(parents):
        if isinstance(parent, ast.Dict):
            for key, value in zip(parent.keys, parent.values):
                if value is child:
                    text = str_value(key)
                    return (text, split_words(text)) if text else None
            return None
        if isinstance(parent, ast.keyword):
            return (parent.arg, split_words(parent.arg)) if parent.arg else None
        if isinstance(parent, (ast.Assign, ast.AnnAssign)):
            target = parent.targets[0] if isinstance(parent, ast.Assign) else parent.target
            return target_name(target)
        if isinstance(parent, (ast.stmt, ast.Call, ast.Subscript, ast.Lambda, ast.comprehension)):
            return None
        child = parent
    return None


def _singular(word: str) -> str:
    return word[:-1] if len(word) > 4 and word.endswith("s") and not word.endswith("ss") else word


def _digest(value: str) -> str:
    return hashlib.sha256(value.encode("utf-8", "surrogatepass")).hexdigest()[:24]


@dataclass(frozen=True)
class EnvLookup:
    """`os.getenv(K, D)`, `os.environ.get(K, D)`, `env(K, default=D)`, `config(K, default=D)`…"""

    style: str  # "os" (getenv/environ.get), "setdefault", "env" (django-environ), "config"
    key: ast.AST | None
    default: ast.AST | None
    default_arg: ast.AST | None  # the argument node holding the default (keyword or positional)


CONFIG_RECEIVERS = frozenset({"config", "conf", "cfg", "appconfig", "app_config"})


def _imports_environs(ctx) -> bool:
    """django-environ's `env("KEY", cast)` takes a cast positionally; environs' takes the default."""
    return any(v == "environs" or v.startswith("environs.") for v in ctx.scopes[0].imports.values())


def env_lookup(ctx, call: ast.Call) -> EnvLookup | None:
    func = call.func
    if not isinstance(func, (ast.Name, ast.Attribute)):
        return None
    last = func.id if isinstance(func, ast.Name) else func.attr
    if last not in ENV_CASTS and last not in CONFIG_FUNCTIONS and last not in ENV_CALLABLES and last not in (
        "getenv", "get", "setdefault"
    ):
        return None  # cheap exit for the vast majority of calls
    resolved = ctx.resolve_call(call) or dotted(func) or ""
    parts = resolved.split(".")
    last = parts[-1]
    second = parts[-2] if len(parts) > 1 else ""
    if last == "getenv" or (second == "environ" and last == "get"):
        style = "os"
    elif second == "environ" and last == "setdefault":
        style = "setdefault"
    elif last in ENV_CALLABLES:
        style = "env"
    elif last in CONFIG_FUNCTIONS or (second in ENV_CALLABLES and last in ENV_CASTS):
        style = "config"
    elif last == "get" and second.lower() in CONFIG_RECEIVERS and any(kw.arg == "default" for kw in call.keywords):
        style = "config"  # `config.get("secret_key", default="…")`: an ini/app config lookup
    else:
        return None
    if style == "env" and _imports_environs(ctx):
        style = "config"  # environs' `env("KEY", "default")` takes the default positionally
    key = call.args[0] if call.args else None
    default: ast.AST | None = None
    default_arg: ast.AST | None = None
    for kw in call.keywords:
        if kw.arg in ("var", "key", "option", "name") and key is None:
            key = kw.value
        elif kw.arg == "default":
            default, default_arg = kw.value, kw
    if default is None and style != "env" and len(call.args) > 1:
        default = default_arg = call.args[1]
    return EnvLookup(style, key, default, default_arg)


def env_key_text(node: ast.AST | None) -> str | None:
    """The env-var name, or the literal head of an f-string key (`f"PENNYLANE_TOKEN_{slug}"`)."""
    text = str_value(node)
    if text is not None:
        return text
    if isinstance(node, ast.JoinedStr) and node.values:
        return str_value(node.values[0])
    return None


def assigned_name(parents: list[ast.AST]) -> tuple[str, list[str]] | None:
    """The variable an expression is (part of) the value of: nearest enclosing assignment."""
    for parent in reversed(parents):
        if isinstance(parent, (ast.Assign, ast.AnnAssign)):
            target = parent.targets[0] if isinstance(parent, ast.Assign) else parent.target
            return target_name(target)
        if isinstance(parent, (ast.stmt,)):
            return None
    return None


def target_name(target: ast.AST) -> tuple[str, list[str]] | None:
    """(shown name, words for the env var) of an assignment target, or None."""
    if isinstance(target, ast.Name):
        return target.id, split_words(target.id)
    if isinstance(target, ast.Attribute):
        return dotted(target) or target.attr, split_words(target.attr)
    if isinstance(target, ast.Subscript):
        key = str_value(target.slice)
        if key is None:
            return None
        base = target.value
        while isinstance(base, ast.Subscript):
            base = base.value
        base_text = dotted(base) or ""
        key_words = split_words(key)
        if len(key_words) < 2 and base_text:
            base_words = split_words(base_text.rsplit(".", 1)[-1])
            key_words = [_singular(w) for w in base_words[-1:]] + key_words
        return f"{base_text}[…][{key!r}]" if isinstance(target.value, ast.Subscript) else f"{base_text}[{key!r}]", key_words
    return None


# ----------------------------------------------------------------------------- IL101
@dataclass(frozen=True)
class Verdict:
    what: str  # "credential", "Slack token", "password in URL", …
    shown: str  # redacted display
    env_words: tuple[str, ...]  # suggested env-var words when no target name helps
    whole_url: bool = False


def classify(
    value: str,
    name_words: list[str] | None,
    markers: tuple[str, ...],
    names_are_values: bool = False,
    entropy_only: bool = False,
) -> Verdict | None:
    """Is this literal a secret? `name_words` is None when no secret-like name holds it."""
    found = find_token(value, markers)
    if found is not None:
        fmt, token = found
        return Verdict(fmt.kind, redact(token), tuple(split_words(fmt.env_name)))
    if "://" in value:
        uc = url_credentials(value, markers)
        if uc is None:
            return None
        what = "password embedded in URL" if uc.kind == "password" else "secret in URL query"
        scheme = uc.scheme or "service"
        words = ("database", "url") if scheme.startswith(("postgres", "mysql", "mariadb", "oracle", "mssql", "sqlite")) else (
            (scheme.split("+")[0], "url") if scheme not in ("http", "https") else ("service", "url")
        )
        return Verdict(what, f'"{uc.shown}"', words, whole_url=True)
    if name_words is None:
        return None
    if entropy_only:  # `transaction_key = "2iJRV1Oo…"`: only a random-looking value is a secret
        if is_high_entropy(value) and looks_like_secret_value(value, name_words, markers):
            return Verdict("credential", redact(value), tuple(name_words))
        return None
    if looks_like_secret_value(value, name_words, markers, names_are_values):
        return Verdict("credential", redact(value), tuple(name_words))
    return None


_TEST_WORDS = frozenset({"test", "tests", "testing"})


def in_test_scope(ctx) -> bool:
    """Inside a class or function named for tests (`class TestingConfig`, `def create_test_user`):
    test data, like a file under `tests/` (the default per-file-ignores). A function whose name
    *starts* with `test` is not enough: `def test_connection(self)` is a connector's own health
    check, and a pytest function lives in a test file the per-file-ignores already skip."""
    for scope in ctx.scopes:
        if scope.kind == "module":
            continue
        words = split_words(scope.name)
        if scope.kind == "function" and words and words[0] in _TEST_WORDS:
            words = words[1:]
        if not _TEST_WORDS.isdisjoint(words):
            return True
    return False


def is_env_default(ctx, node: ast.AST) -> bool:
    """Is this literal the fallback of an env lookup (IL102's business, not IL101's)?"""
    parents = ctx.parents
    if not parents:
        return False
    parent = parents[-1]
    if isinstance(parent, ast.keyword) and len(parents) > 1:
        parent = parents[-2]
    if isinstance(parent, ast.Call):
        lookup = env_lookup(ctx, parent)
        return lookup is not None and lookup.default is node
    if isinstance(parent, ast.BoolOp) and isinstance(parent.op, ast.Or):
        return any(isinstance(v, ast.Call) and env_lookup(ctx, v) is not None for v in parent.values)
    return False


@register
class HardcodedCredential(Rule):
    """
    ## What it does
    Flags a secret written into the code: a string literal that is an API key, token, password,
    client secret or private key, found where credentials go —

    - assigned to a secret-like name or attribute (`API_KEY = …`, `self.token = …`,
      `SECRET_KEY = …` in `settings.py`, `DATABASES["default"]["PASSWORD"] = …`), including
      class attributes and annotated assignments;
    - passed as a secret-like keyword (`api_key=`, `password=`, `client_secret=`), as the password
      of `auth=("user", "pw")`, or of `HTTPBasicAuth("user", "pw")` / `HTTPDigestAuth` /
      `aiohttp.BasicAuth`;
    - as a value in a dict or headers literal under a secret-like key (`{"PASSWORD": …}`,
      `{"X-Api-Key": …}`, `{"Authorization": "Bearer …"}`, `"Token …"`, `"Basic …"`);
    - as the default of a secret-like parameter (`def connect(password="…")`);
    - compared with a secret-like name (`if token == "…"`), or passed to `set_password("…")`;
    - under a `*_key` name outside the credential vocabulary (`transaction_key`,
      `flex_shared_secret_key`) when the value is random-looking (≥ 20 characters mixing upper
      case, lower case and digits) — `routing_key = "task.default"` stays clean;
    - anywhere, when the literal is a URL/DSN with an embedded password
      (`postgres://app:pw@db/app`, `redis://:pw@cache`), a URL with a secret query parameter
      (`?api_key=…`), a webhook URL whose path is the token (Slack, Discord, Telegram), or a
      well-known token format (AWS `AKIA…`, Stripe `sk_live_…`, GitHub `ghp_…`, GitLab `glpat-…`,
      Slack `xox…`, Google `AIza…`, SendGrid `SG.…`, OpenAI, PEM private keys, JWTs).

    The finding sits on the literal. The message shows at most four leading characters and the
    length (`"sk_l…" (32 chars)`), never the secret.

    Not flagged: env and secret-store reads; env-var *names* (`"DOCTOLIB_API_KEY"`); empty
    strings; placeholders — values containing `changeme`, `your`, `xxx`, `<…>`, `example`, `dummy`,
    `placeholder`, `replace`, `todo`, `fake`, `sample`, `redacted` (plus the `placeholders`
    option), or equal to `secret`, `password`, `test`, `none`, `foo`, `baz`, `xyz`, …; masks (`"****"`); templates
    (`f"Bearer {token}"`, `"Token %s"`, `"{password}"`); messages and labels (values with spaces:
    `"Invalid password"`); field and key names (`"access_token"`, `PASSWORD_FIELD = "password"`);
    dotted import paths (`PASSWORD_HASHERS`); file names and paths (`"secrets.json"`); URLs
    without credentials (`TOKEN_URL = "https://…/oauth/token"`); `password=None`; enum/choices
    members (`class AuthType(TextChoices): TOKEN = "tok"`); docstrings. Weak passwords such as
    `"temba"` or `"111111"` *are* flagged: they are still credentials in code.

    Decisions on ambiguous shapes:
    - **Django `SECRET_KEY`**, including `"django-insecure-…"` keys generated by `startproject`,
      is a credential: it signs sessions and password-reset tokens.
    - **Salts** (`salt="…"`, `SIGNING_SALT`) are not credentials: Django uses them as namespaces,
      and knowing one does not let anyone sign anything.
    - **Client ids, publishable/public keys, usernames** are not credentials
      (`STRIPE_PUBLISHABLE_KEY = "pk_live_…"`, `CLIENT_ID = "…"`); their secrets are.
    - **Password hashes** (`PASSWORD_HASH = "pbkdf2_sha256$…"`) are not flagged: the head word
      `hash` says the value is derived.
    - **Sentry-style DSNs** with only a public key before `@` (`https://abc@o1.ingest.sentry.io/1`)
      are not flagged; a `user:password@` pair is.
    - **Dev secrets** without a marker (`"lms-secret"`, `"acme-sso-secret"`, `"shh"`) are
      flagged: they are live credentials wherever the settings module is used. A lower-case
      slug *without* a credential word (`"permission-denied"`, `"x-oauth-basic"`) is not.
    - **Comparisons** with a literal are flagged (a hard-coded credential check); sentinels
      such as `"$encrypted$"` are not.
    - **One-character values** (`HTTPBasicAuth(api_key, "x")`) are token-as-user conventions,
      not passwords; command-line options and sentinels (`{"password": "-p"}`,
      `password == "-1"`) are not passwords either.
    - **Grammar tokens**: under a name whose only credential word is `token`, a plain word
      (`token == "keyword"`, `def bump(version, token="rc")`, `_COLUMN_TOKEN = "column"`,
      `"Slug"`) or a regex (`token = r"[-!#…]+"`) is a lexer, version or pagination token, never
      an API token. A *password* may be a plain word (`"temba"`), so this is decided on the name.
      The fallback of an env lookup is still judged as a credential (IL102:
      `os.environ.get("ENKETO_API_TOKEN", "enketorules")`).
    - A word **after** the credential word says what about it the name holds
      (`TOKEN_PREFIX_OAUTH`, `token_symbol`, `SAFE_TOKEN_ID`, `password_reset_answer_1`), and so
      does the last word (`TOKEN_URL`); neither name holds a credential. Under key names
      (`access_key`, `X-Api-Key`) a plain word is not a key either.
    - Values that cannot be used as a credential: Django password hashes (`pbkdf2_sha256$…`),
      publishable keys (`pk_live_…`, `pk.eyJ…`), CI var references (`((git-private-key))`),
      date formats (`"%Y%m%d"`), sentinels (`"__app__"`), prefixes (`"indo_"`), repeated
      letters (`"YYY"`).
    - **`pass`** is a credential word only as the last word or in `pass_phrase`/`pass_word`/
      `pass_code` (`DB_PASS`, `smtp_pass`); `pass_arg`, `PASS_IAE_STATUS` or
      `API_PASS_SUCCESS` speak of a pass.
    - An f-string **without placeholders** (`f"redis://:pw@cache"`) is a plain literal.
    - Positional literals with no name (`jwt.encode(payload, "k")`) are flagged only in a
      well-known token format or as a URL with a password.
    - Test code is skipped: by the default `per-file-ignores` (`tests/**`, `test_*.py`,
      `conftest.py`, test-support folders such as `test_*/`, `*_test/`, `testing/`,
      `test/`, `fixtures/`, `fixtures.py`, `mocks/`, `factories.py`, `testapp/`, behave
      `features/steps/`, `*_test_*.py`, `testsettings.py`, `settings/pytest*.py`), and
      inside a class or function named for tests (`class TestingConfig`,
      `def create_test_user`).

    ## Why is this bad?
    A credential in code is in every clone, fork, backup, CI log and container image, and it
    cannot be rotated without a deploy. The integrations guideline keeps connector credentials
    in env vars prefixed per connector (`DOCTOLIB_API_KEY`) or in a secret store — never in code
    or `settings.py` ([guideline](../guidelines/integrations.md#credentials)).

    ## Example
    ```python
    STRIPE_API_KEY = "sk_live_51HxQb2KZ8vT4mN7pR3sW9yF"
    client = PennylaneClient(token="pl_9c4f1a7e3b5d2c8f6a0e4b9d1c7f3a5e")
    ```

    ## Use instead
    ```python
    import os
    from integration_lint.runtime import get_credential

    STRIPE_API_KEY = os.environ["STRIPE_API_KEY"]
    client = PennylaneClient(token=get_credential("pennylane", "token", tenant=company.slug).reveal())
    ```

    ## Fix safety
    The fix replaces the literal with `os.environ["<NAME>"]` (adding `import os`), named after the
    target (`SECRET_KEY`, `DATABASE_PASSWORD`) and, in a configured connector's code, prefixed with
    its `env-prefix` (`DOCTOLIB_API_KEY`); an `Authorization` value keeps its scheme
    (`"Bearer " + os.environ["DOCTOLIB_API_TOKEN"]`), a URL with a password becomes one env var
    for the whole URL. The fix title names the variable to set. It is unsafe: the program now
    fails with `KeyError` until that variable is set, and the old secret must still be rotated —
    it stays in the history. No fix is offered for parameter defaults, comparisons, f-strings
    or literals that set `os.environ`.

    ## Options
    - `placeholders`: extra markers that announce a value is not a secret (`["changeme"]`).
    - `connectors.<name>.env-prefix`: the prefix the fix uses in that connector's paths.
    - `per-file-ignores`: tests are ignored by default (`"tests/**" = ["IL101", "IL102"]`).
    """

    code = "IL101"
    name = "hardcoded-credential"
    family = "credentials"
    summary = "A credential (key, token, password, private key) written as a literal in code"
    guideline = GUIDELINE
    # Every reported literal is held by a secret-like name (keyword, target, dict key, parameter:
    # all contain one of the words below), or carries a URL (`://`) or a token-format marker.
    # The token-format gate is the one `find_token` itself requires before any format regex.
    prefilter = re.compile(
        rb"pass|pwd|secret|token|credential|key|auth|://|" + TOKEN_GATE.pattern.lower().encode("ascii")
    )
    prefilter_folded = True

    valid = (
        example(
            """
            import os
            DOCTOLIB_API_KEY = os.environ["DOCTOLIB_API_KEY"]
            API_KEY_VAR = "DOCTOLIB_API_KEY"
            SENTRY_DSN = os.getenv("SENTRY_DSN")
            """,
            "env_reads_and_env_var_names",
        ),
        example(
            """
            EMAIL_HOST_PASSWORD = ""
            API_TOKEN = "changeme"
            STRIPE_KEY = "<your stripe key>"
            CLIENT_SECRET = "xxxxxxxx"
            DB_PASSWORD = "password"
            """,
            "empty_and_placeholder_values",
        ),
        example(
            """
            def headers(token):
                return {"Authorization": f"Bearer {token}", "X-Api-Key": "%s" % token}
            """,
            "templates",
        ),
        example(
            """
            PASSWORD_FIELD = "password"
            TOKEN_URL = "https://auth.example.org/oauth/token"
            PASSWORD_HASHERS = ["django.contrib.auth.hashers.Argon2PasswordHasher"]
            SECRET_FILE = "secrets.json"
            AUTH_HEADER = "X-Api-Key"
            PASSWORD_RESET_TIMEOUT = 3600
            """,
            "names_about_a_credential",
        ),
        example(
            """
            from django import forms

            class LoginForm(forms.Form):
                password = forms.CharField(label="Password", widget=forms.PasswordInput)

            ERRORS = {"password": "Enter your password"}
            TOKEN_FIELDS = ("token", "refresh_token")
            """,
            "form_fields_and_labels",
        ),
        example(
            """
            def connect(host, password=None, token=""):
                return host
            """,
            "none_and_empty_parameter_defaults",
        ),
        example(
            """
            from django.db import models

            class Credential(models.TextChoices):
                PASSWORD = "pw", "Password"
                API_TOKEN = "tok", "API token"
            """,
            "choices_members",
        ),
        example(
            """
            from django.core import signing
            STRIPE_PUBLISHABLE_KEY = "pk_live_51HxQb2KZ8vT4mN7pR3sW9yF"
            OAUTH_CLIENT_ID = "1043857-abcd.apps.googleusercontent.com"
            value = signing.dumps({"id": 1}, salt="apps.sync.invite")
            SENTRY_DSN = "https://4f1c2a7e9b@o12345.ingest.sentry.io/6789"
            """,
            "public_identifiers_salts_and_public_dsn",
        ),
        example(
            """
            AWS_KEY = "AKIAIOSFODNN7EXAMPLE"
            STRIPE = "sk_live_xxxxxxxxxxxxxxxxxxxxxxxx"
            """,
            "documented_example_tokens",
        ),
    )
    invalid = (
        example(
            """
            SECRET_KEY = "q8#v2m!x7k@p4z9w$e1r6t3y0u5i8o2a7s4d9f1g6h3j"
            """,
            "django_secret_key",
            path="proj/settings.py",
            lines=(1,),
            fixed="""
            import os

            SECRET_KEY = os.environ["SECRET_KEY"]
            """,
            unsafe=True,
        ),
        example(
            """
            DATABASES = {
                "default": {
                    "ENGINE": "django.db.backends.postgresql",
                    "USER": "clinic",
                    "PASSWORD": "Cl1n1c-db-2024!",
                }
            }
            """,
            "database_password_in_settings_dict",
            path="proj/settings/production.py",
            lines=(5,),
            fixed="""
            import os

            DATABASES = {
                "default": {
                    "ENGINE": "django.db.backends.postgresql",
                    "USER": "clinic",
                    "PASSWORD": os.environ["DATABASE_PASSWORD"],
                }
            }
            """,
            unsafe=True,
        ),
        example(
            """
            DATABASES["default"]["PASSWORD"] = "temba"
            EMAIL_HOST_PASSWORD = "111111"
            """,
            "weak_passwords_in_settings",
            path="proj/settings.py",
            lines=(1, 2),
        ),
        example(
            """
            class DoctolibClient:
                def __init__(self):
                    self.api_key = "dk_live_4f8a2c9e7b1d3f5a6c8e0b2d4f6a8c1e"
            """,
            "attribute_in_connector_code",
            path="apps/sync/client.py",
            config={"connectors": {"doctolib": {"paths": ["apps/sync"], "env-prefix": "DOCTOLIB_"}}},
            lines=(3,),
            fixed="""
            import os

            class DoctolibClient:
                def __init__(self):
                    self.api_key = os.environ["DOCTOLIB_API_KEY"]
            """,
            unsafe=True,
        ),
        example(
            """
            from apps.pennylane.client import PennylaneClient
            client = PennylaneClient(token="pl_9c4f1a7e3b5d2c8f6a0e4b9d1c7f3a5e")
            """,
            "secret_keyword_argument",
            lines=(2,),
            fixed="""
            from apps.pennylane.client import PennylaneClient
            import os

            client = PennylaneClient(token=os.environ["PENNYLANE_TOKEN"])
            """,
            unsafe=True,
        ),
        example(
            """
            import requests
            from requests.auth import HTTPBasicAuth
            requests.get("https://rne.example/api", auth=("clinic", "Rne-2024!x"), timeout=5)
            requests.get("https://rne.example/api", auth=HTTPBasicAuth("clinic", "Rne-2024!x"), timeout=5)
            """,
            "basic_auth_tuple_and_class",
            lines=(3, 4),
        ),
        example(
            """
            HEADERS = {"Authorization": "Bearer 9f2c4e7a1b3d5f60718293a4b5c6d7e8f9a0b1c2", "Accept": "application/json"}
            """,
            "bearer_header_literal",
            path="apps/annuaire/client.py",
            config={"connectors": {"inpi": {"paths": ["apps/annuaire"], "env-prefix": "INPI_"}}},
            lines=(1,),
            fixed="""
            import os

            HEADERS = {"Authorization": "Bearer " + os.environ["INPI_API_TOKEN"], "Accept": "application/json"}
            """,
            unsafe=True,
        ),
        example(
            """
            headers = {"X-Api-Key": "a1b2c3d4e5f6a7b8c9d0", "Private-Token": "Zq8rT3vLm9XpW2sK"}
            """,
            "api_key_headers",
            lines=(1,),
        ),
        example(
            """
            def connect(host, password="s3cr3t-Pa55"):
                return host
            """,
            "secret_parameter_default",
            lines=(1,),
        ),
        example(
            _ex("""
            CELERY_BROKER_URL = "@REDIS@"
            DATABASE_URL = "@PG@"
            """),
            "urls_with_embedded_passwords",
            lines=(1, 2),
            fixed="""
            import os

            CELERY_BROKER_URL = os.environ["CELERY_BROKER_URL"]
            DATABASE_URL = os.environ["DATABASE_URL"]
            """,
            unsafe=True,
        ),
        example(
            _ex("""
            NOTIFY = ["@SLACK@"]
            import boto3
            boto3.client("s3", "eu-west-1", "@AWS@")
            """),
            "well_known_token_formats_anywhere",
            lines=(1, 3),
        ),
        example(
            """
            def check(token):
                return token == "7d2f9a4c1e8b3f60"
            """,
            "comparison_with_a_literal",
            lines=(2,),
        ),
    )

    def __init__(self, ctx) -> None:
        super().__init__(ctx)
        self.markers = tuple(ctx.config.placeholders)
        connector = ctx.config.connector_for(ctx.relpath)
        self.prefix = connector.env_prefix if connector else ""
        self.seen: set[int] = set()

    # ------------------------------------------------------------------ reporting
    def _flag(
        self,
        node: ast.AST,
        verdict: Verdict,
        where: str | None,
        env_words: list[str] | tuple[str, ...] | None,
        fixable: bool = True,
        scheme: str = "",
    ) -> None:
        if id(node) in self.seen:
            return
        self.seen.add(id(node))
        if in_test_scope(self.ctx):
            return
        value = str_value(node) or ""
        words = list(env_words) if env_words else list(verdict.env_words)
        if verdict.whole_url and not (env_words and words and words[-1] in ("url", "uri", "dsn")):
            words = list(verdict.env_words)
        var = env_var_name(words, self.prefix)
        place = f" in `{where}`" if where else ""
        what = "hardcoded credential" if verdict.what == "credential" else f"hardcoded {verdict.what}"
        message = f"{what} {verdict.shown}{place}: {ADVICE}, e.g. `os.environ[\"{var}\"]`"
        fix = self._fix(node, var, scheme) if fixable and str_value(node) is not None else None
        self.report(node, message, fix=fix, snippet=f"{self.code}:{_digest(value)}")

    def _fix(self, node: ast.AST, var: str, scheme: str) -> Fix:
        line, col, end_line, end_col = self.ctx.position(node)
        lookup = f'os.environ["{var}"]'
        if isinstance(node, ast.Constant) and isinstance(node.value, bytes):
            lookup += ".encode()"
        if scheme:
            lookup = f'"{scheme} " + {lookup}'
        return Fix(
            UNSAFE,
            f"Replace the literal with `os.environ[\"{var}\"]` (set `{var}` in the environment, then rotate the old secret)",
            (Edit(line, col, end_line, end_col, lookup),),
            imports=(("os", None),),
        )

    def _check_named(
        self,
        value_node: ast.AST,
        shown_name: str,
        env_words: list[str],
        fixable: bool = True,
        entropy_only: bool = False,
    ) -> None:
        for const in literal_candidates(self.ctx, value_node):
            value = str_value(const)
            if value is None:
                continue
            verdict = classify(value, env_words, self.markers, entropy_only=entropy_only)
            if verdict is not None:
                self._flag(const, verdict, shown_name, env_words, fixable)

    def _in_enum_class(self) -> bool:
        scope = self.ctx.scope
        if scope.kind != "class" or not isinstance(scope.node, ast.ClassDef):
            return False
        for base in scope.node.bases:
            text = dotted(base) or ""
            if text.endswith(ENUM_BASE_SUFFIXES):
                return True
        return False

    # ------------------------------------------------------------------ assignments
    def visit_Assign(self, node: ast.Assign) -> None:
        for target in node.targets:
            self._assignment(target, node.value)

    def visit_AnnAssign(self, node: ast.AnnAssign) -> None:
        if node.value is not None:
            self._assignment(node.target, node.value)

    def _assignment(self, target: ast.AST, value: ast.AST) -> None:
        if not isinstance(value, (ast.Constant, ast.IfExp, ast.BoolOp, ast.JoinedStr)):
            return
        named = target_name(target)
        if named is None:
            return
        shown, words = named
        leaf = target.id if isinstance(target, ast.Name) else target.attr if isinstance(target, ast.Attribute) else str_value(target.slice)  # type: ignore[union-attr]
        if not leaf:
            return
        entropy_only = False
        if not is_secret_name(leaf):
            if not is_key_name(leaf):
                return
            entropy_only = True
        if isinstance(target, ast.Name) and self._in_enum_class():
            return
        fixable = True
        if isinstance(target, ast.Subscript) and (dotted(target.value) or "").endswith("environ"):
            fixable = False  # `os.environ["X_TOKEN"] = "…"`: replacing with a read makes no sense
        self._check_named(value, shown, words, fixable, entropy_only)

    # ------------------------------------------------------------------ calls
    def visit_keyword(self, node: ast.keyword) -> None:
        arg = node.arg
        if arg is None:
            return
        value = node.value
        if arg in AUTH_KEYWORDS and isinstance(value, (ast.Tuple, ast.List)) and len(value.elts) == 2:
            self._auth_pair(value.elts[1], "auth")
            return
        if arg.lower() in AUTH_HEADERS:
            self._auth_header(value, arg)
            return
        entropy_only = False
        if not is_secret_name(arg):
            if not is_key_name(arg):
                return
            entropy_only = True
        words = split_words(arg)
        if len(words) == 1 and len(self.ctx.parents) and isinstance(self.ctx.parents[-1], ast.Call):
            callee = dotted(self.ctx.parents[-1].func) or ""
            qualifier = [w for w in split_words(callee.replace(".", "_")) if w not in GENERIC_CALLEE_WORDS]
            if qualifier:
                words = [qualifier[0]] + words
        self._check_named(value, f"{arg}=", words, entropy_only=entropy_only)

    def visit_Call(self, node: ast.Call) -> None:
        func = node.func
        last = func.attr if isinstance(func, ast.Attribute) else func.id if isinstance(func, ast.Name) else ""
        if last.endswith(BASIC_AUTH_CLASSES) and len(node.args) >= 2:
            self._auth_pair(node.args[1], last)
        elif last == "set_password" and len(node.args) == 1:
            self._auth_pair(node.args[0], "set_password()")

    def _auth_pair(self, password: ast.AST, where: str) -> None:
        value = str_value(password)
        if value is None:
            return
        verdict = classify(value, ["password"], self.markers)
        if verdict is not None:
            self._flag(password, verdict, where, ["password"])

    def _auth_header(self, value_node: ast.AST, header: str) -> None:
        value = str_value(value_node)
        if value is None:
            return
        found = find_token(value, self.markers)
        token = auth_header_secret(value, self.markers)
        if found is None and token is None:
            return
        scheme = ""
        stripped = value.strip()
        if token is not None and token != stripped:
            scheme = stripped[: len(stripped) - len(token)].strip()
        verdict = Verdict(found[0].kind if found else "credential", redact(found[1] if found else token or value), ("api", "token"))
        self._flag(value_node, verdict, header, ["api", "token"], fixable=bool(re.fullmatch(r"[A-Za-z\-]*", scheme)), scheme=scheme)

    # ------------------------------------------------------------------ dicts
    def visit_Dict(self, node: ast.Dict) -> None:
        outer: tuple[str, list[str]] | None | bool = False
        for key, value in zip(node.keys, node.values):
            k = str_value(key)
            if not k or len(k) > 64 or " " in k:
                continue  # a label (`"ansible galaxy api token": …`), not a key name
            if k.lower() in AUTH_HEADERS:
                self._auth_header(value, k)
                continue
            entropy_only = False
            if not is_secret_name(k):
                if not is_key_name(k):
                    continue
                entropy_only = True
            words = [w for w in split_words(k) if w != "x"] if k[:2].lower() == "x-" else split_words(k)
            if len(words) < 2 and not self.prefix:
                if outer is False:
                    outer = assigned_name(self.ctx.parents)
                if outer:
                    base_words = outer[1]
                    if base_words and base_words[-1] not in words:
                        words = [_singular(base_words[-1])] + words
            self._check_named(value, f'"{k}"', words, entropy_only=entropy_only)

    # ------------------------------------------------------------------ defaults, comparisons
    def visit_FunctionDef(self, node: ast.FunctionDef | ast.AsyncFunctionDef | ast.Lambda) -> None:
        for arg, default in parameter_defaults(node.args):
            if isinstance(default, ast.Constant) and isinstance(default.value, (str, bytes)) and is_secret_name(arg.arg):
                self._check_named(default, f"{arg.arg}=", split_words(arg.arg), fixable=False)

    visit_AsyncFunctionDef = visit_FunctionDef
    visit_Lambda = visit_FunctionDef

    def visit_Compare(self, node: ast.Compare) -> None:
        if len(node.ops) != 1 or not isinstance(node.ops[0], (ast.Eq, ast.NotEq)):
            return
        left, right = node.left, node.comparators[0]
        for name_node, lit in ((left, right), (right, left)):
            if not isinstance(lit, ast.Constant):
                continue
            named = target_name(name_node) if isinstance(name_node, (ast.Name, ast.Attribute, ast.Subscript)) else None
            if named is None:
                continue
            leaf = name_node.id if isinstance(name_node, ast.Name) else name_node.attr if isinstance(name_node, ast.Attribute) else str_value(name_node.slice)  # type: ignore[union-attr]
            if leaf and is_secret_name(leaf):
                self._check_named(lit, named[0], named[1], fixable=False)

    # ------------------------------------------------------------------ anywhere
    def visit_Constant(self, node: ast.Constant) -> None:
        value = node.value
        if type(value) is not str or len(value) < 12 or id(node) in self.seen:
            return
        if "://" not in value and token_format(value, self.markers) is None:
            return
        parent = self.ctx.parents[-1] if self.ctx.parents else None
        if isinstance(parent, (ast.Expr, ast.JoinedStr)) or is_env_default(self.ctx, node):
            return  # docstrings, f-string parts (see visit_JoinedStr), IL102's literals
        verdict = classify(value, None, self.markers)
        if verdict is not None:
            named = assigned_name(self.ctx.parents) if isinstance(parent, (ast.Assign, ast.AnnAssign)) else None
            self._flag(node, verdict, named[0] if named else None, named[1] if named else None)

    def visit_JoinedStr(self, node: ast.JoinedStr) -> None:
        text = str_value(node)
        if text is not None:  # `f"redis://:pw@cache"`: no placeholder, so a plain literal
            if id(node) not in self.seen and len(text) >= 12:
                verdict = classify(text, None, self.markers)
                if verdict is not None and not is_env_default(self.ctx, node):
                    parent = self.ctx.parents[-1] if self.ctx.parents else None
                    named = assigned_name(self.ctx.parents) if isinstance(parent, (ast.Assign, ast.AnnAssign)) else None
                    self._flag(node, verdict, named[0] if named else None, named[1] if named else None)
            return
        for part in node.values:
            text = str_value(part)
            found = find_token(text, self.markers) if text else None
            if found is not None:
                fmt, token = found
                self._flag(node, Verdict(fmt.kind, redact(token), tuple(split_words(fmt.env_name))), None, None, fixable=False)
                return


def literal_candidates(ctx, value: ast.AST):
    """The literals an assigned value may evaluate to: `"x"`, `"x" if c else y`, `a or "x"`."""
    if isinstance(value, ast.Constant) or (isinstance(value, ast.JoinedStr) and str_value(value) is not None):
        yield value
    elif isinstance(value, ast.IfExp):
        yield from literal_candidates(ctx, value.body)
        yield from literal_candidates(ctx, value.orelse)
    elif isinstance(value, ast.BoolOp) and isinstance(value.op, ast.Or):
        if any(isinstance(v, ast.Call) and env_lookup(ctx, v) is not None for v in value.values):
            return  # `os.getenv("X") or "fallback"`: IL102
        for v in value.values:
            yield from literal_candidates(ctx, v)


# ----------------------------------------------------------------------------- IL102
@register
class CredentialDefaultInEnvLookup(Rule):
    """
    ## What it does
    Flags an env lookup whose fallback is a real-looking credential:
    `os.getenv("X_TOKEN", "…")`, `os.environ.get("X_TOKEN", "…")`,
    `os.environ.setdefault("X_TOKEN", "…")`, `os.getenv("X_TOKEN") or "…"`, django-environ's
    `env("X_TOKEN", default="…")` / `env.str("X_TOKEN", "…")`, and python-decouple's
    `config("X_TOKEN", default="…")`, when the env-var name or the variable it is assigned to is
    secret-like (`SECRET_KEY = env("DJANGO_SK", default="…")`), or when the fallback is itself a
    URL with an embedded password or a well-known token format — whatever the variable's name.

    Not flagged: no default, `None`, empty strings and placeholders (`"changeme"`, `"dummy"`,
    `"<set me>"`, `"insecure-dev-only"` is *not* a placeholder — use one of the markers),
    non-credential variables (`os.getenv("TIME_ZONE", "UTC")`), URLs without a password
    (`"redis://localhost:6379/0"`).

    ## Why is this bad?
    The default makes the env var optional: a deployment that forgot to set it silently runs with
    the committed credential, which is now in every clone of the repository. A missing credential
    should fail loudly at start-up ([guideline](../guidelines/integrations.md#credentials)).

    ## Example
    ```python
    import os

    INPI_PASSWORD = os.getenv("INPI_PASSWORD", "Rne#Clinic-2024")
    SECRET_KEY = env("DJANGO_SECRET_KEY", default="q8#v2m!x7k@p4z9w")
    ```

    ## Use instead
    ```python
    import os

    INPI_PASSWORD = os.environ["INPI_PASSWORD"]
    SECRET_KEY = env("DJANGO_SECRET_KEY")
    ```

    ## Fix safety
    `os.getenv`/`os.environ.get` (and their `or "…"` form) become `os.environ["NAME"]`;
    django-environ and decouple calls lose their `default` argument (they raise
    `ImproperlyConfigured`/`UndefinedValueError` when the variable is missing). The fix title
    names the variable to set. Unsafe: start-up now fails until the variable is set everywhere
    (development machines, CI). `setdefault` calls get no fix.

    ## Options
    - `placeholders`: extra markers that announce a default is not a secret.
    - `per-file-ignores`: tests are ignored by default.
    """

    code = "IL102"
    name = "credential-default-in-env-lookup"
    family = "credentials"
    summary = "An env lookup whose fallback is a hardcoded credential"
    guideline = GUIDELINE
    # Every env lookup this rule recognises is spelled with `env`/`environ`/`getenv` or `config`
    # (case-insensitive: `Env`, `ENV`, `get_env_variable`).
    prefilter = re.compile(rb"env|config")
    prefilter_folded = True

    valid = (
        example(
            """
            import os
            EMAIL_HOST_USER = os.environ.get("EMAIL_HOST_USER", "")
            EMAIL_HOST_PASSWORD = os.environ.get("EMAIL_HOST_PASSWORD", "changeme")
            TIME_ZONE = os.getenv("TIME_ZONE", "Europe/Paris")
            BROKER_URL = os.getenv("BROKER_URL", "redis://127.0.0.1:6379/0")
            API_TOKEN = os.getenv("API_TOKEN")
            """,
            "empty_placeholder_and_non_credential_defaults",
        ),
        example(
            """
            import environ
            env = environ.Env()
            SECRET_KEY = env("DJANGO_SECRET_KEY")
            DEBUG = env.bool("DJANGO_DEBUG", default=False)
            """,
            "django_environ_without_default",
        ),
        example(
            """
            from decouple import config
            API_TOKEN = config("API_TOKEN", default=None)
            """,
            "decouple_default_none",
        ),
    )
    invalid = (
        example(
            """
            import os
            INPI_PASSWORD = os.getenv("INPI_PASSWORD", "Rne#Clinic-2024")
            """,
            "getenv_with_password_default",
            lines=(2,),
            fixed="""
            import os
            INPI_PASSWORD = os.environ["INPI_PASSWORD"]
            """,
            unsafe=True,
        ),
        example(
            """
            import environ
            env = environ.Env()
            SECRET_KEY = env("DJANGO_SECRET_KEY", default="q8#v2m!x7k@p4z9w$e1r6t3y0u5")
            """,
            "django_environ_default",
            path="proj/settings.py",
            lines=(3,),
            fixed="""
            import environ
            env = environ.Env()
            SECRET_KEY = env("DJANGO_SECRET_KEY")
            """,
            unsafe=True,
        ),
        example(
            """
            from decouple import config
            STRIPE_SECRET = config("STRIPE_SECRET", "whsec_7Yt2p9QmX4r8Lz", cast=str)
            """,
            "decouple_positional_default",
            lines=(2,),
            fixed="""
            from decouple import config
            STRIPE_SECRET = config("STRIPE_SECRET", cast=str)
            """,
            unsafe=True,
        ),
        example(
            _ex("""
            import os
            SECRET_KEY = os.environ.get("DJANGO_SK") or "q8#v2m!x7k@p4z9w$e1r6t3y0u5"
            DATABASE_URL = os.getenv("DATABASE_URL", "@PG@")
            """),
            "or_fallback_and_dsn_default",
            lines=(2, 3),
            fixed="""
            import os
            SECRET_KEY = os.environ["DJANGO_SK"]
            DATABASE_URL = os.environ["DATABASE_URL"]
            """,
            unsafe=True,
        ),
        example(
            _ex("""
            import os
            os.environ.setdefault("SLACK_BOT_TOKEN", "@SLACK@")
            """),
            "setdefault_with_token",
            lines=(2,),
        ),
    )

    def __init__(self, ctx) -> None:
        super().__init__(ctx)
        self.markers = tuple(ctx.config.placeholders)

    def visit_Call(self, node: ast.Call) -> None:
        func = node.func
        if node.keywords and not node.args and isinstance(func, (ast.Name, ast.Attribute)):
            if (func.id if isinstance(func, ast.Name) else func.attr).endswith("Env"):
                self._env_scheme(node)  # `environ.Env(X=(str, "…"))`, `environ.FileAwareEnv(…)`
                return
        lookup = env_lookup(self.ctx, node)
        if lookup is not None and lookup.default is not None:
            self._check(node, lookup, lookup.default, node)

    def visit_BoolOp(self, node: ast.BoolOp) -> None:
        if not isinstance(node.op, ast.Or) or len(node.values) < 2:
            return
        fallback = node.values[-1]
        if str_value(fallback) is None:
            return
        for value in node.values[:-1]:
            if isinstance(value, ast.Call):
                lookup = env_lookup(self.ctx, value)
                if lookup is not None and lookup.default is None:
                    self._check(value, lookup, fallback, node)
                    return

    def _check(self, call: ast.Call, lookup: EnvLookup, default: ast.AST, replaced: ast.AST) -> None:
        value = str_value(default)
        if value is None:
            return
        key = str_value(lookup.key)
        named = context_name(self.ctx.parents, replaced)
        self._judge(default, value, key, named, self._fix(call, lookup, replaced, key))

    def _judge(
        self,
        default: ast.AST,
        value: str,
        key: str | None,
        named: tuple[str, list[str]] | None,
        fix: Fix | None,
    ) -> None:
        secret_like = bool(key and is_secret_name(key)) or bool(named and is_secret_name(named[0]))
        words = split_words(key) if key else (named[1] if named else None)
        verdict = classify(value, words if secret_like else None, self.markers, names_are_values=True)
        if verdict is None or in_test_scope(self.ctx):
            return
        shown_key = key or (named[0] if named else "…")
        message = (
            f"env lookup of `{shown_key}` falls back to a hardcoded "
            f"{'credential' if verdict.what == 'credential' else verdict.what} {verdict.shown}: "
            f"drop the default so a missing `{shown_key}` fails loudly, or use "
            "`integration_lint.runtime.get_credential`"
        )
        self.report(default, message, fix=fix, snippet=f"{self.code}:{_digest(value)}")

    def _env_scheme(self, node: ast.Call) -> None:
        """django-environ's `environ.Env(DB_PASSWORD=(str, "…"))`: keyword = var, tuple = (cast, default)."""
        for kw in node.keywords:
            value = kw.value
            if kw.arg and isinstance(value, ast.Tuple) and len(value.elts) == 2:
                default = value.elts[1]
                text = str_value(default)
                if text is not None:
                    self._judge(default, text, kw.arg, None, None)

    def _fix(self, call: ast.Call, lookup: EnvLookup, replaced: ast.AST, key: str | None) -> Fix | None:
        if key is None or lookup.style == "setdefault":
            return None
        title = f"Read `{key}` with no fallback (set `{key}` in the environment, then rotate the old secret)"
        if lookup.style == "os":
            line, col, end_line, end_col = self.ctx.position(replaced)
            text = f'os.environ["{key}"]'
            return Fix(UNSAFE, title, (Edit(line, col, end_line, end_col, text),), imports=(("os", None),))
        if replaced is not call:  # `env("X") or "…"`: keep the call, drop the fallback
            line, col, end_line, end_col = self.ctx.position(replaced)
            return Fix(UNSAFE, title, (Edit(line, col, end_line, end_col, self.ctx.segment(call)),))
        arg = lookup.default_arg
        items = sorted([*call.args, *call.keywords], key=lambda a: (a.lineno, a.col_offset))
        index = next((i for i, a in enumerate(items) if a is arg), None)
        if not index:
            return None
        _, _, prev_line, prev_col = self.ctx.position(items[index - 1])
        _, _, end_line, end_col = self.ctx.position(arg)  # type: ignore[arg-type]
        return Fix(UNSAFE, title, (Edit(prev_line, prev_col, end_line, end_col, ""),))


# ----------------------------------------------------------------------------- IL103
@register
class ConnectorEnvVarPrefix(Rule):
    """
    ## What it does
    With `connectors` configured (name → `paths`, `env-prefix`), flags a *credential* env var read
    in a connector's files whose name does not start with the connector's prefix:
    `os.environ["ACCOUNTING_API_TOKEN"]` in `apps/pennylane_sync/` when the prefix is
    `PENNYLANE_`. Reads through `os.environ[...]`, `os.environ.get`, `os.getenv`, django-environ
    and decouple count; f-string names are checked on their literal head
    (`f"PENNYLANE_TOKEN_{company}"` is fine). Reported at the env-var name.

    Not flagged: non-credential variables (`TIME_ZONE`, `DOCTOLIB_BASE_URL`), names held in
    variables (`os.environ[API_KEY_VAR]`), code outside every connector's paths, projects without
    `connectors`.

    ## Why is this bad?
    The guideline names each connector's credentials after the connector
    (`DOCTOLIB_API_KEY`, `PENNYLANE_TOKEN_<COMPANY>`): the prefix tells operators which
    integration a variable belongs to, lets a deployment grant each worker only its connector's
    secrets, and keeps two connectors from silently sharing one `API_TOKEN`
    ([guideline](../guidelines/integrations.md#credentials)).

    ## Example
    ```python
    # apps/pennylane_sync/services.py, connector pennylane (env-prefix PENNYLANE_)
    token = os.environ["ACCOUNTING_API_TOKEN"]
    ```

    ## Use instead
    ```python
    token = os.environ["PENNYLANE_API_TOKEN"]
    # or, per company, with the secret-store hook:
    token = get_credential("pennylane", "token", tenant=company.slug)
    ```

    ## Fix safety
    No fix: renaming an env var is a deployment change (every environment must set the new
    name), so the message names the expected variable instead.

    ## Options
    - `connectors.<name>.paths`: the files that belong to the connector (relative to the root).
    - `connectors.<name>.env-prefix`: defaults to the upper-cased name plus `_`.
    """

    code = "IL103"
    name = "connector-env-var-prefix"
    family = "credentials"
    summary = "A connector's credential env var without the connector's prefix"
    guideline = GUIDELINE
    # Env reads are spelled with `env`/`environ`/`getenv` or `config` (see IL102).
    prefilter = re.compile(rb"env|config")
    prefilter_folded = True

    _PENNYLANE = {"connectors": {"pennylane": {"paths": ["apps/pennylane_sync"], "env-prefix": "PENNYLANE_"}}}
    valid = (
        example(
            """
            import os
            def token_for(company):
                return os.environ.get(f"PENNYLANE_TOKEN_{company.slug.upper()}")
            TIME_ZONE = os.getenv("CLINIC_TIMEZONE", "Europe/Paris")
            BASE = os.environ["ACCOUNTING_BASE_URL"]
            """,
            "prefixed_and_non_credential_reads",
            path="apps/pennylane_sync/services.py",
            config=_PENNYLANE,
        ),
        example(
            """
            import os
            TOKEN = os.environ["ACCOUNTING_API_TOKEN"]
            """,
            "outside_the_connector_paths",
            path="apps/core/settings.py",
            config=_PENNYLANE,
        ),
        example(
            """
            import os
            TOKEN = os.environ["ACCOUNTING_API_TOKEN"]
            """,
            "no_connectors_configured",
            path="apps/pennylane_sync/services.py",
        ),
    )
    invalid = (
        example(
            """
            import os
            token = os.environ["ACCOUNTING_API_TOKEN"]
            secret = os.getenv("COLLECTION_AGENT_SECRET", "")
            """,
            "unprefixed_credential_reads",
            path="apps/pennylane_sync/services.py",
            config=_PENNYLANE,
            lines=(2, 3),
        ),
        example(
            """
            import os
            def token_for(company):
                return os.environ[f"TOKEN_{company.slug.upper()}"]
            """,
            "unprefixed_f_string_name",
            path="apps/pennylane_sync/services.py",
            config=_PENNYLANE,
            lines=(3,),
        ),
    )

    def __init__(self, ctx) -> None:
        super().__init__(ctx)
        self.connector = ctx.config.connector_for(ctx.relpath)

    def visit_Call(self, node: ast.Call) -> None:
        if self.connector is None:
            return
        lookup = env_lookup(self.ctx, node)
        if lookup is not None and lookup.key is not None:
            self._check(lookup.key)

    def visit_Subscript(self, node: ast.Subscript) -> None:
        if self.connector is None or not isinstance(node.ctx, ast.Load):
            return
        base = node.value
        if isinstance(base, (ast.Attribute, ast.Name)) and (base.attr if isinstance(base, ast.Attribute) else base.id) == "environ":
            resolved = self.ctx.qualify(base) or dotted(base)
            if resolved in ("os.environ", "environ"):
                self._check(node.slice)

    def _check(self, key_node: ast.AST) -> None:
        connector = self.connector
        assert connector is not None
        key = env_key_text(key_node)
        if not key or key.startswith(connector.env_prefix):
            return
        probe = key if not isinstance(key_node, ast.JoinedStr) else key.rstrip("_") or key
        if not is_secret_name(probe):
            return
        expected = connector.env_prefix + key
        self.report(
            key_node,
            f"credential env var `{key}{'…' if isinstance(key_node, ast.JoinedStr) else ''}` is read in "
            f"connector `{connector.name}` code without the `{connector.env_prefix}` prefix: "
            f"name it `{expected}` or use `integration_lint.runtime.get_credential(\"{connector.name}\", …)`",
        )
