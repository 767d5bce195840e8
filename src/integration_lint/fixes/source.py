"""Reading a source file for fixing and writing it back exactly as it was, plus the fixes.

A fixed file keeps its encoding (PEP 263 cookie or UTF-8), its byte-order mark, its line endings
and its permissions; it is written to a temporary file in the same folder and renamed over the
original, and only when the original still holds the bytes that were fixed.
"""

from __future__ import annotations

import codecs
import hashlib
import io
import os
import stat
import tempfile
import tokenize
from dataclasses import dataclass


class ChangedOnDisk(Exception):
    """The file no longer holds the bytes the fixes were computed from."""


class UnsupportedSource(Exception):
    """A file the fixer will not touch (cannot decode, bare-CR line endings, …)."""


@dataclass(frozen=True)
class SourceText:
    path: str
    text: str  # decoded, without the BOM
    encoding: str
    bom: bool
    newline: str  # "\r\n" when the file's lines end that way, else "\n"
    digest: str  # sha256 of the bytes read

    def encode(self, text: str) -> bytes:
        """`text` as bytes in this file's encoding (raises UnsupportedSource when impossible)."""
        try:
            data = text.encode(self.encoding)
        except (UnicodeEncodeError, LookupError) as exc:
            raise UnsupportedSource(
                f"the fixed text cannot be encoded as {self.encoding}: {exc}"
            ) from exc
        return (codecs.BOM_UTF8 + data) if self.bom else data


def digest(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def dominant_newline(text: str) -> str:
    crlf = text.count("\r\n")
    return "\r\n" if crlf and crlf * 2 >= text.count("\n") else "\n"


def decode(path: str, data: bytes) -> SourceText:
    try:
        encoding, _ = tokenize.detect_encoding(io.BytesIO(data).readline)
    except SyntaxError as exc:
        raise UnsupportedSource(str(exc)) from exc
    bom = data.startswith(codecs.BOM_UTF8)
    if encoding == "utf-8-sig":
        encoding = "utf-8"
    raw = data[len(codecs.BOM_UTF8) :] if bom else data
    try:
        text = raw.decode(encoding)
    except (UnicodeDecodeError, LookupError) as exc:
        raise UnsupportedSource(f"cannot decode as {encoding}: {exc}") from exc
    if "\r" in text.replace("\r\n", ""):
        # Python counts a bare CR as a line break; edit positions count only LF. Leave it alone.
        raise UnsupportedSource("the file has bare CR line endings")
    return SourceText(path, text, encoding, bom, dominant_newline(text), digest(data))


def read_source(path: str) -> SourceText:
    with open(path, "rb") as fh:
        data = fh.read()
    return decode(path, data)


def write_atomic(source: SourceText, text: str) -> None:
    """Replace the file with `text` unless it changed on disk since `source` was read."""
    data = source.encode(text)
    target = os.path.realpath(source.path)  # keep a symlink a symlink: write where it points
    directory, name = os.path.split(target)
    st = os.stat(target)
    fd, tmp = tempfile.mkstemp(dir=directory, prefix=f".{name}.", suffix=".integration-lint-fix")
    try:
        with os.fdopen(fd, "wb") as fh:
            fh.write(data)
            fh.flush()
            os.fsync(fh.fileno())
        os.chmod(tmp, stat.S_IMODE(st.st_mode))
        if hasattr(os, "chown"):
            try:
                os.chown(tmp, st.st_uid, st.st_gid)
            except OSError:
                pass  # not permitted (not root): the file keeps our ownership, like any editor save
        with open(target, "rb") as fh:
            current = digest(fh.read())
        if current != source.digest:
            raise ChangedOnDisk(f"{source.path} changed on disk since it was read; not overwritten")
        os.replace(tmp, target)
    except BaseException:
        try:
            os.unlink(tmp)
        except OSError:
            pass
        raise
