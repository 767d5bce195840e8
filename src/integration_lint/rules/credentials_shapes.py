"""What a credential looks like: secret-like names, secret-looking values, well-known token formats.

Shared by IL101/IL102/IL103 (rules/credentials.py). Everything here is pure string work on
values the rules already selected from the tree; the regexes are compiled once at import.

Decisions recorded here (and in the rules' docs):
- A *name* is secret-like when one of its words is a credential word (`password`, `passwd`,
  `pwd`, `pass`, `passphrase`, `secret`, `token`, `credential`) or it contains a key bigram
  (`api_key`, `access_key`, `private_key`, `secret_key`, `signing_key`, `encryption_key`, …),
  unless its head word says it is *about* the credential (`PASSWORD_FIELD`, `TOKEN_URL`,
  `SECRET_NAME`, `PASSWORD_RESET_TIMEOUT`, `TOKEN_KEY`, …). `csrf`/`public`/`publishable`
  names, salts and client ids are never credentials.
- A *value* is a secret unless it is empty, a placeholder, a template, a message (whitespace),
  an env-var or field name, a dotted import path, a path or file name, or a URL without
  credentials. Weak passwords (`"temba"`, `"111111"`) are secrets.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

# --------------------------------------------------------------------------- names
_WORD = re.compile(r"[A-Z]+(?=[A-Z][a-z])|[A-Z]?[a-z]+|[A-Z]+|\d+")

CREDENTIAL_WORDS = frozenset(
    {
        "password", "passwords", "passwd", "pwd", "pass", "passphrase", "passcode",
        "secret", "secrets", "token", "tokens", "credential", "credentials",
        "apikey", "secretkey", "privatekey", "accesskey", "authtoken", "accesstoken",
        "apitoken", "apisecret", "clientsecret",
    }
)
# `<qualifier>_key` is a credential; a bare `key` is not (cache keys, dict keys, sort keys).
KEY_QUALIFIERS = frozenset(
    {"api", "access", "private", "secret", "signing", "encryption", "master", "auth", "hmac", "license"}
)
# Head (last) words that make the name *about* a credential rather than hold one.
META_LAST = frozenset(
    """
    url urls uri uris endpoint endpoints path paths file files filename dir directory folder
    name names field fields label labels header headers prefix suffix env var vars variable
    type types kind id ids length len size expiry expires expiration lifetime age ttl timeout
    seconds minutes hours days delta regex re pattern patterns format fmt template templates
    message messages msg error errors help hint text title description desc required enabled
    enable disabled min max validators validator hasher hashers reset class classes backend
    backends salt cookie param params parameter location method methods scheme mode policy
    version count counter hash hashed digest algorithm algorithms alg display placeholder widget
    input form serializer model view views column attr attribute attributes property generator
    factory storage store manager provider source status state flag choice choices option
    options date time at created updated used valid invalid mismatch missing expired strength
    rules rule complexity question sent query policy audience issuer usage permission permissions
    scope scopes length_min length_max confirm confirmation changed change mask masked
    placeholder_text button link page template_name lookup index keys
    """.split()
)
# First words that make the name a flag or a count (`HAS_PASSWORD`, `MAX_TOKEN_AGE`).
META_FIRST = frozenset(
    "is has use uses show allow allows require requires enable disable should can needs no num "
    "max min count with without check verify validate generate get set reset forgot".split()
)
NEVER_SECRET_WORDS = frozenset({"csrf", "xsrf", "public", "publishable", "pub"})


def split_words(name: str) -> list[str]:
    """`DATABASES` → [databases]; `apiKey` → [api, key]; `X-Api-Key` → [x, api, key]."""
    return [w.lower() for w in _WORD.findall(name)]


def _is_credential_words(words: list[str]) -> bool:
    for i, w in enumerate(words):
        if w in CREDENTIAL_WORDS:
            return True
        if w == "key" and i and words[i - 1] in KEY_QUALIFIERS:
            return True
    return False


_NAME_GATE = ("pass", "pwd", "secret", "token", "credential", "key")


@lru_cache(maxsize=4096)
def is_secret_name(name: str) -> bool:
    """Does a variable/attribute/keyword/dict-key/env-var name hold a credential?"""
    low = name.lower()
    if not any(g in low for g in _NAME_GATE):
        return False
    words = split_words(name)
    if not words or not _is_credential_words(words):
        return False
    if NEVER_SECRET_WORDS.intersection(words):
        return False
    last = words[-1]
    if last in META_LAST or words[0] in META_FIRST:
        return False
    # `TOKEN_KEY`, `PASSWORD_KEY`: the key *under which* a credential is stored.
    if last == "key" and len(words) > 1 and words[-2] in ("token", "password", "pwd", "passwd", "credential", "credentials"):
        return False
    return True


# --------------------------------------------------------------------------- values
DEFAULT_PLACEHOLDER_MARKERS = (
    "changeme", "change_me", "change-me", "change me", "your", "xxx", "example", "dummy",
    "placeholder", "replace", "todo", "fixme", "fake", "sample", "redacted", "notasecret",
    "not-a-secret", "not_a_secret", "not-secret", "insert-", "insert_",
)
PLACEHOLDER_VALUES = frozenset(
    {
        "secret", "password", "passwd", "pass", "test", "testing", "none", "null", "nil",
        "undefined", "default", "token", "key", "apikey", "api_key", "secret_key", "pwd",
        "unset", "notset", "not_set", "empty", "missing", "n/a", "na", "tbd",
    }
)
# `{token}`, `{{ token }}`, `%(token)s`, `Token %s`, `${TOKEN}`, `$TOKEN` (whole value). A bare
# `%s`/`$x` inside random characters is not a template: Django keys may contain `%s` or `$e`.
_TEMPLATE = re.compile(
    r"\{[^{}\s]*\}|\{\{|%\(\w+\)[sdr]|(?:^|(?<=[\s:=/'\"]))%[sdr](?=$|[\s/&:@'\"])|\$\{\w+\}|^\$[A-Za-z_]\w*$"
)
_ENV_NAME = re.compile(r"[A-Z][A-Z0-9]*(?:_[A-Z0-9]+)+")
_IDENT = re.compile(r"[A-Za-z_][A-Za-z_.\-]*")  # no digits: `password123` is a value
_DOTTED = re.compile(r"[A-Za-z_]\w*(?:\.[A-Za-z_]\w*)+")
_FILE = re.compile(
    r"[\w.\-]+\.(?:json|txt|pem|key|crt|cer|csr|der|p12|pfx|jks|yaml|yml|env|cfg|ini|conf|gpg|asc|pub|toml|html|py)",
    re.IGNORECASE,
)
_AUTH_SCHEME = re.compile(r"(?i)(bearer|token|basic|bot|jwt|apikey|api-key|key|oauth|digest|sso-key)\s+(\S+)")
_URL_CREDENTIALS = re.compile(
    r"(?P<scheme>[A-Za-z][A-Za-z0-9+.\-]*)://(?P<user>[^:/?#@\s]*):(?P<pw>[^@/?#\s]+)@(?P<host>[^/?#\s]*)"
)
_QUERY_SECRET = re.compile(r"[?&](?P<param>[A-Za-z_\-]+)=(?P<value>[^&#\s]{8,})")


def is_placeholder(value: str, extra_markers: tuple[str, ...] = ()) -> bool:
    low = value.strip().lower()
    if not low or low in PLACEHOLDER_VALUES:
        return True
    if any(m in low for m in DEFAULT_PLACEHOLDER_MARKERS) or any(m.lower() in low for m in extra_markers):
        return True
    if "<" in low and ">" in low:  # `<your token>`, `<API_KEY>`
        return True
    return not any(c.isalnum() for c in low)  # masks: `****`, `...`


def is_template(value: str) -> bool:
    return bool(_TEMPLATE.search(value))


def looks_like_secret_value(value: str, name_words: list[str] | None = None, extra_markers: tuple[str, ...] = ()) -> bool:
    """Is a literal assigned to a secret-like name an actual secret (and not a name, path, …)?"""
    v = value.strip()
    if not v or is_placeholder(v, extra_markers) or is_template(v):
        return False
    if any(c.isspace() for c in v):
        return False  # a message or label: `"Invalid password"`
    if _ENV_NAME.fullmatch(v):
        return False  # an env-var name: `"DOCTOLIB_API_KEY"`
    if _IDENT.fullmatch(v):
        words = split_words(v)
        if _is_credential_words(words) or (name_words and set(words) <= set(name_words)):
            return False  # a key/field name or a label echoing the variable: `"access_token"`
    if _DOTTED.fullmatch(v) and not v.startswith("eyJ"):
        return False  # an import path: `"django.contrib.auth.hashers.Argon2PasswordHasher"`
    if "://" in v:
        return bool(url_credentials(v, extra_markers))
    if v.startswith(("/", "./", "../", "~/")) or _FILE.fullmatch(v):
        return False
    return True


@dataclass(frozen=True)
class UrlCredential:
    kind: str  # "password" | "query" | "token-path"
    scheme: str
    shown: str  # the URL with the secret part redacted


def url_credentials(value: str, extra_markers: tuple[str, ...] = ()) -> UrlCredential | None:
    """A URL/DSN carrying a password (`scheme://user:pw@host`) or a secret query parameter."""
    m = _URL_CREDENTIALS.search(value)
    if m:
        pw = m.group("pw")
        if not (is_placeholder(pw, extra_markers) or is_template(pw) or pw.startswith("$")):
            host = m.group("host")
            if not is_placeholder(host, extra_markers):
                shown = f"{m.group('scheme')}://{m.group('user')}:…@{host}"
                return UrlCredential("password", m.group("scheme").lower(), shown)
    if "?" in value:
        for q in _QUERY_SECRET.finditer(value):
            if is_secret_name(q.group("param")) or q.group("param").lower() in ("key", "apikey", "sig"):
                secret = q.group("value")
                if not (is_placeholder(secret, extra_markers) or is_template(secret)):
                    scheme = value.split("://", 1)[0].lower() if "://" in value else ""
                    base = value.split("?", 1)[0]
                    return UrlCredential("query", scheme, f"{base}?{q.group('param')}=…")
    return None


def auth_header_secret(value: str, extra_markers: tuple[str, ...] = ()) -> str | None:
    """The credential part of an `Authorization` header value, if it is a literal secret."""
    v = value.strip()
    m = _AUTH_SCHEME.fullmatch(v)
    token = m.group(2) if m else v
    if not token or is_placeholder(token, extra_markers) or is_template(token) or is_template(v):
        return None
    if any(c.isspace() for c in token) or _ENV_NAME.fullmatch(token):
        return None
    if _IDENT.fullmatch(token) and _is_credential_words(split_words(token)):
        return None
    return token


# --------------------------------------------------------------------------- token formats
@dataclass(frozen=True)
class TokenFormat:
    kind: str  # human name for messages
    env_name: str  # env var the fix suggests
    pattern: re.Pattern[str]


TOKEN_FORMATS: tuple[TokenFormat, ...] = tuple(
    TokenFormat(kind, env, re.compile(rx))
    for kind, env, rx in (
        ("AWS access key id", "AWS_ACCESS_KEY_ID", r"\b(?:AKIA|ASIA)[0-9A-Z]{16}\b"),
        ("Stripe live key", "STRIPE_SECRET_KEY", r"\b[sr]k_live_[0-9A-Za-z]{10,}"),
        ("GitHub token", "GITHUB_TOKEN", r"\bgh[pousr]_[A-Za-z0-9]{36,}|\bgithub_pat_[A-Za-z0-9_]{40,}"),
        ("GitLab token", "GITLAB_TOKEN", r"\bglpat-[A-Za-z0-9_\-]{20,}"),
        ("Slack token", "SLACK_TOKEN", r"\bxox[abposr]-[0-9A-Za-z\-]{10,}"),
        ("Slack webhook", "SLACK_WEBHOOK_URL", r"hooks\.slack\.com/services/T[0-9A-Z]{6,}/B[0-9A-Z]{6,}/[0-9A-Za-z]{16,}"),
        ("Discord webhook", "DISCORD_WEBHOOK_URL", r"discord(?:app)?\.com/api/webhooks/\d{6,}/[\w\-]{30,}"),
        ("Telegram bot token", "TELEGRAM_BOT_TOKEN", r"\b\d{8,10}:AA[0-9A-Za-z_\-]{33}\b"),
        ("Google API key", "GOOGLE_API_KEY", r"\bAIza[0-9A-Za-z_\-]{35}"),
        ("SendGrid key", "SENDGRID_API_KEY", r"\bSG\.[\w\-]{22}\.[\w\-]{43}"),
        ("OpenAI key", "OPENAI_API_KEY", r"\bsk-(?:proj-)?[A-Za-z0-9_\-]{20,}T3BlbkFJ[A-Za-z0-9_\-]{20,}|\bsk-proj-[A-Za-z0-9_\-]{40,}"),
        ("private key", "PRIVATE_KEY", r"-----BEGIN (?:RSA |EC |DSA |OPENSSH |ENCRYPTED |PGP )?PRIVATE KEY(?: BLOCK)?-----\s*[A-Za-z0-9+/=:\s\-]{40,}"),
        ("JWT", "API_TOKEN", r"\beyJ[A-Za-z0-9_\-]{10,}\.eyJ[A-Za-z0-9_\-]{10,}\.[A-Za-z0-9_\-]{16,}"),
    )
)
# Every token format needs at least this many characters; shorter strings skip the regexes.
TOKEN_MIN_LEN = 20
# Cheap literal gate before running the format regexes on a string constant.
_TOKEN_GATE = re.compile(
    r"AKIA|ASIA|k_live_|gh[pousr]_|github_pat_|glpat-|xox|hooks\.slack|discord|:AA|AIza|SG\.|sk-|PRIVATE KEY|eyJ"
)


def find_token(value: str, extra_markers: tuple[str, ...] = ()) -> tuple[TokenFormat, str] | None:
    """The well-known token format the literal contains (anywhere) and the token itself, unless
    it is a placeholder."""
    if len(value) < TOKEN_MIN_LEN or not _TOKEN_GATE.search(value):
        return None
    for fmt in TOKEN_FORMATS:
        m = fmt.pattern.search(value)
        if m:
            body = m.group(0)
            if is_placeholder(body, extra_markers) or len(set(body[-16:])) < 5:
                return None  # `sk_live_xxxxxxxx…`, `AKIA…EXAMPLE`, `ghp_000…`
            return fmt, body.strip()
    return None


def token_format(value: str, extra_markers: tuple[str, ...] = ()) -> TokenFormat | None:
    found = find_token(value, extra_markers)
    return found[0] if found else None


# --------------------------------------------------------------------------- redaction
def redact(value: str) -> str:
    """`"sk_l…" (24 chars)`: at most four leading characters, fewer for short values."""
    shown = value[: min(4, len(value) // 5)]
    shown = shown.encode("unicode_escape").decode("ascii").replace('"', '\\"')
    return f'"{shown}…" ({len(value)} chars)'


def env_var_name(words: list[str], prefix: str = "") -> str:
    base = "_".join(w.upper() for w in words if w) or "API_TOKEN"
    if prefix and not base.startswith(prefix):
        base = prefix + base
    return base
