"""Reading a registry CSV (检查对象名录库) into a :class:`~jointcheck.population.Population`.

The format (``docs/readers.md``): UTF-8 (a byte-order mark is allowed; another encoding is
named with ``encoding=``), a header line naming the columns ``code`` and ``tier`` and
optionally ``jurisdiction``, ``kind`` and ``status`` in any order, then one subject per line.
Blank lines are skipped. Every problem is reported as ``FILE:LINE: ...`` with the line number
in the file (the header is line 1). Labels are read by :meth:`RiskTier.parse`,
:meth:`SubjectKind.parse` and :meth:`OperatingStatus.parse`, as everywhere else.

Files without a double quote are read column by column with numpy (the positions of the
commas and line ends are found in one pass, each column is gathered as a fixed-width array
and its distinct labels are read once). Files with quoted fields go through Python's
:mod:`csv` module first, which is several times slower but gives the same result.
"""

from __future__ import annotations

import csv
import io
from array import array
from collections.abc import Callable
from dataclasses import dataclass, field

import numpy as np
import numpy.typing as npt

from jointcheck._internal.checked import checked
from jointcheck._internal.text import shorten
from jointcheck.errors import (
    CreditCodeError,
    InvalidInputError,
    PopulationError,
    UnknownLabelError,
)
from jointcheck.io._progress import SILENT, ReadProgress
from jointcheck.io._source import MAX_FIELD_BYTES, LineError, Source, load, to_utf8
from jointcheck.model import OperatingStatus, RiskTier, SubjectKind, validate_subject_code
from jointcheck.population import Population

__all__ = [
    "MAX_ROWS",
    "REGISTRY_COLUMNS",
    "REQUIRED_COLUMNS",
    "read_registry",
]

REGISTRY_COLUMNS = ("code", "tier", "jurisdiction", "kind", "status")
"""Columns a registry CSV may have, in their usual order."""

REQUIRED_COLUMNS = ("code", "tier")
"""Columns it must have."""

MAX_ROWS = 100_000_000
"""Default bound on the subjects of one registry (a province holds about 10 million)."""


_MAX_HEADER_BYTES = 1 << 16

_CHUNK_LINES = 1 << 20
_MAX_FAST_LABEL = 256
_SHOWN = 5
_UNIT = 0x1F  # the separator of the canonical buffer built from a quoted file
_QUOTE, _COMMA, _NEWLINE = ord('"'), ord(","), ord("\n")
_Int = npt.NDArray[np.int64]


def _parse_kind(label: str) -> int:
    """A ``kind`` cell (:meth:`SubjectKind.parse`); empty is ENTERPRISE."""
    return SubjectKind.parse(label).code if label.strip() else SubjectKind.ENTERPRISE.code


def _parse_status(label: str) -> int:
    """A ``status`` cell (:meth:`OperatingStatus.parse`); empty is OPERATING."""
    return OperatingStatus.parse(label).code if label.strip() else OperatingStatus.OPERATING.code


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
    "kind": _parse_kind,
    "status": _parse_status,
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
        raise LineError(int(lines[empty[0]]), "code is empty; every subject needs its code")
    long = np.flatnonzero(lengths > 18)
    if len(long):
        row = int(long[0])
        size = int(ends[row] - starts[row])
        text = bytes(buf[starts[row] : starts[row] + min(size, 200)]).decode("utf-8", "replace")
        shown = _preview(text) if size > 200 else repr(text)
        raise LineError(
            int(lines[row]),
            f"code {shown} has {len(text) if size <= 200 else size:,} "
            f"{'characters' if size <= 200 else 'bytes'}; a 统一社会信用代码 has 18 and a 注册号 15",
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


@dataclass(frozen=True)
class _Limits:
    rows: int
    field_bytes: int


def _header(line: bytes, *, ignore_unknown: bool) -> tuple[tuple[str, ...], list[int], int]:
    """The known column names, their positions among the header's fields, and the number
    of fields."""
    if len(line) > _MAX_HEADER_BYTES:
        raise LineError(
            1,
            f"the header line is {len(line):,} bytes long (at most {_MAX_HEADER_BYTES:,}); it "
            f"must name the columns, e.g. {','.join(REGISTRY_COLUMNS)}",
        )
    text = line.decode("utf-8").rstrip("\r")
    try:
        fields = next(csv.reader([text], strict=True), [])
    except csv.Error as exc:
        raise LineError(1, f"the header line is not valid CSV: {exc}") from None
    names = [f.strip().lower() for f in fields]
    if not text.strip():
        raise LineError(
            1,
            "the header line is empty; it must name the columns, e.g. "
            + ",".join(REGISTRY_COLUMNS),
        )
    twice = sorted({n for n in names if names.count(n) > 1})
    if twice:
        raise LineError(
            1, f"column(s) {', '.join(map(shorten, twice))} appear more than once in the header"
        )
    missing = [c for c in REQUIRED_COLUMNS if c not in names]
    if missing:
        separator = next(
            (
                f" (fields are separated by commas, not {w})"
                for c, w in ((";", "semicolons"), ("\t", "tabs"))
                if c in text
            ),
            "",
        )
        raise LineError(
            1,
            f"the header has no column {' or '.join(missing)}; it reads {shorten(text)} and "
            "must name code and tier (optional: jurisdiction, kind, status), e.g. "
            "code,tier,jurisdiction" + separator,
        )
    unknown = [f for f, n in zip(fields, names, strict=True) if n not in REGISTRY_COLUMNS]
    if unknown and not ignore_unknown:
        raise LineError(
            1,
            f"unknown column(s) {', '.join(map(shorten, unknown[:5]))}; the columns are "
            f"{', '.join(REGISTRY_COLUMNS)} (code and tier required). Remove the others, or "
            "skip them: ignore_unknown_columns=True (--ignore-unknown-columns)",
        )
    known = [(n, i) for i, n in enumerate(names) if n in REGISTRY_COLUMNS]
    return tuple(n for n, _ in known), [i for _, i in known], len(names)


def _preview(value: str) -> str:
    """The start of a long value, quoted, for a message that states its size."""
    return repr(value[:40]) + "…"


def _too_long(line: int, column: str, value: str, size: int, limit: int) -> LineError:
    return LineError(
        line,
        f"field {column} holds {size:,} bytes ({_preview(value)}); a field may hold at most "
        f"{limit:,} bytes (max_field_bytes)",
    )


def _too_many(line: int, limit: int) -> LineError:
    return LineError(
        line,
        f"the registry has more than {limit:,} subjects (max_rows); split it, or raise "
        "max_rows if a registry this large is expected",
    )


def _canonical(
    body: memoryview,
    *,
    ncols: int,
    header: str,
    limits: _Limits,
    progress: ReadProgress,
) -> tuple[memoryview, _Int]:
    """A quoted CSV body rewritten as unquoted rows (fields joined by 0x1F), with line numbers.

    Field sizes and the row limit are checked by the columnar pass that reads the result
    (fields of skipped columns are bounded by the csv module's field size limit).
    """
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
                raise LineError(line, f"expected {ncols} fields ({header}), found {len(row)}")
            for value in row:
                if "\n" in value or "\r" in value or "\x1f" in value:
                    raise LineError(
                        line,
                        f"field {_preview(value)} holds a line break or control character",
                    )
            rows.append("\x1f".join(row))
            lines.append(line)
            if len(lines) % 65536 == 0:
                progress.bar("reading", reader.line_num, total)
                if len(lines) > limits.rows:
                    break  # the columnar pass names the first row over the limit
    except csv.Error as exc:
        reason = str(exc)
        if "field larger than field limit" in reason:
            reason = (
                f"a field is larger than {csv.field_size_limit():,} characters; a field may "
                f"hold at most {limits.field_bytes:,} bytes (max_field_bytes)"
            )
        raise LineError(reader.line_num + 1, f"not valid CSV: {reason}") from None
    progress.bar("reading", total, total)
    return memoryview("\n".join(rows).encode("utf-8")), np.frombuffer(lines, dtype=np.int64)


def _simply_quoted(buf: npt.NDArray[np.uint8]) -> bool:
    """Whether every quote of ``buf`` opens or closes a whole field, with no comma, line break
    or quote between the two (``"城关",A``; not ``"a,b"``, ``"a""b"`` or ``a"b"``).

    Such a body is read as an unquoted one, the enclosing quotes left out of each field:
    exactly what the csv module reads from it, at the columnar reader's speed. Any other
    quoting goes through the csv module.
    """
    quotes = np.flatnonzero(buf == _QUOTE)
    if len(quotes) % 2:
        return False
    opens, closes = quotes[0::2], quotes[1::2]
    before = buf[np.maximum(opens - 1, 0)]
    after = buf[np.minimum(closes + 1, len(buf) - 1)]
    field_start = (opens == 0) | (before == _COMMA) | (before == _NEWLINE)
    field_end = (closes == len(buf) - 1) | (after == _COMMA) | (after == _NEWLINE) | (after == 13)
    if not (field_start.all() and field_end.all()):
        return False
    breaks = np.flatnonzero((buf == _COMMA) | (buf == _NEWLINE) | (buf == 13))
    return bool((np.searchsorted(breaks, opens) == np.searchsorted(breaks, closes)).all())


def _split(
    body: memoryview,
    *,
    sep: int,
    names: tuple[str, ...],
    positions: list[int],
    ncols: int,
    header: str,
    lines_of: _Int | None,
    limits: _Limits,
    progress: ReadProgress,
    unquote: bool = False,
) -> _Columns:
    """Read every row of an unquoted body; ``lines_of`` gives row line numbers (else 2, 3…).

    With ``unquote``, the body's quotes are known to enclose whole fields only (see
    :func:`_simply_quoted`), and a field's enclosing quotes are left out of its value.
    """
    buf = np.frombuffer(body, dtype=np.uint8)
    ends_all = np.flatnonzero(buf == 10)
    if len(body) and body[-1] != 10:
        ends_all = np.append(ends_all, len(buf))
    n_lines = len(ends_all)
    if lines_of is None:
        progress.decide(n_lines)
    columns = _Columns(names=names, labels={n: _Labels() for n in names if n != "code"})
    rows = 0
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
        if rows + len(keep) > limits.rows:
            raise _too_many(int(lines[limits.rows - rows]), limits.rows)
        rows += len(keep)
        if len(keep):
            lo, hi = int(starts[0]), int(ends[-1])
            seps = np.flatnonzero(buf[lo:hi] == sep).astype(np.int64) + lo
            first = np.searchsorted(seps, starts)
            count = np.searchsorted(seps, ends) - first
            wrong = np.flatnonzero(count != ncols - 1)
            if len(wrong):
                row = int(wrong[0])
                raise LineError(
                    int(lines[row]),
                    f"expected {ncols} fields ({header}), found {int(count[row]) + 1}",
                )
            for name, position in zip(names, positions, strict=True):
                f_starts = starts if position == 0 else seps[first + position - 1] + 1
                f_ends = ends if position == ncols - 1 else seps[first + position]
                if unquote:
                    quoted = (f_ends - f_starts >= 2) & (
                        buf[np.minimum(f_starts, len(buf) - 1)] == _QUOTE
                    )
                    f_starts, f_ends = f_starts + quoted, f_ends - quoted
                if name == "code":
                    columns.codes.append(_codes(buf, f_starts, f_ends, lines))
                    continue
                sizes = f_ends - f_starts
                long = np.flatnonzero(sizes > limits.field_bytes)
                if len(long):
                    row = int(long[0])
                    start = int(f_starts[row])
                    head = bytes(body[start : start + 4 * limits.field_bytes])
                    raise _too_long(
                        int(lines[row]),
                        name,
                        head.decode("utf-8", "replace"),
                        int(sizes[row]),
                        limits.field_bytes,
                    )
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
            raise LineError(line, exc.message) from None
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


@checked
def read_registry(
    source: Source,
    *,
    name: str | None = None,
    encoding: str = "utf-8",
    lenient_check_character: bool = False,
    ignore_unknown_columns: bool = False,
    allow_empty: bool = False,
    max_rows: int = MAX_ROWS,
    max_field_bytes: int = MAX_FIELD_BYTES,
    progress: ReadProgress = SILENT,
) -> Population:
    """Read a registry CSV (检查对象名录库) into a :class:`~jointcheck.population.Population`.

    Args:
        source: A path, or the file's bytes.
        name: How messages name the file (default: the path, or ``<registry>``).
        encoding: The file's text encoding, e.g. ``"gb18030"`` for a GBK export.
        lenient_check_character: Accept credit codes whose check character is wrong.
        ignore_unknown_columns: Skip columns other than :data:`REGISTRY_COLUMNS`.
        allow_empty: Accept a file with a header and no subjects (an empty population).
        max_rows: At most this many subjects.
        max_field_bytes: At most this many UTF-8 bytes in a label field.
        progress: Where to report progress on a large file (default: nowhere).

    Raises:
        InvalidInputError: the first problem found, as ``NAME:LINE: message`` naming the
            field, the value (shortened) and what is allowed.

    Examples:
        >>> population = read_registry(
        ...     "code,tier,kind\\n91350200776049653A,C类,个体工商户\\n".encode(), name="名录库.csv"
        ... )
        >>> population
        Population(1 subject: HIGHER 1; 1 jurisdiction)
        >>> read_registry(b"code,tier\\n91350200776049653A,E\\n", name="名录库.csv")
        Traceback (most recent call last):
        ...
        jointcheck.errors.InvalidInputError: 名录库.csv:2: risk tier label 'E' is not known; ...
    """
    for option, value in (("max_rows", max_rows), ("max_field_bytes", max_field_bytes)):
        if isinstance(value, bool) or not isinstance(value, int) or value < 1:
            raise InvalidInputError(
                f"{option}={shorten(value)} must be a whole number >= 1",
                field=option,
                value=value,
            )
    loaded = load(source, name=name, what="registry")
    try:
        return _read(
            loaded.data,
            name=loaded.name,
            progress=progress,
            encoding=encoding,
            lenient=lenient_check_character,
            ignore_unknown_columns=ignore_unknown_columns,
            allow_empty=allow_empty,
            limits=_Limits(rows=max_rows, field_bytes=max_field_bytes),
        )
    except LineError as bad:
        raise InvalidInputError(
            f"{loaded.name}:{bad.line}: {bad.message}", field="registry", value=loaded.name
        ) from None


def _read(
    data: bytes,
    *,
    name: str,
    progress: ReadProgress,
    encoding: str,
    lenient: bool,
    ignore_unknown_columns: bool,
    allow_empty: bool,
    limits: _Limits,
) -> Population:
    data = to_utf8(data, encoding=encoding)
    # Offsets into ``data`` rather than slices: a province's registry is hundreds of MB.
    if not data[:4096].strip() and not data.strip():
        raise LineError(
            1, f"the file is empty; it needs a header line such as {','.join(REGISTRY_COLUMNS)}"
        )
    cut = data.find(b"\n")
    end = len(data) if cut < 0 else cut
    head = data[:end]
    body = memoryview(data)[end + 1 :] if cut >= 0 else memoryview(b"")
    names, positions, ncols = _header(head, ignore_unknown=ignore_unknown_columns)
    header = head.decode("utf-8").strip()
    quoted = data.find(b'"', end) >= 0 or data.count(b"\r", end) != data.count(b"\r\n", end)
    simple = (
        quoted
        and data.count(b"\r", end) == data.count(b"\r\n", end)
        and _simply_quoted(np.frombuffer(body, dtype=np.uint8))
    )
    if quoted and not simple:
        canonical, lines_of = _canonical(
            body,
            ncols=ncols,
            header=header,
            limits=limits,
            progress=progress,
        )
        columns = _split(
            canonical,
            sep=_UNIT,
            names=names,
            positions=positions,
            ncols=ncols,
            header=header,
            lines_of=lines_of,
            limits=limits,
            progress=progress,
        )
    else:
        columns = _split(
            body,
            sep=_COMMA,
            names=names,
            positions=positions,
            ncols=ncols,
            header=header,
            lines_of=None,
            limits=limits,
            progress=progress,
            unquote=simple,
        )
    codes = np.concatenate(columns.codes) if columns.codes else np.zeros(0, dtype="S18")
    lines = np.concatenate(columns.lines) if columns.lines else np.zeros(0, dtype=np.int64)
    if not len(codes) and not allow_empty:
        raise LineError(
            2,
            "the file has a header but no subjects; a registry lists one subject per line "
            "after the header",
        )
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
