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
    placeholder_text button link page template_name lookup index keys rate rates limit limits
    throttle threshold strategy charset chars alphabet characters use usage
    tag symbol identifier standard side selector context list mapping decimals address contract
    answer
    """.split()
)
# Words after the credential word that make the name about it (`TOKEN_PREFIX_OAUTH`); a cookie
# key or a cookie secret is still a key.
_META_AFTER = META_LAST - {"cookie"}
# First words that make the name a flag or a count (`HAS_PASSWORD`, `MAX_TOKEN_AGE`).
META_FIRST = frozenset(
    "is has use uses show allow allows require requires enable disable should can needs no num "
    "max min count with without check verify validate generate get set reset forgot change "
    "usable".split()
)
NEVER_SECRET_WORDS = frozenset({"csrf", "xsrf", "public", "publishable", "pub"})


def split_words(name: str) -> list[str]:
    """`DATABASES` → [databases]; `apiKey` → [api, key]; `X-Api-Key` → [x, api, key]."""
    return [w.lower() for w in _WORD.findall(name)]


_COMPOUND_SUFFIXES = ("pass", "pwd", "passwd", "password", "secret", "token")
_NOT_COMPOUND = frozenset(
    {"bypass", "compass", "surpass", "trespass", "overpass", "underpass", "encompass", "subtoken"}
)


def _is_credential_word(w: str) -> bool:
    if w in CREDENTIAL_WORDS:
        return True
    # `DBPASS`, `mailpwd`, `apitoken`: compounds written without a separator.
    return len(w) > 5 and w.endswith(_COMPOUND_SUFFIXES) and w not in _NOT_COMPOUND


def _qualified_key(words: list[str], i: int) -> bool:
    """`words[i]` is `key` after a qualifier that makes it a credential (`api_key`, `signing_key`)."""
    return words[i] == "key" and i > 0 and words[i - 1] in KEY_QUALIFIERS


def _is_credential_words(words: list[str]) -> bool:
    last = len(words) - 1
    for i, w in enumerate(words):
        if w == "pass" and i != last and words[i + 1] not in ("phrase", "word", "code"):
            continue  # `pass_arg`, `PASS_IAE_STATUS`, `API_PASS_SUCCESS`: a pass, not a password
        if _is_credential_word(w) or _qualified_key(words, i):
            return True
    return False


def _last_credential_index(words: list[str]) -> int:
    for i in range(len(words) - 1, -1, -1):
        if _is_credential_words(words[i : i + 1]) or _qualified_key(words, i):
            return i
    return len(words)


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
    # A word after the credential says what *about* it the name holds: `TOKEN_PREFIX_OAUTH`,
    # `SAFE_TOKEN_ID_GNOSIS`, `token_symbol`, `password_reset_answer_1`, `token_side`.
    # A final `key` is what the name holds (`SECRET_COOKIE_KEY`), unless a word before it says
    # it is about something else (`TOKEN_ENDPOINT_V2_KEY`).
    after = words[_last_credential_index(words[:-1] if last == "key" else words) + 1 :]
    for w in after[:-1] if last == "key" else after:
        if w in _META_AFTER or (len(w) > 3 and w.endswith("s") and w[:-1] in _META_AFTER):
            return False
    # `TOKEN_KEY`, `PASSWORD_KEY`, `KMS_TOKEN_CACHE_KEY`: the key *under which* a value is stored.
    if last == "key" and len(words) > 1 and (
        words[-2] in ("token", "password", "pwd", "passwd", "credential", "credentials") or words[-2] in STORAGE_KEY_QUALIFIERS
    ):
        return False
    return True


# `<qualifier>_key` names that are lookup keys, not keys in the cryptographic sense.
STORAGE_KEY_QUALIFIERS = frozenset(
    "cache routing sort lookup idempotency object storage sheet spreadsheet document doc file primary "
    "foreign natural metric partition dict map group lock redis queue row table context session "
    "setting settings config".split()
)


@lru_cache(maxsize=4096)
def is_key_name(name: str) -> bool:
    """`transaction_key`, `flex_shared_secret_key`: a `*_key` name that may hold a secret — flagged
    only with a high-entropy value (`routing_key = "task.default"` is not a secret)."""
    if not name[-3:].lower() == "key":
        return False
    words = split_words(name)
    return (
        len(words) > 1
        and words[-1] == "key"
        and words[0] not in META_FIRST
        and not NEVER_SECRET_WORDS.intersection(words)
        and words[-2] not in STORAGE_KEY_QUALIFIERS
    )


# --------------------------------------------------------------------------- values
# Matched against the value lower-cased with punctuation removed (`CHANGE-ME`, `SET_ME_PLEASE`).
DEFAULT_PLACEHOLDER_MARKERS = (
    "changeme", "your", "xxx", "example", "dummy", "placeholder", "replace", "todo", "fixme",
    "fake", "sample", "redacted", "notasecret", "notsecret", "setme", "please", "insert",
    "missing", "pathto",
)
PLACEHOLDER_VALUES = frozenset(
    {
        "secret", "password", "passwd", "pass", "test", "testing", "none", "null", "nil",
        "undefined", "default", "token", "key", "apikey", "api_key", "secret_key", "pwd",
        "unset", "notset", "not_set", "empty", "missing", "n/a", "na", "tbd",
        "true", "false", "yes", "no", "on", "off", "0", "1", "bearer", "basic", "jwt",
        "optional", "required", "disabled", "enabled",
        # metasyntactic names: `ENCRYPTION_KEY = "baz"`, `EMAIL_HOST_PASSWORD = "xyz"`
        "foo", "bar", "baz", "qux", "quux", "foobar", "xyz",
    }
)
# `{token}`, `{{ token }}`, `%(token)s`, `Token %s`, `${TOKEN}`, `$TOKEN` (whole value). A bare
# `%s`/`$x` inside random characters is not a template: Django keys may contain `%s` or `$e`.
# Single words that name a field or a mechanism, never a password (`{"secret": "url"}`).
FIELD_WORDS = frozenset(
    "url uri username user name email host hostname port path type id value data string text "
    "login field header query body json form auth oauth oauth2 hmac sha256 md5 plain hash hashed "
    "file env environ config settings param".split()
)
_TEMPLATE = re.compile(
    r"\{[^{}\s]*\}|\{\{|%\(\w+\)[sdr]|(?:^|(?<=[\s:=/'\"]))%[sdr](?=$|[\s/&:@'\"])|\$\{\w+\}|^\$[A-Za-z_]\w*$"
)
_ENV_NAME = re.compile(r"[A-Z][A-Z0-9]*(?:_[A-Z0-9]+)+")
_IDENT = re.compile(r"[A-Za-z_][A-Za-z_.:\-]*")  # no digits: `password123` is a value
_KEBAB = re.compile(r"[a-z]+(?:-[a-z]+)+")  # `lms-secret`, `permission-denied`
_TITLE_KEBAB = re.compile(r"[A-Z][A-Za-z]*(?:-[A-Za-z]+)+")  # header names: `X-Api-Key`
_RATE = re.compile(r"\d+\s*/\s*[a-z]")  # `5/m/user`, `60/minute`
_REGEX_HINT = re.compile(r"\\[dwsDWSb.]|\(\?(?:P?<|[:=!])|^\^.*\$$|\[\^|\][+*?]")
# A command-line option or a numeric sentinel: `{"password": "-p"}`, `if password == "-1"`.
_CLI_OPTION = re.compile(r"-[A-Za-z0-9]{1,2}|--[a-z][a-z0-9\-]*")
# A plain word (`"keyword"`, `"rc"`, `"upgrades"`, `"Slug"`): never an API token. Held by a name
# whose only credential word is `token` it is a grammar, lexer or version token; a *password* may
# still be a plain word (`"temba"`), so this is decided on the name.
_PLAIN_WORD = re.compile(r"[a-z]+|[A-Z][a-z]+")
# `"__app__"`; a short prefix (`TOKEN_PREFIX = "indo_"`); a repeated letter (`"YYY"`, `"AAAA"`).
_SENTINEL = re.compile(r"__\w+__|[a-z]{2,6}[_\-]|([A-Za-z])\1{2,}")
# Values that are never a usable credential: a Django password hash (`pbkdf2_sha256$…`), a
# publishable key (`pk_live_…`, Mapbox `pk.eyJ…`), a Concourse/CI var reference
# (`((git-private-key))`), a strftime format (`"%Y%m%d"`).
_NOT_A_SECRET_VALUE = re.compile(
    r"(?:pbkdf2_sha256|pbkdf2_sha1|argon2|bcrypt_sha256|bcrypt|scrypt|sha1|md5)\$"
    r"|pk[._](?:live|test|eyJ)|pk\.eyJ|\(\(.+\)\)$|(?:%[A-Za-z]|[-/:. _])+$"
)
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


_NON_ALNUM = re.compile(r"[\W_]+")


def is_placeholder(value: str, extra_markers: tuple[str, ...] = ()) -> bool:
    low = value.strip().lower()
    if not low or low in PLACEHOLDER_VALUES:
        return True
    squashed = _NON_ALNUM.sub("", low)
    if any(m in squashed for m in DEFAULT_PLACEHOLDER_MARKERS) or any(
        _NON_ALNUM.sub("", m.lower()) in squashed for m in extra_markers if m.strip()
    ):
        return True
    if ("<" in low and ">" in low) or low.endswith(("...", "…")):  # `<your token>`, `abc123...`
        return True
    if len(low) > 2 and low[0] == low[-1] and low[0] in "$%#":  # `$encrypted$` sentinels
        return True
    return not any(c.isalnum() for c in low)  # masks: `****`, `---`


# A Dovecot-style password scheme before the password: `{PLAIN}toto`, `{SHA512-CRYPT}$6$…`.
_SCHEME_PREFIX = re.compile(r"\{[A-Z][A-Z0-9\-]*\}[^{}\s]+")


def is_template(value: str) -> bool:
    return bool(_TEMPLATE.search(value)) and not _SCHEME_PREFIX.fullmatch(value)


def _squash(text: str) -> str:
    return _NON_ALNUM.sub("", text.lower())


def looks_like_secret_value(
    value: str,
    name_words: list[str] | None = None,
    extra_markers: tuple[str, ...] = (),
    names_are_values: bool = False,
) -> bool:
    """Is a literal assigned to a secret-like name an actual secret (and not a name, path, …)?

    `names_are_values`: an identifier-shaped literal (`"docs_pwd"`) is a secret too — true for
    env-lookup defaults, where a field or key name would make no sense.
    """
    v = value.strip()
    if len(v) < 2 or is_placeholder(v, extra_markers) or is_template(v):
        return False  # one-character dummies: `HTTPBasicAuth(api_key, "x")`
    if any(c.isspace() for c in v):
        return False  # a message or label: `"Invalid password"`
    if any(ord(c) < 32 or 0x7F <= ord(c) < 0xA0 for c in v):
        return False  # control characters: parser sentinels
    if name_words:
        squashed = _squash(v)
        for i in range(len(name_words)):
            if squashed == "".join(name_words[i:]):
                return False  # the value names the setting: `AWS_SECRET_ACCESS_KEY = "aws_secret_access_key"`
        if not names_are_values and _PLAIN_WORD.fullmatch(v) and _token_only(name_words):
            return False  # `token == "keyword"`, `def bump(token="rc")`, `_COLUMN_TOKEN = "column"`
    if _CLI_OPTION.fullmatch(v) or _SENTINEL.fullmatch(v):
        return False  # `{"password": "-p"}`: an option of a command line; `"-1"`, `"__app__"`: sentinels
    if _NOT_A_SECRET_VALUE.match(v):
        return False  # a password hash, a publishable key, a `((var))` reference, a date format
    if _ENV_NAME.fullmatch(v):
        return False  # an env-var name: `"DOCTOLIB_API_KEY"`
    if _TITLE_KEBAB.fullmatch(v):
        return False  # a header name: `"X-Api-Key"`, `"Ocp-Apim-Subscription-Key"`
    if _RATE.match(v) or _REGEX_HINT.search(v):
        return False  # a rate limit `"5/m/user"`, a route regex `r"tokens/\d+/"`
    if not names_are_values:
        if _IDENT.fullmatch(v) and not _KEBAB.fullmatch(v):
            words = split_words(v)
            separated = any(c in v for c in "_.:")
            # one unseparated word is a field name only when it is a credential word itself
            # (`"password"`, `"apitoken"`); `"supersecret"`, `"mayanuserpass"` are passwords
            credential_field = _is_credential_words(words) if separated or len(words) > 1 else v.lower() in CREDENTIAL_WORDS
            if (separated and len(words) > 1) or credential_field or v.lower() in FIELD_WORDS:
                # a key/field name: `"access_token"`, `"mail_settings"`, `"sumo:wiki:rebuild"`,
                # `"url"`; CamelCase without separators (`"ILikeSquares"`) stays a secret
                return False
        if _KEBAB.fullmatch(v) and not _is_credential_words(split_words(v)):
            return False  # a slug or sentinel: `"permission-denied"`; `"lms-secret"` is a secret
    if _DOTTED.fullmatch(v) and not v.startswith("eyJ"):
        return False  # an import path: `"django.contrib.auth.hashers.Argon2PasswordHasher"`
    if "://" in v:
        return bool(url_credentials(v, extra_markers))
    if v.startswith(("/", "./", "../", "~/")) or _FILE.fullmatch(v):
        return False
    return True


_KEY_COMPOUNDS = frozenset({"apikey", "accesskey", "privatekey"})


def _token_only(name_words: list[str]) -> bool:
    """Is the name's credential a token or a key (`upgrade_token`, `qtoken`, `access_key`,
    `X-Api-Key`) rather than a password or a secret (`DB_PASSWORD`, `SECRET_KEY`)?"""
    found = False
    for i, w in enumerate(name_words):
        if w in _KEY_COMPOUNDS or (w.endswith(("token", "tokens")) and _is_credential_word(w)):
            found = True  # `token`, `tokens`, `qtoken`, `apikey`
        elif _is_credential_words([w]):
            return False  # password, secret, credential, …
        elif _qualified_key(name_words, i):
            found = True
    return found


def is_high_entropy(value: str) -> bool:
    """A long random-looking token (used for `*_key` names that are not credential words)."""
    v = value.strip()
    if len(v) < 20 or any(c.isspace() for c in v) or "://" in v or _DOTTED.fullmatch(v):
        return False
    classes = sum((any(c.islower() for c in v), any(c.isupper() for c in v), any(c.isdigit() for c in v)))
    return classes == 3 and len(set(v)) >= 12


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
    if is_template(v):
        return None
    m = _AUTH_SCHEME.fullmatch(v)
    token = m.group(2) if m else v
    if not looks_like_secret_value(token, ["authorization"], extra_markers):
        return None  # `"Bearer"`, `"Bearer from-env"`, `"Token <token>"`
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
TOKEN_GATE = re.compile(
    r"AKIA|ASIA|k_live_|gh[pousr]_|github_pat_|glpat-|xox|hooks\.slack|discord|:AA|AIza|SG\.|sk-|PRIVATE KEY|eyJ"
)


def find_token(value: str, extra_markers: tuple[str, ...] = ()) -> tuple[TokenFormat, str] | None:
    """The well-known token format the literal contains (anywhere) and the token itself, unless
    it is a placeholder."""
    if len(value) < TOKEN_MIN_LEN or not TOKEN_GATE.search(value) or value.lstrip().startswith(("pk.", "pk_")):
        return None  # `pk.eyJ…` (Mapbox), `pk_live_…` (Stripe): publishable, meant for browsers
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
    shown = "".join(c if c.isprintable() else c.encode("unicode_escape").decode("ascii") for c in shown)
    shown = shown.replace('"', '\\"')
    return f'"{shown}…" ({len(value)} chars)'


def env_var_name(words: list[str], prefix: str = "") -> str:
    base = "_".join(w.upper() for w in words if w) or "API_TOKEN"
    if prefix and not base.startswith(prefix):
        base = prefix + base
    return base
