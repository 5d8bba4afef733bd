"""Reading a registry CSV (检查对象名录库) into a :class:`~jointcheck.population.Population`.

The format (``docs/cli.md``): UTF-8 (a byte-order mark is allowed), a header line naming the
columns ``code`` and ``tier`` and optionally ``jurisdiction``, ``kind`` and ``status`` in any
order, then one subject per line. Blank lines are skipped. Every problem is reported as
``FILE:LINE: ...`` with the line number in the file (the header is line 1).

Files without a double quote are read column by column with numpy (the positions of the
commas and line ends are found in one pass, each column is gathered as a fixed-width array
and its distinct labels are read once). Files with quoted fields go through Python's
:mod:`csv` module first, which is several times slower but gives the same result.
"""

from __future__ import annotations

import codecs
import csv
import io
from array import array
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field

import numpy as np
import numpy.typing as npt

from jointcheck._internal.credit_code import validate_subject_code
from jointcheck.cli._progress import Progress
from jointcheck.errors import (
    CreditCodeError,
    InvalidInputError,
    PopulationError,
    UnknownLabelError,
)
from jointcheck.model import OperatingStatus, RiskTier, SubjectKind
from jointcheck.population import Population

__all__ = ["COLUMNS", "REQUIRED", "parse_kind", "parse_status", "read_registry"]

COLUMNS = ("code", "tier", "jurisdiction", "kind", "status")
"""Columns a registry CSV may have, in their usual order."""

REQUIRED = ("code", "tier")
"""Columns it must have."""

_CHUNK_LINES = 1 << 20
_MAX_FAST_LABEL = 256
_SHOWN = 5
_UNIT = 0x1F  # the separator of the canonical buffer built from a quoted file
_Int = npt.NDArray[np.int64]


class _LineError(Exception):
    """A problem at a line of the file (turned into ``FILE:LINE: message``)."""

    def __init__(self, line: int, message: str) -> None:
        super().__init__(message)
        self.line = line
        self.message = message


def _enum_parser(
    members: Sequence[SubjectKind | OperatingStatus], what: str
) -> Callable[[str], int]:
    table: dict[str, int] = {}
    for code, member in enumerate(members):
        table[member.value.upper()] = code
        table[member.label] = code
    accepted = ", ".join(f"{m.value} ({m.label})" for m in members)

    def parse(label: str) -> int:
        key = label.strip()
        if not key:
            return 0
        found = table.get(key, table.get(key.upper()))
        if found is None:
            raise UnknownLabelError(
                f"{what} {label!r} is not known; accepted: {accepted}, or empty for "
                f"{members[0].value}",
                value=label,
                accepted=tuple(table),
                field=what,
            )
        return found

    return parse


parse_kind = _enum_parser(tuple(SubjectKind), "kind")
"""A ``kind`` cell: a :class:`SubjectKind` name or Chinese label; empty is ENTERPRISE."""

parse_status = _enum_parser(tuple(OperatingStatus), "status")
"""A ``status`` cell: an :class:`OperatingStatus` name or Chinese label; empty is OPERATING."""


def _parse_tier(label: str) -> int:
    if not label.strip():
        raise UnknownLabelError(
            "tier is empty; write the tier of every subject (A/B/C/D, 低风险…高风险), and "
            "无风险等级 or UNRATED for a subject without one",
            value=label,
            accepted=(),
            field="tier",
        )
    return RiskTier.parse(label).code


_PARSERS: dict[str, Callable[[str], int]] = {
    "tier": _parse_tier,
    "kind": parse_kind,
    "status": parse_status,
}


@dataclass
class _Labels:
    """The distinct labels of one column over every chunk, and each row's label number."""

    ids: dict[bytes, int] = field(default_factory=dict)
    first_line: list[int] = field(default_factory=list)
    rows: list[npt.NDArray[np.uint32]] = field(default_factory=list)

    def add(self, uniques: list[bytes], inverse: _Int, first_lines: list[int]) -> None:
        remap = np.empty(len(uniques), dtype=np.uint32)
        for i, label in enumerate(uniques):
            number = self.ids.get(label)
            if number is None:
                number = self.ids[label] = len(self.ids)
                self.first_line.append(first_lines[i])
            remap[i] = number
        self.rows.append(remap[inverse])

    def texts(self) -> list[str]:
        return [label.decode("utf-8") for label in self.ids]

    def numbers(self) -> npt.NDArray[np.uint32]:
        return np.concatenate(self.rows) if self.rows else np.zeros(0, dtype=np.uint32)


# ---------------------------------------------------------------------- columns of a chunk
def _gather(
    buf: npt.NDArray[np.uint8], starts: _Int, lengths: _Int, width: int
) -> npt.NDArray[np.uint8]:
    """Each field's bytes left-aligned in a ``(rows, width)`` matrix, NUL-padded."""
    out = np.zeros((len(starts), width), dtype=np.uint8)
    last = len(buf) - 1
    for j in range(width):
        column = buf[np.minimum(starts + j, last)]
        column[lengths <= j] = 0
        out[:, j] = column
    return out


def _codes(
    buf: npt.NDArray[np.uint8], starts: _Int, ends: _Int, lines: _Int
) -> npt.NDArray[np.bytes_]:
    lengths = ends - starts
    empty = np.flatnonzero(lengths == 0)
    if len(empty):
        raise _LineError(int(lines[empty[0]]), "code is empty; every subject needs its code")
    long = np.flatnonzero(lengths > 18)
    if len(long):
        row = int(long[0])
        text = bytes(buf[starts[row] : ends[row]]).decode("utf-8", "replace")
        raise _LineError(
            int(lines[row]),
            f"code {text!r} has {len(text)} characters; a 统一社会信用代码 has 18 and a 注册号 15",
        )
    return _gather(buf, starts, lengths, 18).view("S18").reshape(-1)


def _factorize(
    body: memoryview, buf: npt.NDArray[np.uint8], starts: _Int, ends: _Int
) -> tuple[list[bytes], _Int, _Int]:
    """Distinct field values (bytes), each row's index into them, and each value's first row.

    Fields are grouped by a 64-bit hash of their bytes and length; every row is then checked
    byte by byte against its group's first row, so a hash collision is never silent (it falls
    back to a dictionary).
    """
    lengths = ends - starts
    n = len(starts)
    width = int(lengths.max()) if n else 0
    if n and width <= _MAX_FAST_LABEL:
        last = len(buf) - 1
        hashes = lengths.astype(np.uint64) * np.uint64(0x9E3779B97F4A7C15)
        for j in range(width):
            column = buf[np.minimum(starts + j, last)].astype(np.uint64)
            column[lengths <= j] = 0
            hashes ^= column
            hashes *= np.uint64(0x100000001B3)
        _, first, inverse = np.unique(hashes, return_index=True, return_inverse=True)
        inverse = inverse.reshape(-1)
        rep = first[inverse]
        same = lengths[rep] == lengths
        for j in range(width):
            same &= (
                buf[np.minimum(starts + j, last)] == buf[np.minimum(starts[rep] + j, last)]
            ) | (lengths <= j)
        if bool(same.all()):
            uniques = [bytes(body[starts[r] : ends[r]]) for r in first.tolist()]
            return uniques, inverse.astype(np.int64), first.astype(np.int64)
    ids: dict[bytes, int] = {}
    firsts: list[int] = []
    out = np.empty(n, dtype=np.int64)
    for row, (a, b) in enumerate(zip(starts.tolist(), ends.tolist(), strict=True)):
        value = bytes(body[a:b])
        number = ids.get(value)
        if number is None:
            number = ids[value] = len(ids)
            firsts.append(row)
        out[row] = number
    return list(ids), out, np.array(firsts, dtype=np.int64)


# ---------------------------------------------------------------------- the reader
@dataclass
class _Columns:
    names: tuple[str, ...]
    codes: list[npt.NDArray[np.bytes_]] = field(default_factory=list)
    lines: list[_Int] = field(default_factory=list)
    labels: dict[str, _Labels] = field(default_factory=dict)


def _header(line: bytes, *, ignore_unknown: bool) -> tuple[tuple[str, ...], list[int], int]:
    """The known column names, their positions among the header's fields, and the number
    of fields."""
    text = line.decode("utf-8").rstrip("\r")
    fields = next(csv.reader([text]), [])
    names = [f.strip().lower() for f in fields]
    if not text.strip():
        raise _LineError(
            1, f"the header line is empty; it must name the columns, e.g. {','.join(COLUMNS)}"
        )
    twice = sorted({n for n in names if names.count(n) > 1})
    if twice:
        raise _LineError(1, f"column(s) {', '.join(twice)} appear more than once in the header")
    missing = [c for c in REQUIRED if c not in names]
    if missing:
        separator = next(
            (
                f" (fields are separated by commas, not {w})"
                for c, w in ((";", "semicolons"), ("\t", "tabs"))
                if c in text
            ),
            "",
        )
        raise _LineError(
            1,
            f"the header has no column {' or '.join(missing)}; it reads {text!r} and must name "
            f"code and tier (optional: jurisdiction, kind, status), e.g. code,tier,jurisdiction"
            + separator,
        )
    unknown = [f for f, n in zip(fields, names, strict=True) if n not in COLUMNS]
    if unknown and not ignore_unknown:
        raise _LineError(
            1,
            f"unknown column(s) {', '.join(map(repr, unknown))}; the columns are "
            f"{', '.join(COLUMNS)} (code and tier required). Remove the others, or pass "
            "--ignore-unknown-columns to skip them",
        )
    known = [(n, i) for i, n in enumerate(names) if n in COLUMNS]
    return tuple(n for n, _ in known), [i for _, i in known], len(names)


def _check_utf8(data: bytes) -> None:
    if data.isascii():
        return
    decoder = codecs.getincrementaldecoder("utf-8")()
    step = 1 << 24
    view = memoryview(data)
    for offset in range(0, len(data), step):
        try:
            decoder.decode(view[offset : offset + step], final=offset + step >= len(data))
        except UnicodeDecodeError as exc:
            at = offset + exc.start
            line = data.count(b"\n", 0, at) + 1
            raise _LineError(
                line,
                f"the file is not UTF-8 (byte 0x{data[at]:02X}); save it as UTF-8, or name its "
                "encoding with --encoding (e.g. --encoding gb18030 for a GBK export)",
            ) from None


def _canonical(
    body: memoryview, ncols: int, header: str, progress: Progress
) -> tuple[memoryview, _Int]:
    """A quoted CSV body rewritten as unquoted rows (fields joined by 0x1F), with line numbers."""
    text = str(body, "utf-8")
    progress.decide(text.count("\n"))
    total = max(1, text.count("\n"))
    reader = csv.reader(io.StringIO(text, newline=""), strict=True)
    rows: list[str] = []
    lines = array("q")
    try:
        for row in reader:
            if not row:
                continue
            line = reader.line_num + 1
            if len(row) != ncols:
                raise _LineError(line, f"expected {ncols} fields ({header}), found {len(row)}")
            for value in row:
                if "\n" in value or "\r" in value or "\x1f" in value:
                    raise _LineError(
                        line, f"field {value!r} holds a line break or control character"
                    )
            rows.append("\x1f".join(row))
            lines.append(line)
            if len(lines) % 65536 == 0:
                progress.bar("reading", reader.line_num, total)
    except csv.Error as exc:
        raise _LineError(reader.line_num + 1, f"not valid CSV: {exc}") from None
    progress.bar("reading", total, total)
    return memoryview("\n".join(rows).encode("utf-8")), np.frombuffer(lines, dtype=np.int64)


def _split(
    body: memoryview,
    *,
    sep: int,
    names: tuple[str, ...],
    positions: list[int],
    ncols: int,
    header: str,
    lines_of: _Int | None,
    progress: Progress,
) -> _Columns:
    """Read every row of an unquoted body; ``lines_of`` gives row line numbers (else 2, 3…)."""
    buf = np.frombuffer(body, dtype=np.uint8)
    ends_all = np.flatnonzero(buf == 10)
    if len(body) and body[-1] != 10:
        ends_all = np.append(ends_all, len(buf))
    n_lines = len(ends_all)
    if lines_of is None:
        progress.decide(n_lines)
    columns = _Columns(names=names, labels={n: _Labels() for n in names if n != "code"})
    for a in range(0, n_lines, _CHUNK_LINES):
        b = min(n_lines, a + _CHUNK_LINES)
        line_ends = ends_all[a:b].astype(np.int64)
        starts = np.empty(b - a, dtype=np.int64)
        starts[0] = 0 if a == 0 else int(ends_all[a - 1]) + 1
        starts[1:] = line_ends[:-1] + 1
        ends = line_ends.copy()
        nonempty = ends > starts
        cr = np.zeros(len(ends), dtype=bool)
        cr[nonempty] = buf[ends[nonempty] - 1] == 13
        ends -= cr
        keep = np.flatnonzero(ends > starts)
        lines = keep + (a + 2) if lines_of is None else lines_of[a + keep]
        starts, ends = starts[keep], ends[keep]
        if len(keep):
            lo, hi = int(starts[0]), int(ends[-1])
            seps = np.flatnonzero(buf[lo:hi] == sep).astype(np.int64) + lo
            first = np.searchsorted(seps, starts)
            count = np.searchsorted(seps, ends) - first
            wrong = np.flatnonzero(count != ncols - 1)
            if len(wrong):
                row = int(wrong[0])
                raise _LineError(
                    int(lines[row]),
                    f"expected {ncols} fields ({header}), found {int(count[row]) + 1}",
                )
            for name, position in zip(names, positions, strict=True):
                f_starts = starts if position == 0 else seps[first + position - 1] + 1
                f_ends = ends if position == ncols - 1 else seps[first + position]
                if name == "code":
                    columns.codes.append(_codes(buf, f_starts, f_ends, lines))
                else:
                    uniques, inverse, firsts = _factorize(body, buf, f_starts, f_ends)
                    columns.labels[name].add(uniques, inverse, lines[firsts].tolist())
            columns.lines.append(lines)
        if lines_of is None:
            progress.bar("reading", b, n_lines)
    return columns


def _label_codes(labels: _Labels, name: str) -> npt.NDArray[np.uint8]:
    parse = _PARSERS[name]
    table = np.empty(len(labels.ids), dtype=np.uint8)
    for number, (text, line) in enumerate(zip(labels.texts(), labels.first_line, strict=True)):
        try:
            table[number] = parse(text)
        except UnknownLabelError as exc:
            raise _LineError(line, exc.message) from None
    return table[labels.numbers()]


def _population_error(
    exc: PopulationError,
    codes: npt.NDArray[np.bytes_],
    lines: _Int,
    name: str,
    lenient: bool,
) -> InvalidInputError:
    if not exc.rows:
        return InvalidInputError(f"{name}: {exc.message}", field="registry", value=name)
    shown: list[str] = []
    first_seen: dict[str, int] = {}
    for row in exc.rows[: 2 * _SHOWN]:
        code = codes[row].decode("ascii", "replace")
        line = int(lines[row])
        try:
            validate_subject_code(code, lenient=lenient)
        except CreditCodeError as error:
            shown.append(f"{name}:{line}: {error.message}")
            continue
        if code in first_seen:
            shown.append(
                f"{name}:{line}: code {code!r} appears again (first on line "
                f"{first_seen[code]}); codes must be unique"
            )
        else:
            first_seen[code] = line
    if not shown:  # pragma: no cover - every rejected row is invalid or repeated
        return InvalidInputError(f"{name}: {exc.message}", field="registry", value=name)
    text = "\n".join(shown[:_SHOWN])
    if len(set(exc.rows)) > len(shown[:_SHOWN]) + len(first_seen):
        text += f"\n(in all: {exc.message.split(':')[0]})"
    return InvalidInputError(text, field="registry", value=name)


def read_registry(
    data: bytes,
    *,
    name: str,
    progress: Progress,
    encoding: str = "utf-8",
    lenient: bool = False,
    ignore_unknown_columns: bool = False,
) -> Population:
    """Parse registry CSV bytes into a Population; ``name`` is how messages name the file.

    Raises:
        InvalidInputError: the first problem found, as ``NAME:LINE: message``.
    """
    try:
        return _read(
            data,
            name=name,
            progress=progress,
            encoding=encoding,
            lenient=lenient,
            ignore_unknown_columns=ignore_unknown_columns,
        )
    except _LineError as bad:
        raise InvalidInputError(
            f"{name}:{bad.line}: {bad.message}", field="registry", value=name
        ) from None


def _read(
    data: bytes,
    *,
    name: str,
    progress: Progress,
    encoding: str,
    lenient: bool,
    ignore_unknown_columns: bool,
) -> Population:
    try:
        codec = codecs.lookup(encoding).name
    except LookupError:
        raise InvalidInputError(
            f"--encoding {encoding!r} is not a text encoding Python knows; e.g. utf-8, gb18030",
            field="encoding",
            value=encoding,
        ) from None
    if codec != "utf-8":
        try:
            data = data.decode(encoding).encode("utf-8")
        except UnicodeDecodeError as exc:
            line = data.count(b"\n", 0, exc.start) + 1
            raise _LineError(line, f"the file is not valid {encoding}: {exc.reason}") from None
    _check_utf8(data)
    # Offsets into ``data`` rather than slices: a province's registry is hundreds of MB.
    first = len(codecs.BOM_UTF8) if data.startswith(codecs.BOM_UTF8) else 0
    if not data[first : first + 4096].strip() and not data[first:].strip():
        raise _LineError(
            1, f"the file is empty; it needs a header line such as {','.join(COLUMNS)}"
        )
    cut = data.find(b"\n", first)
    end = len(data) if cut < 0 else cut
    head = data[first:end]
    body = memoryview(data)[end + 1 :] if cut >= 0 else memoryview(b"")
    names, positions, ncols = _header(head, ignore_unknown=ignore_unknown_columns)
    header = head.decode("utf-8").strip()
    quoted = data.find(b'"', end) >= 0 or data.count(b"\r", end) != data.count(b"\r\n", end)
    if quoted:
        canonical, lines_of = _canonical(body, ncols, header, progress)
        columns = _split(
            canonical,
            sep=_UNIT,
            names=names,
            positions=positions,
            ncols=ncols,
            header=header,
            lines_of=lines_of,
            progress=progress,
        )
    else:
        columns = _split(
            body,
            sep=ord(","),
            names=names,
            positions=positions,
            ncols=ncols,
            header=header,
            lines_of=None,
            progress=progress,
        )
    codes = np.concatenate(columns.codes) if columns.codes else np.zeros(0, dtype="S18")
    lines = np.concatenate(columns.lines) if columns.lines else np.zeros(0, dtype=np.int64)
    arrays = {
        n: _label_codes(columns.labels[n], n) for n in ("tier", "kind", "status") if n in names
    }
    jurisdictions = None
    if "jurisdiction" in names:
        labels = columns.labels["jurisdiction"]
        jurisdictions = np.array(labels.texts() or [""])[labels.numbers()]
    with progress.step(f"checking {len(codes):,} codes"):
        try:
            return Population.from_arrays(
                codes,
                arrays["tier"],
                jurisdictions=jurisdictions,
                kinds=arrays.get("kind"),
                statuses=arrays.get("status"),
                lenient_check_character=lenient,
            )
        except PopulationError as exc:
            raise _population_error(exc, codes, lines, name, lenient) from None
