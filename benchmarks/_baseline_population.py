"""Today's Population build (before the packed-key sort), kept as the benchmark baseline.

The build and digest of ``jointcheck.population`` as they were before the build was
rewritten, copied verbatim (the methods the benchmark never calls are left out):
``bench_population`` times ``from_arrays(...).digest()`` against the current build in the
same process and checks that both give the same digest. Not part of the library.

The module docstring of that version follows.

Columnar registries of market subjects (检查对象名录库) for sampling at province scale.

A :class:`Population` keeps one numpy array per column, sorted by subject code, so ten
million subjects take about 250 MB and sampling never builds a Python object per subject.

The digest
----------
:meth:`Population.digest` is the SHA-256 a draw is bound to. It is computed over::

    b"jointcheck-population-v1\\n"
    b"rows=<N>\\n"
    b"jurisdictions=<M>\\n"
    <each jurisdiction label, UTF-8, followed by b"\\n", sorted by their UTF-8 bytes>
    <N records of 25 bytes, in ascending byte order of the code>

and each record is::

    code          18 bytes  ASCII, a 15-digit 注册号 padded with NUL bytes
    tier           1 byte   RiskTier.code   (UNRATED 0, LOW 1, MEDIUM 2, HIGHER 3, HIGH 4)
    kind           1 byte   SubjectKind.code (ENTERPRISE 0 … OTHER 5, declaration order)
    status         1 byte   OperatingStatus.code (OPERATING 0 … MOVED_OUT 5)
    jurisdiction   4 bytes  big-endian index into the sorted label list above

so the digest depends on the content only, never on the order rows were given in.
"""

from __future__ import annotations

import hashlib
from enum import Enum
from typing import TYPE_CHECKING, Any

import numpy as np
import numpy.typing as npt

from jointcheck._internal.credit_code import CHARSET, WEIGHTS
from jointcheck.errors import PopulationError, UnknownLabelError
from jointcheck.model import OperatingStatus, RiskTier, SubjectKind

if TYPE_CHECKING:
    pass

__all__ = ["DIGEST_VERSION", "Population"]

DIGEST_VERSION = "jointcheck-population-v1"
"""Tag that opens the digest input; it changes whenever the encoding does."""

_RECORD = np.dtype(
    [("code", "S18"), ("tier", "u1"), ("kind", "u1"), ("status", "u1"), ("jurisdiction", ">u4")]
)
_SHOWN_ROWS = 10

_LUT = np.full(256, 255, dtype=np.uint8)
_LUT[np.frombuffer(CHARSET.encode(), dtype=np.uint8)] = np.arange(31, dtype=np.uint8)
_DIGIT = np.zeros(256, dtype=bool)
_DIGIT[ord("0") : ord("9") + 1] = True


class Population:
    """The previous build: ``from_arrays`` (stable string sort, ``np.unique`` labels) and ``digest``."""

    __slots__ = (
        "_codes",
        "_digest",
        "_jurisdiction_labels",
        "_jurisdictions",
        "_kinds",
        "_statuses",
        "_tiers",
    )

    def __init__(
        self,
        *,
        codes: npt.NDArray[np.bytes_],
        tiers: npt.NDArray[np.uint8],
        kinds: npt.NDArray[np.uint8],
        statuses: npt.NDArray[np.uint8],
        jurisdictions: npt.NDArray[np.uint32],
        jurisdiction_labels: tuple[str, ...],
    ) -> None:
        """Wrap columns that are already sorted by code, unique and valid.

        Use the ``from_*`` constructors instead; this one checks nothing.
        """
        for array in (codes, tiers, kinds, statuses, jurisdictions):
            array.flags.writeable = False
        self._codes = codes
        self._tiers = tiers
        self._kinds = kinds
        self._statuses = statuses
        self._jurisdictions = jurisdictions
        self._jurisdiction_labels = jurisdiction_labels
        self._digest: str | None = None

    # ------------------------------------------------------------------ constructors
    @classmethod
    def from_arrays(
        cls,
        codes: npt.ArrayLike,
        tiers: npt.ArrayLike,
        *,
        jurisdictions: npt.ArrayLike | None = None,
        kinds: npt.ArrayLike | None = None,
        statuses: npt.ArrayLike | None = None,
        lenient_check_character: bool = False,
    ) -> Population:
        """Build from parallel arrays.

        Args:
            codes: 统一社会信用代码 or 15-digit 注册号, as ``str`` or ASCII ``bytes``.
            tiers: :class:`RiskTier` members, their labels (``"A"``, ``"较高风险"``…) or codes 0–4.
            jurisdictions: One label per row; ``None`` gives every row the label ``""``.
            kinds: :class:`SubjectKind` members, names or codes; default ENTERPRISE.
            statuses: :class:`OperatingStatus` members, names or codes; default OPERATING.
            lenient_check_character: accept credit codes whose check character is wrong.

        Raises:
            PopulationError: invalid or duplicate codes, or columns of different lengths.
            UnknownLabelError: a tier, kind or status label that is not known.
        """
        code_array = _as_codes(codes)
        n = len(code_array)
        tier_array = _as_enum_codes(tiers, n, "tiers", _tier_code)
        kind_array = (
            np.zeros(n, dtype=np.uint8)
            if kinds is None
            else _as_enum_codes(kinds, n, "kinds", _enum_code(SubjectKind))
        )
        status_array = (
            np.zeros(n, dtype=np.uint8)
            if statuses is None
            else _as_enum_codes(statuses, n, "statuses", _enum_code(OperatingStatus))
        )
        if jurisdictions is None:
            labels: tuple[str, ...] = ("",)
            jur_array = np.zeros(n, dtype=np.uint32)
        else:
            labels, jur_array = _as_categories(jurisdictions, n)
        _check_codes(code_array, lenient=lenient_check_character)
        if len(code_array) < 2 or bool((code_array[1:] > code_array[:-1]).all()):
            # Already sorted and unique (the usual export ``ORDER BY code``): no sort needed.
            return cls(
                codes=code_array,
                tiers=tier_array,
                kinds=kind_array,
                statuses=status_array,
                jurisdictions=jur_array,
                jurisdiction_labels=labels,
            )
        order = np.argsort(code_array, kind="stable")
        sorted_codes = code_array[order]
        _check_unique(sorted_codes, order)
        return cls(
            codes=sorted_codes,
            tiers=tier_array[order],
            kinds=kind_array[order],
            statuses=status_array[order],
            jurisdictions=jur_array[order],
            jurisdiction_labels=labels,
        )

    # ------------------------------------------------------------------ columns

    def __len__(self) -> int:
        return int(self._codes.shape[0])

    # ------------------------------------------------------------------ queries

    def digest(self) -> str:
        """SHA-256 (hex) of the canonical content; see the module docstring for the encoding."""
        if self._digest is None:
            hasher = hashlib.sha256()
            hasher.update(f"{DIGEST_VERSION}\nrows={len(self)}\n".encode())
            hasher.update(f"jurisdictions={len(self._jurisdiction_labels)}\n".encode())
            for label in self._jurisdiction_labels:
                hasher.update(label.encode("utf-8") + b"\n")
            records = np.empty(len(self), dtype=_RECORD)
            records["code"] = self._codes
            records["tier"] = self._tiers
            records["kind"] = self._kinds
            records["status"] = self._statuses
            records["jurisdiction"] = self._jurisdictions
            hasher.update(records.tobytes())
            self._digest = hasher.hexdigest()
        return self._digest


# ---------------------------------------------------------------------- helpers


def _as_codes(codes: npt.ArrayLike) -> npt.NDArray[np.bytes_]:
    array = np.asarray(codes)
    if array.ndim != 1:
        raise PopulationError(
            f"codes must be one-dimensional, got shape {array.shape}",
            rows=(),
            field="codes",
            value=array.shape,
        )
    if array.dtype.kind == "O":
        array = array.astype(str) if len(array) else array.astype("U18")
    if array.dtype.kind == "U":
        try:
            wide = array.astype("S19")
        except UnicodeEncodeError:
            bad = [i for i, c in enumerate(array.tolist()) if not str(c).isascii()]
            raise _invalid_rows(array, bad, "has characters that are not ASCII") from None
    elif array.dtype.kind == "S":
        wide = array.astype("S19")
    elif len(array) == 0:
        wide = np.zeros(0, dtype="S19")
    else:
        raise PopulationError(
            f"codes must be strings, got dtype {array.dtype}",
            rows=(),
            field="codes",
            value=str(array.dtype),
        )
    too_long = wide.view(np.uint8).reshape(-1, 19)[:, 18] != 0 if len(wide) else np.zeros(0, bool)
    if too_long.any():
        raise _invalid_rows(wide, np.flatnonzero(too_long).tolist(), "is longer than 18 characters")
    return wide.astype("S18")


def _check_codes(codes: npt.NDArray[np.bytes_], *, lenient: bool) -> None:
    n = len(codes)
    if n == 0:
        return
    chars = codes.view(np.uint8).reshape(n, 18)
    length = np.count_nonzero(chars, axis=1)
    legacy = (length == 15) & (chars[:, 15:] == 0).all(axis=1) & _DIGIT[chars[:, :15]].all(axis=1)
    values = _LUT[chars]
    shape_ok = (length == 18) & (values != 255).all(axis=1) & _DIGIT[chars[:, 2:8]].all(axis=1)
    bad_shape = ~(legacy | shape_ok)
    if bad_shape.any():
        raise _invalid_rows(
            codes,
            np.flatnonzero(bad_shape).tolist(),
            "is neither an 18-character 统一社会信用代码 (charset "
            f"{CHARSET}, digits in positions 3-8) nor a 15-digit 注册号",
        )
    if lenient:
        return
    total = np.zeros(n, dtype=np.int32)
    for position, weight in enumerate(WEIGHTS):
        total += values[:, position].astype(np.int32) * weight
    expected = (31 - total % 31) % 31
    bad_check = shape_ok & (expected != values[:, 17])
    if bad_check.any():
        rows = np.flatnonzero(bad_check).tolist()
        details = [
            f"row {r}: {codes[r].decode()!r} expected check character {CHARSET[int(expected[r])]!r}"
            for r in rows[:_SHOWN_ROWS]
        ]
        more = f" (and {len(rows) - _SHOWN_ROWS} more)" if len(rows) > _SHOWN_ROWS else ""
        raise PopulationError(
            f"{len(rows)} code(s) fail the GB 32100-2015 check: " + "; ".join(details) + more,
            rows=tuple(rows),
            field="codes",
            value=codes[rows[0]].decode(),
        )


def _invalid_rows(codes: Any, rows: list[int], problem: str) -> PopulationError:
    shown = []
    for r in rows[:_SHOWN_ROWS]:
        value = codes[r]
        shown.append(
            f"row {r}: {value.decode(errors='replace') if isinstance(value, bytes) else str(value)!r}"
        )
    more = f" (and {len(rows) - _SHOWN_ROWS} more)" if len(rows) > _SHOWN_ROWS else ""
    first = codes[rows[0]]
    return PopulationError(
        f"{len(rows)} code(s) rejected, each {problem}: " + "; ".join(shown) + more,
        rows=tuple(rows),
        field="codes",
        value=first.decode(errors="replace") if isinstance(first, bytes) else str(first),
    )


def _check_unique(sorted_codes: npt.NDArray[np.bytes_], order: npt.NDArray[np.intp]) -> None:
    if len(sorted_codes) < 2:
        return
    same = sorted_codes[1:] == sorted_codes[:-1]
    if not same.any():
        return
    starts = np.flatnonzero(same)
    details = []
    rows: list[int] = []
    for s in starts[:_SHOWN_ROWS].tolist():
        pair = sorted((int(order[s]), int(order[s + 1])))
        rows.extend(pair)
        details.append(f"rows {pair[0]} and {pair[1]} share {sorted_codes[s].decode()!r}")
    more = f" (and {len(starts) - _SHOWN_ROWS} more)" if len(starts) > _SHOWN_ROWS else ""
    raise PopulationError(
        f"{len(starts)} duplicate code(s); codes must be unique: " + "; ".join(details) + more,
        rows=tuple(rows),
        field="codes",
        value=sorted_codes[starts[0]].decode(),
    )


def _factorize(
    labels: npt.NDArray[np.str_],
) -> tuple[npt.NDArray[np.str_], npt.NDArray[np.intp]]:
    """Distinct labels and each row's index into them, like ``np.unique(return_inverse=True)``.

    Sorting ten million strings is slow, so rows are first grouped by a 64-bit polynomial
    hash of their UCS-4 code points; if any two distinct labels share a hash (checked row by
    row), it falls back to the exact string sort.
    """
    if len(labels) == 0 or labels.dtype.itemsize == 0:
        return np.unique(labels, return_inverse=True)
    width = labels.dtype.itemsize // 4
    points = np.ascontiguousarray(labels).view(np.uint32).reshape(len(labels), width)
    hashes = np.zeros(len(labels), dtype=np.uint64)
    multiplier = np.uint64(0x100000001B3)
    for column in range(width):
        hashes = hashes * multiplier + points[:, column]
    _, first, inverse = np.unique(hashes, return_index=True, return_inverse=True)
    distinct = labels[first]
    if not bool((distinct[inverse.reshape(-1)] == labels).all()):
        return np.unique(labels, return_inverse=True)
    order = np.argsort(distinct)
    rank = np.empty(len(order), dtype=np.intp)
    rank[order] = np.arange(len(order))
    return distinct[order], rank[inverse.reshape(-1)]


def _tier_code(label: Any) -> int:
    if isinstance(label, (int, np.integer)):
        return RiskTier.from_code(int(label)).code
    return RiskTier.parse(str(label)).code


def _enum_code(enum: type[SubjectKind] | type[OperatingStatus]) -> Any:
    members: list[Any] = list(enum)

    def code(label: Any) -> int:
        if isinstance(label, (int, np.integer)) and 0 <= int(label) < len(members):
            return int(label)
        try:
            return members.index(enum(label))
        except ValueError:
            accepted = tuple(m.value for m in members)
            raise UnknownLabelError(
                f"{enum.__name__} label {label!r} is not known; accepted: {', '.join(accepted)} "
                f"or codes 0-{len(members) - 1}",
                value=label,
                accepted=accepted,
                field=enum.__name__,
            ) from None

    return code


def _plain_array(values: npt.ArrayLike) -> npt.NDArray[Any]:
    """``np.asarray`` that reads enum members as their values (numpy would use ``str()``)."""
    if isinstance(values, np.ndarray) and values.dtype != object:
        return values
    items = values.tolist() if isinstance(values, np.ndarray) else list(values)  # type: ignore[arg-type]
    if any(isinstance(v, Enum) for v in items):
        items = [v.value if isinstance(v, Enum) else v for v in items]
    return np.asarray(items)


def _as_enum_codes(
    values: npt.ArrayLike, n: int, field: str, to_code: Any
) -> npt.NDArray[np.uint8]:
    array = _plain_array(values)
    if array.shape != (n,):
        raise PopulationError(
            f"{field} has shape {array.shape}; it must have one value per code ({n})",
            rows=(),
            field=field,
            value=array.shape,
        )
    if n == 0:
        return np.zeros(0, dtype=np.uint8)
    if array.dtype.kind in "iu" and int(array.min()) >= 0 and int(array.max()) < 256:
        present = np.flatnonzero(np.bincount(array.astype(np.intp), minlength=1))
        table = np.zeros(256, dtype=np.uint8)
        for code in present.tolist():
            table[code] = to_code(code)
        return table[array.astype(np.uint8)]
    uniques, inverse = np.unique(
        array if array.dtype.kind in "iu" else array.astype(str), return_inverse=True
    )
    table = np.array(
        [to_code(u.item() if hasattr(u, "item") else u) for u in uniques], dtype=np.uint8
    )
    return table[inverse.reshape(-1)]


def _as_categories(values: npt.ArrayLike, n: int) -> tuple[tuple[str, ...], npt.NDArray[np.uint32]]:
    array = _plain_array(values)
    if array.shape != (n,):
        raise PopulationError(
            f"jurisdictions has shape {array.shape}; it must have one label per code ({n})",
            rows=(),
            field="jurisdictions",
            value=array.shape,
        )
    uniques, inverse = _factorize(array.astype(str))
    labels = [str(u) for u in uniques.tolist()]
    bad = [label for label in labels if "\n" in label]
    if bad:
        raise PopulationError(
            f"jurisdiction labels must not contain a line break: {bad[:3]}",
            rows=(),
            field="jurisdictions",
            value=bad[0],
        )
    order = sorted(range(len(labels)), key=lambda i: labels[i].encode("utf-8"))
    remap = np.empty(len(labels), dtype=np.uint32)
    remap[order] = np.arange(len(labels), dtype=np.uint32)
    return tuple(labels[i] for i in order), remap[inverse.reshape(-1)]
