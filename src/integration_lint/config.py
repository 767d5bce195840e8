"""Configuration: `[tool.integration-lint]` in pyproject.toml or `.integration-lint.yaml`."""

from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass, field
from pathlib import Path

try:  # Python 3.11+
    import tomllib
except ModuleNotFoundError:  # pragma: no cover - Python 3.10
    import tomli as tomllib  # type: ignore[no-redef]

DEFAULT_EXCLUDE = (
    ".git",
    ".hg",
    ".svn",
    ".venv",
    "venv",
    ".tox",
    ".nox",
    ".mypy_cache",
    ".ruff_cache",
    ".integration-lint-cache",
    "site-packages",
    "node_modules",
    "build",
    "dist",
    "__pypackages__",
)
DEFAULT_USER_EXCLUDE = ("**/migrations/**",)
DEFAULT_PER_FILE_IGNORES = {
    "tests/**": ["IL101", "IL102"],
    "**/tests/**": ["IL101", "IL102"],
    "**/test_*.py": ["IL101", "IL102"],
    "**/*_test.py": ["IL101", "IL102"],
    "**/tests.py": ["IL101", "IL102"],
    "**/conftest.py": ["IL101", "IL102"],
    # test-support code outside tests/: settings for the test runner, *_tests packages
    "**/*_tests/**": ["IL101", "IL102"],
    "**/settings/test*.py": ["IL101", "IL102"],
    "**/settings/*_test*.py": ["IL101", "IL102"],  # settings/run_tests.py; not settings/latest.py
    "**/settings_test*.py": ["IL101", "IL102"],
    "**/test_settings.py": ["IL101", "IL102"],
    # test-support folders and files by their usual names: `test_functional/`, `dispatch_test/`,
    # `functional_tests_fixtures/`, `testing/`, pytest `fixtures/`, `mocks/`, factory_boy
    # factories, behave `features/steps/`
    "**/test_*/**": ["IL101", "IL102"],
    "**/*_test/**": ["IL101", "IL102"],
    "**/*_tests_*/**": ["IL101", "IL102"],
    "**/testing/**": ["IL101", "IL102"],
    "**/fixtures/**": ["IL101", "IL102"],
    "**/mocks/**": ["IL101", "IL102"],
    "**/factories.py": ["IL101", "IL102"],
    "**/factories/**": ["IL101", "IL102"],
    "**/features/steps/**": ["IL101", "IL102"],
    "**/*_test_*.py": ["IL101", "IL102"],  # create_test_data.py, make_test_users.py
    "**/test/**": ["IL101", "IL102"],
    "**/test.py": ["IL101", "IL102"],
    "**/testsettings.py": ["IL101", "IL102"],
    "**/settings/pytest*.py": ["IL101", "IL102"],
    "**/fixtures.py": ["IL101", "IL102"],
    "**/testapp/**": ["IL101", "IL102"],
    "**/*_testing/**": ["IL101", "IL102"],
}
DEFAULT_TIMEOUT_LITERAL = "(3.05, 30)"


class ConfigError(Exception):
    """A configuration problem the user must fix (exit code 2)."""


@dataclass(frozen=True)
class Connector:
    name: str
    paths: tuple[str, ...]
    env_prefix: str


@dataclass(frozen=True)
class Config:
    root: Path
    source: Path | None = None  # the file the settings came from
    select: tuple[str, ...] = ("IL",)
    ignore: tuple[str, ...] = ()
    exclude: tuple[str, ...] = DEFAULT_USER_EXCLUDE
    per_file_ignores: tuple[tuple[str, tuple[str, ...]], ...] = tuple(
        (k, tuple(v)) for k, v in DEFAULT_PER_FILE_IGNORES.items()
    )
    surfacing_functions: tuple[str, ...] = ()
    http_clients: tuple[str, ...] = ()
    sdk_clients: tuple[str, ...] = ()
    placeholders: tuple[str, ...] = ()
    connectors: tuple[Connector, ...] = ()
    default_timeout: str = DEFAULT_TIMEOUT_LITERAL
    cache_dir: str = ".integration-lint-cache"
    extra: dict = field(default_factory=dict, compare=False, hash=False)

    def fingerprint(self) -> str:
        """Hash of every setting that can change a file's analysis (not the root)."""
        data = {
            "select": self.select,
            "ignore": self.ignore,
            "surfacing": self.surfacing_functions,
            "http": self.http_clients,
            "sdk": self.sdk_clients,
            "placeholders": self.placeholders,
            "connectors": [(c.name, c.paths, c.env_prefix) for c in self.connectors],
            "timeout": self.default_timeout,
        }
        return hashlib.sha256(json.dumps(data, sort_keys=True).encode()).hexdigest()[:16]

    def connector_for(self, relpath: str) -> Connector | None:
        for connector in self.connectors:
            for p in connector.paths:
                p = p.strip("/")
                if relpath == p or relpath.startswith(p + "/"):
                    return connector
        return None


# key -> (attribute, expected type description, converter)
def _str_list(key: str, value: object, where: str) -> tuple[str, ...]:
    if isinstance(value, str) or not isinstance(value, (list, tuple)) or not all(
        isinstance(v, str) for v in value
    ):
        raise ConfigError(f"{where}: `{key}` must be a list of strings, got {value!r}")
    return tuple(value)


def _str(key: str, value: object, where: str) -> str:
    if not isinstance(value, str):
        raise ConfigError(f"{where}: `{key}` must be a string, got {value!r}")
    return value


def _per_file_ignores(key: str, value: object, where: str):
    if not isinstance(value, dict):
        raise ConfigError(f"{where}: `{key}` must be a table of glob = [codes], got {value!r}")
    return tuple((k, _str_list(f"{key}.{k}", v, where)) for k, v in value.items())


def _connectors(key: str, value: object, where: str):
    if not isinstance(value, dict):
        raise ConfigError(f"{where}: `{key}` must be a table of connector tables, got {value!r}")
    out = []
    for name, spec in value.items():
        if not isinstance(spec, dict):
            raise ConfigError(f"{where}: `{key}.{name}` must be a table, got {spec!r}")
        unknown = set(spec) - {"paths", "env-prefix"}
        if unknown:
            raise ConfigError(
                f"{where}: unknown key `{key}.{name}.{sorted(unknown)[0]}` "
                "(allowed: paths, env-prefix)"
            )
        paths = _str_list(f"{key}.{name}.paths", spec.get("paths", []), where)
        prefix = _str(
            f"{key}.{name}.env-prefix", spec.get("env-prefix", name.upper() + "_"), where
        )
        out.append(Connector(name=name, paths=paths, env_prefix=prefix))
    return tuple(out)


def _positive_number(value: object) -> bool:
    import math

    return (
        isinstance(value, (int, float))
        and not isinstance(value, bool)
        and math.isfinite(value)
        and value > 0
    )


def _timeout(key: str, value: object, where: str) -> str:
    """A positive finite number, or [connect, read]: the literal the IL402 fix inserts."""
    if isinstance(value, list):
        if len(value) != 2 or not all(_positive_number(v) for v in value):
            raise ConfigError(
                f"{where}: `{key}` must be [connect, read] positive numbers, got {value!r}"
            )
        return f"({value[0]!r}, {value[1]!r})"
    if not _positive_number(value):
        raise ConfigError(f"{where}: `{key}` must be a positive number or [connect, read], got {value!r}")
    return repr(value)


KEYS = {
    "select": ("select", _str_list),
    "ignore": ("ignore", _str_list),
    "exclude": ("exclude", _str_list),
    "extend-exclude": ("extend_exclude", _str_list),
    "per-file-ignores": ("per_file_ignores", _per_file_ignores),
    "surfacing-functions": ("surfacing_functions", _str_list),
    "http-clients": ("http_clients", _str_list),
    "sdk-clients": ("sdk_clients", _str_list),
    "placeholders": ("placeholders", _str_list),
    "connectors": ("connectors", _connectors),
    "default-timeout": ("default_timeout", _timeout),
    "cache-dir": ("cache_dir", _str),
}


def _load_file(path: Path) -> dict | None:
    """The integration-lint table in `path`, or None when the file has none."""
    try:
        if path.name == "pyproject.toml":
            with path.open("rb") as fh:
                data = tomllib.load(fh)
            tool = data.get("tool", {})
            if not isinstance(tool, dict):
                raise ConfigError(f"{path}: `tool` must be a table, got {type(tool).__name__}")
            table = tool.get("integration-lint")
            if table is not None and not isinstance(table, dict):
                raise ConfigError(
                    f"{path}: `tool.integration-lint` must be a table, got {type(table).__name__}"
                )
            return table
        import yaml

        with path.open("r", encoding="utf-8") as fh:
            data = yaml.safe_load(fh)
        if data is None:
            return {}
        if not isinstance(data, dict):
            raise ConfigError(f"{path}: expected a mapping of settings, got {type(data).__name__}")
        return data
    except ConfigError:
        raise
    except Exception as exc:  # toml/yaml syntax errors, unreadable files
        raise ConfigError(f"{path}: cannot read configuration: {exc}") from exc


def find_config_file(start: Path) -> Path | None:
    """Walk up from `start` to the first `.integration-lint.yaml` or pyproject.toml with our table."""
    start = start.resolve()
    if start.is_file():
        start = start.parent
    for directory in (start, *start.parents):
        for name in (".integration-lint.yaml", ".integration-lint.yml"):
            candidate = directory / name
            if candidate.is_file():
                return candidate
        candidate = directory / "pyproject.toml"
        if candidate.is_file() and _load_file(candidate) is not None:
            return candidate
    return None


def _project_root_without_config(start: Path) -> Path:
    start = start.resolve()
    if start.is_file():
        start = start.parent
    for directory in (start, *start.parents):
        if (directory / ".git").exists():
            return directory
    return Path.cwd().resolve() if Path.cwd().resolve() in (start, *start.parents) else start


def build_config(table: dict, root: Path, source: Path | None) -> Config:
    where = str(source) if source else "configuration"
    values: dict = {}
    for key, value in table.items():
        if key not in KEYS:
            raise ConfigError(
                f"{where}: unknown key `{key}` in [tool.integration-lint] "
                f"(known keys: {', '.join(sorted(KEYS))})"
            )
        attr, convert = KEYS[key]
        values[attr] = convert(key, value, where)
    for key in ("select", "ignore"):
        attr = KEYS[key][0]
        if attr in values:
            values[attr] = validate_selectors(key, values[attr], where)
    extend = values.pop("extend_exclude", ())
    if "exclude" in values or extend:
        values["exclude"] = tuple(values.get("exclude", DEFAULT_USER_EXCLUDE)) + tuple(extend)
    return Config(root=root, source=source, **values)


def validate_selectors(key: str, selectors: tuple[str, ...], where: str) -> tuple[str, ...]:
    """`ALL` means every rule; any other selector must match at least one rule code."""
    from .rules.base import all_rules

    codes = all_rules()
    out = []
    for selector in selectors:
        selector = selector.strip().upper()
        if selector == "ALL":
            out.append("IL")
            continue
        if not any(code.startswith(selector) for code in codes):
            raise ConfigError(
                f"{where}: `{key}` entry `{selector}` matches no rule (see `integration-lint rules`)"
            )
        out.append(selector)
    return tuple(out)


def load_config(start: Path, explicit: Path | None = None) -> Config:
    if explicit is not None:
        if not explicit.is_file():
            raise ConfigError(f"{explicit}: configuration file not found")
        table = _load_file(explicit)
        return build_config(table or {}, explicit.resolve().parent, explicit.resolve())
    found = find_config_file(start)
    if found is None:
        return Config(root=_project_root_without_config(start))
    return build_config(_load_file(found) or {}, found.parent, found)


def is_enabled(code: str, select: tuple[str, ...], ignore: tuple[str, ...]) -> bool:
    """ruff semantics: the most specific matching selector wins; ties go to ignore."""
    best_select = max((len(s) for s in select if code.startswith(s)), default=-1)
    best_ignore = max((len(s) for s in ignore if code.startswith(s)), default=-1)
    return best_select >= 0 and best_select > best_ignore
