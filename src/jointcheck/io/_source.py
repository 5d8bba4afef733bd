"""What every reader does first: get the bytes, refuse what is not text, decode to UTF-8.

A reader takes a path (``str`` or :class:`os.PathLike`) or the file's bytes; messages name
the file as ``NAME:LINE: ...`` (``name=`` overrides the path, e.g. ``<stdin>``). Each check
here is one clear :class:`~jointcheck.errors.InvalidInputError`:

* binary content (a NUL byte; an xlsx or zip file) is not a text table;
* a UTF-16 file (Excel's "Unicode text") must be named with ``encoding="utf-16"``;
* text that is not UTF-8 names its line, and says when it reads as GBK/GB18030
  (``encoding="gb18030"``, ``--encoding gb18030`` on the command line);
* a UTF-8 byte-order mark is dropped.
"""

from __future__ import annotations

import codecs
import os
from dataclasses import dataclass
from pathlib import Path

from jointcheck._internal.text import shorten
from jointcheck.errors import InvalidInputError

__all__ = [
    "MAX_FIELD_BYTES",
    "LineError",
    "Source",
    "check_encoding",
    "line_of",
    "load",
    "to_utf8",
]

Source = str | os.PathLike[str] | bytes
"""A path to read, or the file's content."""

MAX_FIELD_BYTES = 4096
"""Default bound on one field of a table (a label, a name), in UTF-8 bytes."""

_ZIP = b"PK\x03\x04"
_UTF16 = (codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)
_STEP = 1 << 24


class LineError(Exception):
    """A problem at a line of the file (turned into ``NAME:LINE: message``)."""

    def __init__(self, line: int, message: str) -> None:
        super().__init__(message)
        self.line = line
        self.message = message


@dataclass(frozen=True)
class Loaded:
    """A file's bytes and the name its messages use."""

    data: bytes
    name: str


def load(source: Source, *, name: str | None, what: str) -> Loaded:
    """The bytes of ``source`` (a path or the content) and the name for messages.

    Raises:
        InvalidInputError: the path does not exist, is a directory or cannot be read, or
            ``source`` is neither a path nor bytes.
    """
    if isinstance(source, (bytes, bytearray, memoryview)):
        return Loaded(bytes(source), name or f"<{what}>")
    if not isinstance(source, (str, os.PathLike)):
        raise InvalidInputError(
            f"{what} source {shorten(source)} is a {type(source).__name__}; give a path "
            "(str or pathlib.Path) or the file's bytes",
            field="source",
            value=source,
        )
    path = Path(source)
    shown = name or str(path)
    try:
        return Loaded(path.read_bytes(), shown)
    except FileNotFoundError:
        raise InvalidInputError(
            f"{what} {str(path)!r} does not exist (working directory: {Path.cwd()})",
            field=what,
            value=str(path),
        ) from None
    except IsADirectoryError:
        raise InvalidInputError(
            f"{what} {str(path)!r} is a directory; give a file", field=what, value=str(path)
        ) from None
    except OSError as exc:
        raise InvalidInputError(
            f"cannot read {what} {str(path)!r}: {exc.strerror or exc}",
            field=what,
            value=str(path),
        ) from None
    except (UnicodeEncodeError, ValueError):  # a lone surrogate or a NUL: no file has it
        raise InvalidInputError(
            f"{what} path {shorten(str(path))} cannot name a file (it holds a NUL or a "
            "character the file system cannot encode); give a file's path or its bytes",
            field=what,
            value=str(path),
        ) from None


def line_of(data: bytes, offset: int) -> int:
    """The 1-based line number of byte ``offset``."""
    return data.count(b"\n", 0, offset) + 1


def check_encoding(encoding: str) -> str:
    """Python's canonical name of ``encoding``.

    Raises:
        InvalidInputError: Python knows no such text encoding.
    """
    try:
        info = codecs.lookup(encoding)
    except (LookupError, TypeError, ValueError):
        info = None
    if info is None or not getattr(info, "_is_text_encoding", True):
        raise InvalidInputError(
            f"encoding {shorten(encoding)} is not a text encoding Python knows (--encoding "
            f"{shorten(encoding)} is not a text encoding); e.g. utf-8, gb18030",
            field="encoding",
            value=encoding,
        )
    return info.name


def to_utf8(data: bytes, *, encoding: str = "utf-8") -> bytes:
    """``data`` as UTF-8 without a byte-order mark, after the checks of this module.

    Raises:
        LineError: binary content, a UTF-16 file not named as such, or bytes that are not
            valid in ``encoding`` (the line of the first one).
        InvalidInputError: an unknown ``encoding``.
    """
    codec = check_encoding(encoding)
    wide = codec.startswith(("utf-16", "utf-32"))
    if not wide:
        _refuse_binary(data)
    if codec != "utf-8":
        try:
            text = data.decode(codec)
        except UnicodeDecodeError as exc:
            raise LineError(
                line_of(data, exc.start),
                f"the file is not valid {encoding} (byte 0x{data[exc.start]:02X}: {exc.reason}); "
                "name the encoding it was saved in",
            ) from None
        data = text.lstrip("\ufeff").encode("utf-8")
        if wide:
            _refuse_binary(data)
    else:
        _check_utf8(data)
    return data[len(codecs.BOM_UTF8) :] if data.startswith(codecs.BOM_UTF8) else data


def _refuse_binary(data: bytes) -> None:
    if data.startswith(_ZIP):
        raise LineError(
            1,
            "the file is an xlsx or zip archive, not a text table; save the sheet as "
            "CSV UTF-8 (逗号分隔) and read that",
        )
    if data.startswith(_UTF16):
        raise LineError(
            1,
            "the file is UTF-16 text (Excel's Unicode text); save it as CSV UTF-8, or name "
            "its encoding: encoding='utf-16' (--encoding utf-16)",
        )
    nul = data.find(b"\x00")
    if nul >= 0:
        raise LineError(
            line_of(data, nul),
            f"the file holds binary data (a NUL byte at offset {nul:,}); a text table "
            "(CSV UTF-8) is expected",
        )


def _check_utf8(data: bytes) -> None:
    if data.isascii():
        return
    decoder = codecs.getincrementaldecoder("utf-8")()
    view = memoryview(data)
    for offset in range(0, len(data), _STEP):
        try:
            decoder.decode(view[offset : offset + _STEP], final=offset + _STEP >= len(data))
        except UnicodeDecodeError as exc:
            at = offset + exc.start
            raise LineError(
                line_of(data, at),
                f"the file is not UTF-8 (byte 0x{data[at]:02X}){_guess(data)}; save it as "
                "UTF-8, or name its encoding: encoding='gb18030' (--encoding gb18030) for a "
                "GBK export",
            ) from None


def _guess(data: bytes) -> str:
    """`` and reads as GBK/GB18030`` when it does (checked on the first 64 KiB)."""
    head = data[: 1 << 16]
    cut = head.rfind(b"\n") + 1 if len(data) > len(head) else len(head)
    try:
        head[: cut or len(head)].decode("gb18030")
    except UnicodeDecodeError:
        return ""
    return "; it reads as GBK/GB18030"
