"""Columnar registries of market subjects (检查对象名录库) for sampling at province scale.

A :class:`Population` keeps one numpy array per column, sorted by subject code, so ten
million subjects take about 250 MB and sampling never builds a Python object per subject.

The digest
----------
:meth:`Population.digest` is the SHA-256 a draw is bound to; its encoding (two versions)
is specified in :mod:`jointcheck.population_digest`. It depends on the content only, never
on the order rows were given in.
"""

from __future__ import annotations

import itertools
import os
import unicodedata
from collections.abc import Callable, Iterable, Sequence
from concurrent.futures import Executor, ThreadPoolExecutor
from enum import Enum
from typing import TYPE_CHECKING, Any

import numpy as np
import numpy.typing as npt

from jointcheck._internal.arrays import as_array
from jointcheck._internal.credit_code import CHARSET, WEIGHTS
from jointcheck._internal.text import shorten
from jointcheck.errors import (
    InvalidInputError,
    MissingExtraError,
    PopulationError,
    UnknownIdError,
    UnknownLabelError,
)
from jointcheck.model import OperatingStatus, RiskTier, Subject, SubjectKind
from jointcheck.population_digest import DIGEST_VERSION, _columns_digest
from jointcheck.population_digest import PopulationDigest as PopulationDigest  # re-exported

if TYPE_CHECKING:
    import pandas as pd

__all__ = ["MAX_LABEL_CHARS", "Population"]

MAX_LABEL_CHARS = 200
"""Longest jurisdiction label accepted (a county's full name is a few dozen characters)."""

_CODE_WIDTH = 18
"""Bytes of a stored code (a 统一社会信用代码; a 15-digit 注册号 is padded with NUL)."""

_SHOWN_ROWS = 10

_LUT = np.full(256, 255, dtype=np.uint8)
_LUT[np.frombuffer(CHARSET.encode(), dtype=np.uint8)] = np.arange(31, dtype=np.uint8)
_DIGIT = np.zeros(256, dtype=bool)
_DIGIT[ord("0") : ord("9") + 1] = True
_RANK = np.zeros(256, dtype=np.uint8)  # NUL 0, then the charset in byte order 1-31
_RANK[np.frombuffer(CHARSET.encode(), dtype=np.uint8)] = np.arange(1, 32, dtype=np.uint8)
_WEIGHTS = np.array(WEIGHTS, dtype=np.int32)
_DECIMAL = 10 ** np.arange(5, -1, -1, dtype=np.uint64)
_CHUNK = 1 << 18
_THREADS = min(4, os.cpu_count() or 1) + 1
"""Worker threads of a build: the label work plus one per core (at most 4) for the sort."""
"""Rows per chunk of the build and the digest: temporaries stay a few MB whatever N is."""


class Population:
    """A registry of market subjects held as numpy columns, sorted by code.

    Build one with :meth:`from_subjects`, :meth:`from_arrays` or :meth:`from_dataframe`;
    each rejects invalid and duplicate codes, naming the offending rows (0-based positions
    in the input). Columns are read-only arrays.

    Examples:
        >>> pop = Population.from_arrays(
        ...     ["91350200776049653A", "91350503MA31DKY80A"], ["A", "D"], jurisdictions=["厦门", "泉州"]
        ... )
        >>> pop
        Population(2 subjects: LOW 1, HIGH 1; 2 jurisdictions)
        >>> pop.digest()[:12]
        '52c8da826ec3'
    """

    __slots__ = (
        "_codes",
        "_digests",
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
        self._digests: dict[int, str] = {}

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
            tiers: :class:`RiskTier` members, their labels (``"A"``, ``"较高风险"``…, read by
                :meth:`RiskTier.parse`) or integer codes 0–4 (a float or bool is not a code).
            jurisdictions: One label per row; ``None`` gives every row the label ``""``.
            kinds: :class:`SubjectKind` members, labels (``"个体工商户"``…, read by
                :meth:`SubjectKind.parse`) or codes; default ENTERPRISE.
            statuses: :class:`OperatingStatus` members, labels (``"注销"``…, read by
                :meth:`OperatingStatus.parse`) or codes; default OPERATING.
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
        with ThreadPoolExecutor(max_workers=_THREADS) as background:
            # The labels are factorised on a second core while this one checks the codes;
            # then the code sort runs on every core.
            categories = (
                None
                if jurisdictions is None
                else background.submit(_as_categories, jurisdictions, n)
            )
            try:
                high, low = _sort_keys(code_array, lenient=lenient_check_character)
                order = (
                    None
                    if n < 2 or _ascending(high, low)
                    else _key_order(code_array, high, low, background)
                )
            except PopulationError:
                if categories is not None:
                    categories.result()  # a label error is reported first, as it always was
                raise
            del high, low
            labels, jur_array = (
                (("",), np.zeros(n, dtype=np.uint32)) if categories is None else categories.result()
            )
        if order is not None:
            # One column at a time, each unsorted copy freed as its sorted one is made.
            code_array = code_array[order]
            tier_array = tier_array[order]
            if kinds is not None:
                kind_array = kind_array[order]
            if statuses is not None:
                status_array = status_array[order]
            if jurisdictions is not None:
                jur_array = jur_array[order]
        return cls(
            codes=code_array,
            tiers=tier_array,
            kinds=kind_array,
            statuses=status_array,
            jurisdictions=jur_array,
            jurisdiction_labels=labels,
        )

    @classmethod
    def from_subjects(cls, subjects: Iterable[Subject]) -> Population:
        """Build from :class:`~jointcheck.model.Subject` models (already validated)."""
        rows = list(subjects)
        return cls.from_arrays(
            [s.code for s in rows],
            np.array([s.tier.code for s in rows], dtype=np.uint8),
            jurisdictions=[s.jurisdiction for s in rows],
            kinds=np.array([s.kind.code for s in rows], dtype=np.uint8),
            statuses=np.array([s.status.code for s in rows], dtype=np.uint8),
            lenient_check_character=True,
        )

    @classmethod
    def from_dataframe(
        cls,
        frame: pd.DataFrame,
        *,
        code: str = "code",
        tier: str = "tier",
        jurisdiction: str | None = "jurisdiction",
        kind: str | None = None,
        status: str | None = None,
        lenient_check_character: bool = False,
    ) -> Population:
        """Build from a pandas DataFrame, naming the columns to read (needs the ``pandas`` extra).

        A ``category`` column is read through its categories, so ten million rows with a
        few hundred jurisdictions cost no string sort.
        """
        pandas = _require_pandas()
        missing = [c for c in (code, tier, jurisdiction, kind, status) if c and c not in frame]
        if missing:
            raise PopulationError(
                f"DataFrame has no column(s) {missing}; columns: {list(frame.columns)}",
                rows=(),
                field="columns",
                value=missing,
            )

        def column(name: str | None) -> Any:
            if name is None:
                return None
            series = frame[name]
            if isinstance(series.dtype, pandas.CategoricalDtype):
                categories = np.asarray(series.cat.categories, dtype=object)
                return categories[series.cat.codes.to_numpy()]
            return series.to_numpy()

        return cls.from_arrays(
            column(code),
            column(tier),
            jurisdictions=column(jurisdiction),
            kinds=column(kind),
            statuses=column(status),
            lenient_check_character=lenient_check_character,
        )

    # ------------------------------------------------------------------ columns
    @property
    def codes(self) -> npt.NDArray[np.bytes_]:
        """Subject codes as ASCII bytes (``S18``), ascending."""
        return self._codes

    @property
    def tiers(self) -> npt.NDArray[np.uint8]:
        """:attr:`RiskTier.code` per row."""
        return self._tiers

    @property
    def kinds(self) -> npt.NDArray[np.uint8]:
        """:attr:`SubjectKind.code` per row."""
        return self._kinds

    @property
    def statuses(self) -> npt.NDArray[np.uint8]:
        """:attr:`OperatingStatus.code` per row."""
        return self._statuses

    @property
    def jurisdictions(self) -> npt.NDArray[np.uint32]:
        """Index into :attr:`jurisdiction_labels` per row."""
        return self._jurisdictions

    @property
    def jurisdiction_labels(self) -> tuple[str, ...]:
        """The distinct jurisdiction labels, sorted by their UTF-8 bytes."""
        return self._jurisdiction_labels

    def code_strings(self) -> list[str]:
        """The codes as Python strings (builds one object per row: for small populations)."""
        return [c.decode("ascii") for c in self._codes.tolist()]

    def __len__(self) -> int:
        return int(self._codes.shape[0])

    def __repr__(self) -> str:
        counts = ", ".join(f"{t.name} {n:,}" for t, n in self.counts_by_tier().items() if n)
        jur = len(self._jurisdiction_labels)
        return (
            f"Population({len(self):,} subject{'s' if len(self) != 1 else ''}: {counts or 'empty'}; "
            f"{jur} jurisdiction{'s' if jur != 1 else ''})"
        )

    # ------------------------------------------------------------------ queries
    def counts_by_tier(self) -> dict[RiskTier, int]:
        """Number of subjects per tier, every tier present (zero where none)."""
        counts = np.bincount(self._tiers, minlength=len(RiskTier.in_code_order()))
        return {tier: int(counts[tier.code]) for tier in RiskTier.in_code_order()}

    def mask(
        self,
        *,
        tiers: Iterable[RiskTier] | None = None,
        kinds: Iterable[SubjectKind] | None = None,
        statuses: Iterable[OperatingStatus] | None = None,
        jurisdictions: Iterable[str] | None = None,
    ) -> npt.NDArray[np.bool_]:
        """A boolean row mask of subjects matching every given condition (``None`` = any)."""
        selected = np.ones(len(self), dtype=bool)
        if tiers is not None:
            codes = [RiskTier.parse(t).code for t in _filter_values(tiers, "tiers")]
            selected &= np.isin(self._tiers, codes)
        if kinds is not None:
            kind_codes = [_enum_code(SubjectKind)(k) for k in _filter_values(kinds, "kinds")]
            selected &= np.isin(self._kinds, kind_codes)
        if statuses is not None:
            status_codes = [
                _enum_code(OperatingStatus)(s) for s in _filter_values(statuses, "statuses")
            ]
            selected &= np.isin(self._statuses, status_codes)
        if jurisdictions is not None:
            index = {label: i for i, label in enumerate(self._jurisdiction_labels)}
            names = _filter_values(jurisdictions, "jurisdictions")
            unknown = [j for j in names if j not in index]
            if unknown:
                raise UnknownLabelError(
                    f"jurisdiction {str(unknown[0])[:60]!r} is not in this population; its "
                    f"jurisdictions: {', '.join(self._jurisdiction_labels[:10])}"
                    + (" …" if len(self._jurisdiction_labels) > 10 else ""),
                    value=unknown[0],
                    accepted=self._jurisdiction_labels[:100],
                    field="jurisdictions",
                )
            selected &= np.isin(self._jurisdictions, [index[j] for j in names])
        return selected

    def select(self, mask: npt.ArrayLike) -> Population:
        """The sub-population of rows where ``mask`` is true (a boolean array of ``len(self)``)."""
        keep = as_array(mask, field="mask")
        if keep.dtype != np.bool_ or keep.shape != (len(self),):
            raise PopulationError(
                f"mask must be a boolean array of shape ({len(self)},), got dtype {keep.dtype} "
                f"and shape {keep.shape}",
                rows=(),
                field="mask",
                value=keep.shape,
            )
        used = np.unique(self._jurisdictions[keep])
        remap = np.zeros(len(self._jurisdiction_labels), dtype=np.uint32)
        remap[used] = np.arange(len(used), dtype=np.uint32)
        return Population(
            codes=self._codes[keep],
            tiers=self._tiers[keep],
            kinds=self._kinds[keep],
            statuses=self._statuses[keep],
            jurisdictions=remap[self._jurisdictions[keep]],
            jurisdiction_labels=tuple(self._jurisdiction_labels[i] for i in used.tolist()),
        )

    def positions(self, codes: Sequence[str] | npt.ArrayLike) -> npt.NDArray[np.int64]:
        """Row position of each code, ``-1`` where the code is not in the population.

        A value that cannot be a stored code (longer than 18 characters, not ASCII, not
        text) is not in the population: it is never cut or re-encoded into another code.
        """
        wanted = as_array(codes, field="codes", flat=True)
        if wanted.dtype.kind not in "US":
            wanted = wanted.astype(str)
        result = np.full(len(wanted), -1, dtype=np.int64)
        if len(self) == 0 or len(wanted) == 0:
            return result
        storable = np.char.str_len(wanted) <= _CODE_WIDTH
        if wanted.dtype.kind == "U":
            points = wanted.view(np.uint32).reshape(len(wanted), -1)
            storable &= (points < 128).all(axis=1)
        rows = np.flatnonzero(storable)
        keys = wanted[rows].astype(f"S{_CODE_WIDTH}")
        clipped = np.minimum(np.searchsorted(self._codes, keys), len(self) - 1)
        found = self._codes[clipped] == keys
        result[rows] = np.where(found, clipped, -1)
        return result

    def subject_rows(self, codes: Iterable[str]) -> list[dict[str, Any]]:
        """Rows of the given codes as dicts of labels (tier, kind, status, jurisdiction)."""
        wanted = list(codes)
        found = self.positions(wanted) if wanted else np.empty(0, np.int64)
        missing = [c for c, p in zip(wanted, found.tolist(), strict=True) if p < 0]
        if missing:
            raise UnknownIdError(
                f"code {shorten(missing[0])} is not in the population",
                field="codes",
                value=missing[0],
            )
        kinds = list(SubjectKind)
        statuses = list(OperatingStatus)
        return [
            {
                "code": code,
                "tier": RiskTier.from_code(tier),
                "kind": kinds[kind],
                "status": statuses[status],
                "jurisdiction": self._jurisdiction_labels[jurisdiction],
            }
            for code, tier, kind, status, jurisdiction in zip(
                wanted,
                self._tiers[found].tolist(),
                self._kinds[found].tolist(),
                self._statuses[found].tolist(),
                self._jurisdictions[found].tolist(),
                strict=True,
            )
        ]

    def digest(self, *, version: int = DIGEST_VERSION) -> str:
        """SHA-256 (hex) of the canonical content, in digest ``version`` (1 or 2, default the
        current one); the encodings are in :mod:`jointcheck.population_digest`.

        Raises:
            InvalidInputError: an unknown version.
        """
        cached = self._digests.get(version)
        if cached is None:
            cached = _columns_digest(
                codes=self._codes,
                tiers=self._tiers,
                kinds=self._kinds,
                statuses=self._statuses,
                jurisdictions=self._jurisdictions,
                jurisdiction_labels=self._jurisdiction_labels,
                version=version,
            )
            self._digests[version] = cached
        return cached

    def to_dataframe(self) -> pd.DataFrame:
        """The population as a DataFrame with label columns (needs the ``pandas`` extra)."""
        pandas = _require_pandas()
        tier_labels = np.array([t.value for t in RiskTier.in_code_order()], dtype=object)
        kind_labels = np.array([k.value for k in SubjectKind], dtype=object)
        status_labels = np.array([s.value for s in OperatingStatus], dtype=object)
        frame: pd.DataFrame = pandas.DataFrame(
            {
                "code": self._codes.astype("U18"),
                "tier": pandas.Categorical.from_codes(
                    self._tiers.astype(np.int8), categories=tier_labels
                ),
                "kind": pandas.Categorical.from_codes(
                    self._kinds.astype(np.int8), categories=kind_labels
                ),
                "status": pandas.Categorical.from_codes(
                    self._statuses.astype(np.int8), categories=status_labels
                ),
                "jurisdiction": pandas.Categorical.from_codes(
                    self._jurisdictions.astype(np.int32),
                    categories=list(self._jurisdiction_labels),
                ),
            }
        )
        return frame


# ---------------------------------------------------------------------- helpers
def _require_pandas() -> Any:
    try:
        import pandas
    except ImportError:  # pragma: no cover - exercised only without the extra
        raise MissingExtraError(module="pandas", extra="pandas") from None
    return pandas


def _as_codes(codes: npt.ArrayLike) -> npt.NDArray[np.bytes_]:
    """The codes as an ``S18`` array: the caller's own array when it already is one, else a
    conversion made chunk by chunk (no full-size temporary wider than the result)."""
    array = as_array(codes, field="codes")
    if array.ndim != 1:
        raise PopulationError(
            f"codes must be one-dimensional, got shape {array.shape}",
            rows=(),
            field="codes",
            value=array.shape,
        )
    if array.dtype.kind == "O":
        array = array.astype(str) if len(array) else array.astype("U18")
    if array.dtype.kind not in "US":
        if len(array) == 0:
            return np.zeros(0, dtype="S18")
        raise PopulationError(
            f"codes must be strings, got dtype {array.dtype}",
            rows=(),
            field="codes",
            value=str(array.dtype),
        )
    if array.dtype == np.dtype("S18"):
        return array
    if array.dtype.kind == "S" and array.dtype.itemsize < 18:
        return array.astype("S18")
    out = np.empty(len(array), dtype="S18")
    too_long: list[npt.NDArray[np.intp]] = []
    for start in range(0, len(array), _CHUNK):
        chunk = array[start : start + _CHUNK]
        if chunk.dtype.kind == "U":
            try:
                wide = chunk.astype("S19")
            except UnicodeEncodeError:
                bad = [i for i, c in enumerate(array.tolist()) if not str(c).isascii()]
                raise _invalid_rows(array, bad, "has characters that are not ASCII") from None
        else:
            wide = np.ascontiguousarray(chunk)
        raw = wide.view(np.uint8).reshape(len(wide), -1)
        long_rows = np.flatnonzero(raw[:, 18:].any(axis=1))
        if len(long_rows):
            too_long.append(long_rows + start)
        out[start : start + len(chunk)] = wide
    if too_long:
        rows = np.concatenate(too_long).tolist()
        raise _invalid_rows(array, rows, "is longer than 18 characters")
    return out


def _pair_tables() -> tuple[npt.NDArray[np.uint16], npt.NDArray[np.uint16], npt.NDArray[np.uint16]]:
    """Lookup tables indexed by two code bytes read as one little-endian ``uint16``.

    ``chars``: ``rank(a) << 5 | rank(b)`` for two charset characters (ranks 1-31 in byte
    order), else ``0xFFFF``; ``digits``: ``10·a + b`` for two digits, else ``0xFFFF``;
    ``values``: ``value(a) << 8 | value(b)`` (indices into the charset, 0-30).
    """
    index = np.arange(1 << 16, dtype=np.uint32)
    first, second = index & 0xFF, index >> 8
    both = (_LUT[first] != 255) & (_LUT[second] != 255)
    chars = np.where(both, (_RANK[first].astype(np.uint32) << 5) | _RANK[second], 0xFFFF).astype(
        np.uint16
    )
    digits = np.where(
        _DIGIT[first] & _DIGIT[second], (first - 48) * 10 + (second - 48), 0xFFFF
    ).astype(np.uint16)
    values = np.where(both, (_LUT[first].astype(np.uint32) << 8) | _LUT[second], 0).astype(
        np.uint16
    )
    return chars, digits, values


_PAIR_CHARS, _PAIR_DIGITS, _PAIR_VALUES = _pair_tables()
_PREFIX_BITS = 14
"""A code's key is ``rank of its first 8 characters among the population's`` (14 bits when
there are at most 16,384 distinct prefixes) ``<< 50 | its last 10 characters (5 bits each)``."""


def _sort_keys(
    codes: npt.NDArray[np.bytes_], *, lenient: bool
) -> tuple[npt.NDArray[np.uint64], npt.NDArray[np.uint16] | None]:
    """Check every code and pack it into an order-preserving integer key.

    Every byte of a code is NUL or one of the 31 characters of :data:`CHARSET` (32 symbols,
    ranked in byte order, 5 bits each), and characters 3-8 are digits. The first 8
    characters (registration authority, kind and division code: few distinct values in a
    registry) are replaced by their rank among the distinct prefixes present, and the last 10
    take 50 bits, so the key orders as the code does. With at most 16,384 distinct prefixes
    the key fits in 64 bits (``low`` is ``None``); with more, ``high`` holds the top 64 bits
    and ``low`` the rest. Codes are read two bytes at a time through lookup tables, chunk by
    chunk, so no temporary is larger than a chunk.
    """
    n = len(codes)
    rest = np.empty(n, dtype=np.uint64)
    prefix = np.empty(n, dtype=np.uint32)
    suspects: list[npt.NDArray[np.intp]] = []
    bad_check: list[tuple[npt.NDArray[np.intp], npt.NDArray[np.int32]]] = []
    weights = _WEIGHTS
    for start in range(0, n, _CHUNK):
        raw = np.ascontiguousarray(codes[start : start + _CHUNK])
        pairs = raw.view("<u2").reshape(len(raw), 9)
        stop = start + len(raw)
        head = _PAIR_CHARS[pairs[:, 0]].astype(np.uint32)
        invalid = head == 0xFFFF
        number = np.zeros(len(raw), dtype=np.uint32)
        for column in (1, 2, 3):
            part = _PAIR_DIGITS[pairs[:, column]]
            invalid |= part == 0xFFFF
            number *= 100
            number += part
        prefix[start:stop] = (head << 20) | number
        tail = np.zeros(len(raw), dtype=np.uint64)
        for column in range(4, 9):
            part = _PAIR_CHARS[pairs[:, column]]
            invalid |= part == 0xFFFF
            tail <<= np.uint64(10)
            tail |= part
        rest[start:stop] = tail
        if invalid.any():
            suspects.append(np.flatnonzero(invalid) + start)
        if not lenient:
            total = np.zeros(len(raw), dtype=np.int32)
            for column in range(9):
                value = _PAIR_VALUES[pairs[:, column]].astype(np.int32)
                total += (value >> 8) * weights[2 * column]
                if column < 8:
                    total += (value & 0xFF) * weights[2 * column + 1]
                else:
                    check = value & 0xFF
            expected = (31 - total % 31) % 31
            failed = ~invalid & (expected != check)
            if failed.any():
                rows = np.flatnonzero(failed)
                bad_check.append((rows + start, expected[rows]))
    if suspects:
        _legacy_keys(codes, np.concatenate(suspects), prefix, rest)
    if bad_check:
        rows = np.concatenate([r for r, _ in bad_check]).tolist()
        expected_chars = np.concatenate([x for _, x in bad_check]).tolist()
        details = [
            f"row {r}: {codes[r].decode()!r} expected check character {CHARSET[x]!r}"
            for r, x in zip(rows[:_SHOWN_ROWS], expected_chars, strict=False)
        ]
        more = f" (and {len(rows) - _SHOWN_ROWS} more)" if len(rows) > _SHOWN_ROWS else ""
        raise PopulationError(
            f"{len(rows)} code(s) fail the GB 32100-2015 check: " + "; ".join(details) + more,
            rows=tuple(rows),
            field="codes",
            value=codes[rows[0]].decode(),
        )
    return _with_prefix_ranks(prefix, rest)


def _legacy_keys(
    codes: npt.NDArray[np.bytes_],
    rows: npt.NDArray[np.intp],
    prefix: npt.NDArray[np.uint32],
    rest: npt.NDArray[np.uint64],
) -> None:
    """Rows that are not 18 charset characters: accept 15-digit 注册号 (keys filled in
    place, NUL ranking 0), reject the others naming every one."""
    chars = codes[rows].view(np.uint8).reshape(len(rows), 18)
    legacy = (
        (np.count_nonzero(chars, axis=1) == 15)
        & (chars[:, 15:] == 0).all(axis=1)
        & _DIGIT[chars[:, :15]].all(axis=1)
    )
    if not legacy.all():
        raise _invalid_rows(
            codes,
            rows[~legacy].tolist(),
            "is neither an 18-character 统一社会信用代码 (charset "
            f"{CHARSET}, digits in positions 3-8) nor a 15-digit 注册号",
        )
    ranks = _RANK[chars].astype(np.uint64)
    digits = (chars[:, 2:8].astype(np.uint32) - 48) @ _DECIMAL.astype(np.uint32)
    prefix[rows] = (
        (ranks[:, 0].astype(np.uint32) << 25) | (ranks[:, 1].astype(np.uint32) << 20) | digits
    )
    tail = np.zeros(len(rows), dtype=np.uint64)
    for position in range(8, 18):
        tail = (tail << np.uint64(5)) | ranks[:, position]
    rest[rows] = tail


def _with_prefix_ranks(
    prefix: npt.NDArray[np.uint32], rest: npt.NDArray[np.uint64]
) -> tuple[npt.NDArray[np.uint64], npt.NDArray[np.uint16] | None]:
    """Replace each 30-bit prefix by its rank among the distinct ones (order-preserving)."""
    rank, distinct = _prefix_ranks(prefix)
    if distinct <= 1:
        return rest, None  # one prefix (a county's registry): its rank is 0 everywhere
    bits = max(1, int(distinct - 1).bit_length())
    shift = max(0, bits - _PREFIX_BITS)  # low bits of ``rest`` that do not fit in 64
    low = None if shift == 0 else np.empty(len(rest), dtype=np.uint16)
    for start in range(0, len(rest), _CHUNK):
        stop = start + _CHUNK
        tail = rest[start:stop]
        if low is not None:
            low[start:stop] = tail & np.uint64((1 << shift) - 1)
            tail >>= np.uint64(shift)
        tail |= rank(prefix[start:stop]).astype(np.uint64) << np.uint64(
            64 - max(bits, _PREFIX_BITS)
        )
    return rest, low


_HEADS = 1 << 10
"""A prefix is ``head << 20 | number``: ``head`` the ranks of the first two characters (10
bits), ``number`` the six division digits (below 2**20)."""
_NUMBERS = 1 << 20
_MAX_PAIR_TABLE = 1 << 22
"""Largest (distinct heads x distinct numbers) table ranked by lookup; beyond it, search."""


def _prefix_ranks(
    prefix: npt.NDArray[np.uint32],
) -> tuple[Callable[[npt.NDArray[np.uint32]], npt.NDArray[np.uint32]], int]:
    """A function giving each prefix its rank among the distinct prefixes, and their count.

    Counting, not sorting: the distinct heads and numbers are found by counting (one pass),
    then the distinct (head, number) pairs among their product; each prefix's rank is three
    table lookups. A registry has a few hundred prefixes, so the tables are small; when the
    product of distinct heads and numbers is too large, the distinct prefixes are sorted and
    searched instead.
    """
    head_seen = np.zeros(_HEADS, dtype=bool)
    number_seen = np.zeros(_NUMBERS, dtype=bool)
    for start in range(0, len(prefix), _CHUNK):
        chunk = prefix[start : start + _CHUNK]
        head_seen[chunk >> 20] = True
        number_seen[chunk & (_NUMBERS - 1)] = True
    heads = np.flatnonzero(head_seen)
    numbers = np.flatnonzero(number_seen)
    if len(heads) * len(numbers) > _MAX_PAIR_TABLE:
        distinct = _distinct(prefix)
        return lambda chunk: np.searchsorted(distinct, chunk).astype(np.uint32), len(distinct)
    head_index = np.zeros(_HEADS, dtype=np.uint32)
    head_index[heads] = np.arange(len(heads), dtype=np.uint32) * np.uint32(len(numbers))
    number_index = np.zeros(_NUMBERS, dtype=np.uint32)
    number_index[numbers] = np.arange(len(numbers), dtype=np.uint32)

    def pair(chunk: npt.NDArray[np.uint32]) -> npt.NDArray[np.uint32]:
        index: npt.NDArray[np.uint32] = head_index[chunk >> 20]
        index += number_index[chunk & (_NUMBERS - 1)]
        return index

    pair_seen = np.zeros(len(heads) * len(numbers), dtype=bool)
    for start in range(0, len(prefix), _CHUNK):
        pair_seen[pair(prefix[start : start + _CHUNK])] = True
    pair_rank = (np.cumsum(pair_seen, dtype=np.uint32) - np.uint32(1)).astype(np.uint32)
    return lambda chunk: pair_rank[pair(chunk)], int(np.count_nonzero(pair_seen))


def _distinct(values: npt.NDArray[np.uint32]) -> npt.NDArray[np.uint32]:
    """The sorted distinct values, chunk by chunk: a chunk's values are looked up among
    those seen so far and only the new ones are sorted (a registry has few prefixes)."""
    known = np.empty(0, dtype=np.uint32)
    for start in range(0, len(values), _CHUNK):
        chunk = values[start : start + _CHUNK]
        if len(known) == 1:
            chunk = chunk[chunk != known[0]]
        elif len(known):
            slot = np.minimum(np.searchsorted(known, chunk), len(known) - 1)
            chunk = chunk[known[slot] != chunk]
        if len(chunk):
            known = np.union1d(known, chunk)
    return known


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


def _ascending(high: npt.NDArray[np.uint64], low: npt.NDArray[np.uint16] | None) -> bool:
    """Whether the keys strictly ascend (the codes are sorted and unique)."""
    if low is None:
        return bool((high[1:] > high[:-1]).all())
    if not bool((high[1:] >= high[:-1]).all()):
        return False
    same = high[1:] == high[:-1]
    return not bool((same & (low[1:] <= low[:-1])).any())


def _key_order(
    codes: npt.NDArray[np.bytes_],
    high: npt.NDArray[np.uint64],
    low: npt.NDArray[np.uint16] | None,
    pool: Executor,
) -> npt.NDArray[np.intp]:
    """The permutation that sorts the keys (so the codes); raises on duplicate codes.

    One fast (unstable) sort of the high 64 bits; rows whose high bits tie are then ordered
    by (tie group, low 16 bits) in a second sort of those rows only. Keys are unique per
    code, so the order is the code order whatever the sort's stability.
    """
    order, tied = _argsort_keys(high, pool)
    if tied and low is None:
        # Keys are the codes: equal keys are duplicates (raises, naming them).
        stable = np.argsort(codes, kind="stable")
        _check_unique(codes[stable], stable)
    if not tied or low is None:
        return order
    ranked = high[order]
    tie = ranked[1:] == ranked[:-1]
    in_run = np.zeros(len(order), dtype=bool)
    in_run[:-1] = tie
    in_run[1:] |= tie
    del tie
    slots = np.flatnonzero(in_run)
    del in_run
    group_high = ranked[slots]
    del ranked
    group = np.zeros(len(slots), dtype=np.uint64)
    group[1:] = np.cumsum(group_high[1:] != group_high[:-1], dtype=np.uint64)
    rows = order[slots]
    composite = (group << np.uint64(16)) | low[rows].astype(np.uint64)
    inner = np.argsort(composite)
    composite = composite[inner]
    if bool((composite[1:] == composite[:-1]).any()):
        stable = np.argsort(codes, kind="stable")
        _check_unique(codes[stable], stable)
    order[slots] = rows[inner]
    return order


_ROWS_PER_RANGE_BITS = 12
"""The keys are dealt into ranges of about ``2**12`` rows each (at least 256 ranges, at most
16,384) by their top bits; each range is then sorted on its own, in cache."""


def _argsort_keys(
    keys: npt.NDArray[np.uint64], pool: Executor
) -> tuple[npt.NDArray[np.intp], bool]:
    """A permutation that sorts ``keys`` (ties in any order), faster than ``np.argsort``, and
    whether any two keys are equal.

    Most-significant-digit radix: a stable counting sort by the top bits of the key's span
    (``np.argsort`` of 16-bit values is a radix sort) deals the rows into ranges, and each
    range is sorted on its own, in batches on the pool's threads. A range whose keys fit in
    fewer bits than ``64 - bits(range size)`` is sorted as one array of ``key << b |
    position`` (a plain numpy sort, vectorised) and the positions read back from the low
    bits; any other range is sorted by ``np.argsort``. Equal keys always share a range.
    """
    n = len(keys)
    if n <= _CHUNK:
        order = np.argsort(keys)
        ranked = keys[order]
        return order, bool((ranked[1:] == ranked[:-1]).any())
    radix_bits = min(max(n.bit_length() - _ROWS_PER_RANGE_BITS, 8), 14)
    lowest = keys.min()
    shift = max(0, int(keys.max() - lowest).bit_length() - radix_bits)
    bucket = np.empty(n, dtype=np.uint16)
    counts = np.zeros(1 << radix_bits, dtype=np.int64)
    for start in range(0, n, _CHUNK):
        part = bucket[start : start + _CHUNK]
        part[:] = (keys[start : start + _CHUNK] - lowest) >> np.uint64(shift)
        counts += np.bincount(part, minlength=1 << radix_bits)
    order = np.argsort(bucket, kind="stable")
    del bucket
    bounds = np.concatenate([[0], np.cumsum(counts)]).tolist()
    ranges = [(a, b) for a, b in itertools.pairwise(bounds) if b - a > 1]

    def sort_ranges(batch: list[tuple[int, int]]) -> bool:
        tied = False
        for start, stop in batch:
            rows = order[start:stop]
            ranged = keys[rows]
            ranged -= ranged.min()
            position_bits = int(stop - start - 1).bit_length()
            if int(ranged.max()).bit_length() + position_bits <= 64:
                ranged <<= np.uint64(position_bits)
                ranged |= np.arange(stop - start, dtype=np.uint64)
                ranged.sort()
                value = ranged >> np.uint64(position_bits)
                ranged &= np.uint64((1 << position_bits) - 1)
                order[start:stop] = rows[ranged.astype(np.intp)]
            else:
                inner = np.argsort(ranged)
                value = ranged[inner]
                order[start:stop] = rows[inner]
            tied = tied or bool((value[1:] == value[:-1]).any())
        return tied

    batches = _batches(ranges, parts=8 * _THREADS)
    jobs = [pool.submit(sort_ranges, batch) for batch in batches]
    tied = [job.result() for job in jobs]  # every batch finished before the order is used
    return order, any(tied)


def _batches(ranges: list[tuple[int, int]], *, parts: int) -> list[list[tuple[int, int]]]:
    """``ranges`` (consecutive) cut into about ``parts`` runs of about equal rows."""
    if not ranges:
        return []
    per_part = max(1, (ranges[-1][1] - ranges[0][0]) // parts)
    batches: list[list[tuple[int, int]]] = [[]]
    rows = 0
    for start, stop in ranges:
        if rows >= per_part:
            batches.append([])
            rows = 0
        batches[-1].append((start, stop))
        rows += stop - start
    return batches


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


def _label_hashes(labels: npt.NDArray[np.str_]) -> npt.NDArray[np.uint64]:
    """A 64-bit polynomial hash of each label's UCS-4 code points."""
    width = labels.dtype.itemsize // 4
    points = np.ascontiguousarray(labels).view(np.uint32).reshape(len(labels), width)
    hashes = np.zeros(len(labels), dtype=np.uint64)
    multiplier = np.uint64(0x100000001B3)
    for column in range(width):
        hashes *= multiplier
        hashes += points[:, column]
    return hashes


def _factorize(
    labels: npt.NDArray[np.str_],
) -> tuple[list[str], npt.NDArray[np.uint32]]:
    """Distinct labels (in order of first appearance) and each row's index into them.

    A hash factorize, chunk by chunk: each row's 64-bit label hash is looked up among the
    hashes seen so far (a binary search in a few hundred values, not a sort of ten million
    strings), and each row is compared with its label's first row, so a hash collision is
    found; it then falls back to the exact string sort.
    """
    n = len(labels)
    inverse = np.empty(n, dtype=np.uint32)
    if n == 0 or labels.dtype.itemsize == 0:
        inverse[:] = 0
        return ([""] if n else []), inverse
    known = np.empty(0, dtype=np.uint64)  # sorted hashes seen so far
    known_ids = np.empty(0, dtype=np.uint32)  # id (order of first appearance) of each
    distinct = np.empty(0, dtype=labels.dtype)  # label of each id
    for start in range(0, n, _CHUNK):
        chunk = labels[start : start + _CHUNK]
        hashes = _label_hashes(chunk)
        slot = np.minimum(np.searchsorted(known, hashes), max(len(known) - 1, 0))
        hit = known[slot] == hashes if len(known) else np.zeros(len(chunk), dtype=bool)
        if not hit.all():
            new, first = np.unique(hashes[~hit], return_index=True)
            first = np.sort(first)
            new = hashes[~hit][first]
            distinct = np.concatenate([distinct, chunk[~hit][first]])
            ids = np.arange(len(known_ids), len(known_ids) + len(new), dtype=np.uint32)
            merged = np.argsort(np.concatenate([known, new]), kind="stable")
            known = np.concatenate([known, new])[merged]
            known_ids = np.concatenate([known_ids, ids])[merged]
            slot = np.searchsorted(known, hashes)
        ids_chunk = known_ids[slot]
        if not bool((distinct[ids_chunk] == chunk).all()):
            uniques, exact = np.unique(labels, return_inverse=True)
            return [str(u) for u in uniques.tolist()], exact.reshape(-1).astype(np.uint32)
        inverse[start : start + len(chunk)] = ids_chunk
    return [str(u) for u in distinct.tolist()], inverse


def _is_code(label: Any) -> bool:
    """Numbers go to ``from_code`` (which refuses floats and bools); text to ``parse``."""
    return isinstance(label, (int, float, np.number, np.bool_))


def _tier_code(label: Any) -> int:
    if _is_code(label):
        return RiskTier.from_code(label).code
    return RiskTier.parse(label).code


def _enum_code(enum: type[SubjectKind] | type[OperatingStatus]) -> Any:
    def code(label: Any) -> int:
        return (enum.from_code(label) if _is_code(label) else enum.parse(label)).code

    return code


def _filter_values(values: Any, field: str) -> list[Any]:
    """The values of a :meth:`Population.mask` filter: an iterable of labels, never one
    string (which would be read one character at a time)."""
    if isinstance(values, (str, bytes)):
        raise InvalidInputError(
            f"{field} must be a list of labels, got the string {values[:40]!r}; write "
            f"[{values[:40]!r}]",
            field=field,
            value=values[:40],
        )
    try:
        return list(values)
    except TypeError:
        raise InvalidInputError(
            f"{field} must be a list of labels, got {type(values).__name__}",
            field=field,
            value=type(values).__name__,
        ) from None


def _plain_array(values: npt.ArrayLike) -> npt.NDArray[Any]:
    """``np.asarray`` that reads enum members as their values (numpy would use ``str()``)."""
    if isinstance(values, np.ndarray) and values.dtype != object:
        return values
    items = values.tolist() if isinstance(values, np.ndarray) else list(values)  # type: ignore[arg-type]
    if any(isinstance(v, Enum) for v in items):
        items = [v.value if isinstance(v, Enum) else v for v in items]
    return as_array(items, field="values")


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
        small = array.astype(np.uint8, copy=False)
        seen = np.zeros(256, dtype=bool)
        seen[small] = True
        table = np.zeros(256, dtype=np.uint8)
        for code in np.flatnonzero(seen).tolist():
            table[code] = to_code(code)
        return table[small]
    uniques, inverse = np.unique(
        array if array.dtype.kind in "iufb" else array.astype(str), return_inverse=True
    )
    table = np.array(
        [to_code(u.item() if hasattr(u, "item") else u) for u in uniques], dtype=np.uint8
    )
    return table[inverse.reshape(-1)]


def _as_categories(values: npt.ArrayLike, n: int) -> tuple[tuple[str, ...], npt.NDArray[np.uint32]]:
    if isinstance(values, np.ndarray) and values.dtype != object:
        array = values
        wrong = [] if array.dtype.kind in "US" else list(range(min(len(array), 3)))
    else:
        items = values.tolist() if isinstance(values, np.ndarray) else list(values)  # type: ignore[arg-type]
        items = [v.value if isinstance(v, Enum) else v for v in items]
        wrong = [i for i, v in enumerate(items) if not isinstance(v, (str, bytes))]
        array = np.asarray(items) if items and not wrong else np.array(items, dtype=object)
    if wrong:
        shown = repr(array[wrong[0]])[:40]
        raise PopulationError(
            f"jurisdiction labels must be strings; row {wrong[0]} holds {shown} "
            f"({type(array[wrong[0]]).__name__}); a missing jurisdiction is not a label (give "
            "'' explicitly), and numbers must be written as text (e.g. column.astype(str))",
            rows=tuple(wrong[:100]),
            field="jurisdictions",
            value=shown,
        )
    if array.shape != (n,):
        raise PopulationError(
            f"jurisdictions has shape {array.shape}; it must have one label per code ({n})",
            rows=(),
            field="jurisdictions",
            value=array.shape,
        )
    labels, inverse = _factorize(array if array.dtype.kind == "U" else array.astype(str))
    bad = [label for label in labels if "\n" in label]
    if bad:
        raise PopulationError(
            f"jurisdiction labels must not contain a line break: {[b[:40] for b in bad[:3]]}",
            rows=(),
            field="jurisdictions",
            value=bad[0][:40],
        )
    bad = [
        label
        for label in labels
        if len(label) > MAX_LABEL_CHARS or any(unicodedata.category(ch) == "Cc" for ch in label)
    ]
    if bad:
        raise PopulationError(
            f"jurisdiction label {bad[0][:40]!r}{'…' if len(bad[0]) > 40 else ''} is not a "
            f"label: at most {MAX_LABEL_CHARS} characters, no control characters",
            rows=(),
            field="jurisdictions",
            value=bad[0][:40],
        )
    order = sorted(range(len(labels)), key=lambda i: labels[i].encode("utf-8"))
    remap = np.empty(len(labels), dtype=np.uint32)
    remap[order] = np.arange(len(labels), dtype=np.uint32)
    for start in range(0, len(inverse), _CHUNK):
        inverse[start : start + _CHUNK] = remap[inverse[start : start + _CHUNK]]
    return tuple(labels[i] for i in order), inverse
