"""Find the Python files to lint: honours .gitignore files, `exclude`, and generated-file markers."""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path

import pathspec

from .config import DEFAULT_EXCLUDE, Config

GENERATED_MARKER = b"@" + b"generated"  # split so this file is not itself "generated"


class DiscoveryError(Exception):
    """A path given on the command line does not exist (exit code 2)."""


@dataclass(frozen=True)
class SourceFile:
    abspath: str
    relpath: str  # posix, relative to the project root (or absolute posix when outside it)


def relpath_for(path: Path, root: Path) -> str:
    try:
        return path.resolve().relative_to(root).as_posix()
    except ValueError:
        return path.resolve().as_posix()


def _fast_relpath(abspath: str, root: str) -> str:
    """relpath for a path already absolute and resolved (from scandir below a resolved folder)."""
    if abspath.startswith(root) and abspath[len(root):len(root) + 1] == os.sep:
        return abspath[len(root) + 1:].replace(os.sep, "/")
    return Path(abspath).as_posix()


class _GitIgnores:
    """.gitignore files found while walking, each applying to paths below its folder."""

    def __init__(self) -> None:
        self._specs: dict[str, pathspec.PathSpec | None] = {}

    def spec_for(self, directory: str) -> pathspec.PathSpec | None:
        if directory not in self._specs:
            spec = None
            gitignore = os.path.join(directory, ".gitignore")
            if os.path.isfile(gitignore):
                try:
                    with open(gitignore, encoding="utf-8", errors="replace") as fh:
                        spec = pathspec.GitIgnoreSpec.from_lines(fh)
                except OSError:
                    spec = None
            self._specs[directory] = spec
        return self._specs[directory]

    def ignored(self, path: str, is_dir: bool, ancestors: list[str]) -> bool:
        for directory in ancestors:
            spec = self.spec_for(directory)
            if spec is None:
                continue
            rel = os.path.relpath(path, directory).replace(os.sep, "/")
            if is_dir:
                rel += "/"
            if spec.match_file(rel):
                return True
        return False


def _git_top(start: str) -> str | None:
    directory = start
    while True:
        if os.path.exists(os.path.join(directory, ".git")):
            return directory
        parent = os.path.dirname(directory)
        if parent == directory:
            return None
        directory = parent


# Default-excluded names that are also common package names (`helpers/build/`, `pkg/dist/`): a
# folder of that name holding an `__init__.py` is source, not a build output, and is linted
# (setuptools' `build/lib/...` and a wheel's `dist/` have none at their top). ruff dropped
# `build` from its defaults in 0.3 for the same confusion.
_SOURCE_PACKAGE_NAMES = frozenset({"build", "dist"})


def _is_file(entry: os.DirEntry) -> bool:
    """A regular file (or a link to one); a symlink loop or dangling link is not, and never raises."""
    try:
        return entry.is_file()
    except OSError:
        return False


def is_generated(head: bytes) -> bool:
    return GENERATED_MARKER in head


def discover(paths: list[Path], config: Config, force_exclude: bool = False) -> list[SourceFile]:
    root = config.root
    user_spec = pathspec.PathSpec.from_lines("gitignore", config.exclude)
    builtin_names = set(DEFAULT_EXCLUDE)
    gitignores = _GitIgnores()
    found: dict[str, SourceFile] = {}

    root_str = str(root)

    def excluded(abspath: str, is_dir: bool) -> bool:
        if not config.exclude:
            return False
        rel = _fast_relpath(abspath, root_str)
        return user_spec.match_file(rel + ("/" if is_dir else ""))

    for given in paths:
        if not given.exists():
            raise DiscoveryError(f"{given}: no such file or directory")
        abspath = str(given.resolve())
        if given.is_file():
            if force_exclude and excluded(abspath, False):
                continue
            found[abspath] = SourceFile(abspath, relpath_for(given, root))
            continue
        top = _git_top(abspath)
        # .gitignore files between the repository top and the given folder apply too.
        base_ancestors: list[str] = []
        if top is not None:
            directory = abspath
            while True:
                base_ancestors.insert(0, directory)
                if directory == top:
                    break
                directory = os.path.dirname(directory)
        else:
            base_ancestors = [abspath]
        stack = [(abspath, base_ancestors)]
        while stack:
            directory, ancestors = stack.pop()
            try:
                entries = sorted(os.scandir(directory), key=lambda e: e.name)
            except OSError:
                continue
            for entry in entries:
                name = entry.name
                try:
                    is_dir = entry.is_dir(follow_symlinks=False)
                except OSError:
                    continue
                if is_dir:
                    if name in builtin_names and not (
                        name in _SOURCE_PACKAGE_NAMES and os.path.isfile(os.path.join(entry.path, "__init__.py"))
                    ):
                        continue
                    if top is not None and gitignores.ignored(entry.path, True, ancestors):
                        continue
                    if excluded(entry.path, True):
                        continue
                    stack.append((entry.path, ancestors + [entry.path]))
                elif name.endswith(".py") and _is_file(entry):
                    if top is not None and gitignores.ignored(entry.path, False, ancestors):
                        continue
                    if excluded(entry.path, False):
                        continue
                    found[entry.path] = SourceFile(entry.path, _fast_relpath(entry.path, root_str))
    return sorted(found.values(), key=lambda f: f.relpath)
