"""What every out-of-core engine shares: label codes, the streamed digest, the draw record.

An engine answers four questions about a registry it never loads whole: the labels and
per-tier counts (:meth:`RegistryEngine._summary`), the rows sorted by code as 25-byte digest
records (:meth:`RegistryEngine._sorted_records`), which excluded codes exist and their tiers
(:meth:`RegistryEngine._excluded_by_tier`), and each tier's first ``k`` codes in ticket
order (:meth:`RegistryEngine._ranked`). From those, this module builds the same
:class:`~jointcheck.sampling.Draw` the in-memory :class:`~jointcheck.sampling.HashSampler`
gives, digest included.
"""

from __future__ import annotations

from abc import ABC, abstractmethod
from collections.abc import Iterable, Iterator, Mapping
from dataclasses import dataclass
from typing import Any

import numpy as np
import numpy.typing as npt

from jointcheck._internal.credit_code import CHARSET, WEIGHTS
from jointcheck.errors import InvalidInputError, PopulationError, UnknownLabelError
from jointcheck.model import OperatingStatus, RiskTier, SamplingRule, SubjectKind
from jointcheck.population import Population
from jointcheck.population_digest import (
    DIGEST_VERSION,
    PopulationDigest,
    check_digest_version,
)
from jointcheck.sampling import (
    Draw,
    DrawViolation,
    DrawViolationKind,
    HashSampler,
    Stratum,
    SubjectExclusion,
    check_exclusions,
    check_seed,
    check_waitlist,
    default_waitlist_length,
    seed_key,
)

__all__ = [
    "RegistryEngine",
    "Summary",
    "arrow_codes",
    "label_code",
    "raise_bad_codes",
    "valid_code_sql",
]

_HASH_ALGORITHM = HashSampler.algorithm


def label_code(column: str, label: object) -> int:
    """The column code of a tier, kind or status label as a registry file holds it.

    Tiers read every label :meth:`RiskTier.parse` reads, or the codes 0-4; kinds and statuses
    their names or codes. ``None`` (no such column) is code 0 for kinds and statuses.

    Raises:
        UnknownLabelError: a label that is not known (or a missing tier).
    """
    if column == "tier":
        if label is None:
            raise UnknownLabelError(
                "a row has no tier; every subject needs its 信用风险分类",
                value=None,
                accepted=tuple(t.value for t in RiskTier),
                field="tier",
            )
        text = str(label)
        return RiskTier.from_code(int(text)).code if text.isdigit() else RiskTier.parse(text).code
    enum: type[SubjectKind] | type[OperatingStatus] = (
        SubjectKind if column == "kind" else OperatingStatus
    )
    if label is None:
        return 0
    members: list[SubjectKind | OperatingStatus] = list(enum)
    text = str(label)
    if text.isdigit() and int(text) < len(members):
        return int(text)
    for index, member in enumerate(members):
        if text == member.value:
            return index
    accepted = tuple(m.value for m in members)
    raise UnknownLabelError(
        f"{enum.__name__} label {text!r} is not known; accepted: {', '.join(accepted)} "
        f"or codes 0-{len(members) - 1}",
        value=text,
        accepted=accepted,
        field=column,
    )


def arrow_codes(column: Any) -> npt.NDArray[np.bytes_]:
    """An Arrow string column of codes as an ``S18`` array (NUL padded, as a Population).

    Raises:
        PopulationError: an empty (null) code or one longer than 18 bytes.
    """
    if column.null_count:
        raise PopulationError(
            f"{column.null_count} row(s) have no code", rows=(), field="codes", value=None
        )
    n = len(column)
    width = 8 if str(column.type) in ("large_string", "large_utf8", "large_binary") else 4
    offsets = np.frombuffer(column.buffers()[1], dtype=np.int32 if width == 4 else np.int64)
    offsets = offsets[column.offset : column.offset + n + 1].astype(np.int64)
    data = np.frombuffer(column.buffers()[2], dtype=np.uint8) if n else np.zeros(0, np.uint8)
    lengths = np.diff(offsets)
    first, last = int(offsets[0]) if n else 0, int(offsets[-1]) if n else 0
    if n and bool((lengths == 18).all()):
        codes: npt.NDArray[np.bytes_] = data[first:last].copy().view("S18")
        return codes
    long_rows = np.flatnonzero(lengths > 18)
    if len(long_rows):
        row = int(long_rows[0])
        text = bytes(data[offsets[row] : offsets[row + 1]]).decode("utf-8", "replace")
        raise PopulationError(
            f"{len(long_rows)} code(s) are longer than 18 characters, e.g. {text[:40]!r}",
            rows=tuple(long_rows[:10].tolist()),
            field="codes",
            value=text[:40],
        )
    out = np.zeros((n, 18), dtype=np.uint8)
    rows = np.repeat(np.arange(n), lengths)
    columns = np.arange(last - first) - np.repeat(offsets[:-1] - first, lengths)
    out[rows, columns] = data[first:last]
    return out.view("S18").reshape(n)


def valid_code_sql(column: str, *, lenient: bool, regexp: str) -> str:
    """A SQL condition, true when ``column`` holds a code :meth:`Population.from_arrays`
    accepts: 18 characters of the GB 32100-2015 charset with characters 3-8 digits and the
    right check character (any check character when ``lenient``), or a 15-digit 注册号.

    The same text runs on DuckDB and Spark SQL: ``regexp`` names the engine's full-match
    function (``regexp_full_match``, or ``regexp`` with the pattern anchored). A test holds
    it to the in-memory check on generated codes. NULL is not a valid code.
    """
    chars = f"[{CHARSET}]"
    credit = f"{chars}{{2}}[0-9]{{6}}{chars}{{10}}"
    anchor = "" if regexp == "regexp_full_match" else "^"
    end = "" if regexp == "regexp_full_match" else "$"

    def matches(pattern: str) -> str:
        return f"coalesce({regexp}({column}, '{anchor}{pattern}{end}'), false)"

    def value(position: int) -> str:
        return f"(instr('{CHARSET}', substring({column}, {position}, 1)) - 1)"

    total = " + ".join(f"{value(i + 1)} * {w}" for i, w in enumerate(WEIGHTS))
    check = "true" if lenient else f"(31 - ({total}) % 31) % 31 = {value(18)}"
    return f"(({matches(credit)} AND {check}) OR {matches('[0-9]{15}')})"


def raise_bad_codes(
    *,
    invalid: int,
    invalid_examples: list[str | None],
    repeated: int,
    repeated_examples: list[str],
    lenient: bool,
) -> None:
    """Raise for codes an engine found invalid (:func:`valid_code_sql`) or repeated; return
    when there are none. The examples are checked again in memory, so the message is the
    one :meth:`Population.from_arrays` gives.

    Raises:
        PopulationError: ``invalid`` or ``repeated`` is not 0.
    """
    if None in invalid_examples:
        raise PopulationError(
            "row(s) of the registry have no code", rows=(), field="codes", value=None
        )
    if invalid:
        examples = [code for code in invalid_examples if code is not None]
        try:
            Population.from_arrays(
                examples,
                np.zeros(len(examples), dtype=np.uint8),
                lenient_check_character=lenient,
            )
        except PopulationError as exc:
            raise PopulationError(
                f"{invalid} code(s) of the registry are invalid, e.g. {exc.message}",
                rows=(),
                field="codes",
                value=exc.value,
            ) from exc
        raise PopulationError(
            f"{invalid} code(s) of the registry are invalid, e.g. {examples[:3]}",
            rows=(),
            field="codes",
            value=examples[0] if examples else None,
        )
    if repeated:
        raise PopulationError(
            f"{repeated} duplicate code(s); codes must be unique: {repeated_examples[:5]}",
            rows=(),
            field="codes",
            value=repeated_examples[0] if repeated_examples else None,
        )


@dataclass(frozen=True)
class Summary:
    """A registry's size, its jurisdiction labels (UTF-8 sorted) and its subjects per tier."""

    rows: int
    jurisdiction_labels: tuple[str, ...]
    tiers: Mapping[RiskTier, int]


def sorted_labels(labels: Iterable[str]) -> tuple[str, ...]:
    """Distinct labels sorted by their UTF-8 bytes, as the digest lists them."""
    found = sorted(set(labels), key=lambda label: label.encode("utf-8"))
    bad = [label for label in found if "\n" in label]
    if bad:
        raise PopulationError(
            f"jurisdiction labels must not contain a line break: {bad[:3]}",
            rows=(),
            field="jurisdictions",
            value=bad[0],
        )
    return tuple(found)


class RegistryEngine(ABC):
    """A registry held by an engine (DuckDB, Spark): the same draw, digest and checks as a
    :class:`~jointcheck.population.Population`, without loading it."""

    lenient_check_character: bool = False

    @abstractmethod
    def _summary(self) -> Summary:
        """Rows, jurisdiction labels and subjects per tier (one pass over the registry)."""

    @abstractmethod
    def _sorted_records(self, summary: Summary) -> Iterator[npt.NDArray[np.void]]:
        """Every row once, ascending by code, as :attr:`PopulationDigest.RECORD` arrays."""

    @abstractmethod
    def _excluded_by_tier(self, codes: list[str]) -> tuple[dict[RiskTier, int], list[str]]:
        """Of ``codes`` (sorted, unique): how many are in each tier, and those not present."""

    @abstractmethod
    def _ranked(
        self, key: bytes, wanted: Mapping[RiskTier, int], excluded: list[str]
    ) -> dict[RiskTier, tuple[str, ...]]:
        """Each tier's first ``wanted[tier]`` eligible codes in ticket order."""

    # ------------------------------------------------------------------ shared
    def summary(self) -> Summary:
        """The registry's size, jurisdiction labels and subjects per tier (cached)."""
        cached: Summary | None = getattr(self, "_summary_cache", None)
        if cached is None:
            cached = self._summary()
            self._summary_cache = cached
        return cached

    def digest(self, *, version: int = DIGEST_VERSION) -> str:
        """``Population.digest(version=...)`` of the registry (default: the current version).

        Version 2's chunks of 2^16 code-sorted rows are hashed independently: Spark hashes
        them on its executors and brings back only the 32-byte chunk digests; DuckDB, in
        this process, hands its sorted rows over as Arrow batches, which costs less than
        its own string aggregation (see the engines page). Version 1, kept to verify records
        made with it, is one chain over every row in code order. Every code is checked on the way (shape, GB 32100-2015 check
        character unless lenient, uniqueness), as :meth:`Population.from_arrays` checks them.

        Raises:
            InvalidInputError: an unknown version.
            PopulationError: an invalid or duplicate code.
        """
        version = check_digest_version(version)
        cache: dict[int, str] = self.__dict__.setdefault("_digest_cache", {})
        if version in cache:
            return cache[version]
        digest = self._digest(self.summary(), version)
        cache[version] = digest
        return digest

    def _digest(self, summary: Summary, version: int) -> str:
        """The digest from the rows streamed in code order (an engine may do better)."""
        hasher = PopulationDigest(
            rows=summary.rows, jurisdiction_labels=summary.jurisdiction_labels, version=version
        )
        previous: bytes | None = None
        for records in self._sorted_records(summary):
            if not len(records):
                continue
            codes = np.ascontiguousarray(records["code"])
            Population.from_arrays(
                codes,
                records["tier"],
                kinds=records["kind"],
                statuses=records["status"],
                lenient_check_character=self.lenient_check_character,
            )
            if not bool((codes[1:] > codes[:-1]).all()):
                raise PopulationError(
                    "the registry's rows did not arrive sorted by code",
                    rows=(),
                    field="codes",
                    value=None,
                )
            first = bytes(codes[0])
            if previous is not None and first <= previous:
                raise PopulationError(
                    f"1 duplicate code(s); codes must be unique: {first.decode()!r}",
                    rows=(),
                    field="codes",
                    value=first.decode(),
                )
            previous = bytes(codes[-1])
            hasher.update_records(records)
        return hasher.hexdigest()

    def draw(
        self,
        rule: SamplingRule,
        *,
        seed: str,
        exclude: Iterable[SubjectExclusion] = (),
        waitlist: int | None = None,
    ) -> Draw:
        """The ``jointcheck-hash-v1`` draw, identical to ``HashSampler().draw`` on the
        same registry loaded as a :class:`~jointcheck.population.Population`.

        Raises:
            InvalidInputError: a bad seed, waitlist or exclusion (a code not in the registry).
            PopulationError: an invalid or duplicate code in the registry.
        """
        check_seed(seed)
        waitlist = check_waitlist(waitlist)
        exclusions = check_exclusions(exclude)
        excluded = sorted({c for e in exclusions for c in e.codes})
        summary = self.summary()
        gone, missing = self._excluded_by_tier(excluded) if excluded else ({}, [])
        if missing:
            raise InvalidInputError(
                f"{len(missing)} excluded code(s) are not in the population, e.g. "
                f"{missing[:3]}; exclusions must name subjects of the population drawn from",
                field="exclude",
                value=missing[0],
            )
        totals = {t: summary.tiers.get(t, 0) for t in RiskTier.in_code_order()}
        removed = {t: gone.get(t, 0) for t in RiskTier.in_code_order()}
        available = {t: totals[t] - removed[t] for t in RiskTier.in_code_order()}
        quotas = rule.quotas(available)
        wanted = {
            t: min(
                available[t],
                quotas[t] + (default_waitlist_length(quotas[t]) if waitlist is None else waitlist),
            )
            for t in RiskTier.in_code_order()
        }
        picks = self._ranked(seed_key(seed), wanted, excluded)
        strata = tuple(
            Stratum.model_construct(
                tier=tier,
                population=totals[tier],
                excluded=removed[tier],
                quota=quotas[tier],
                drawn=picks.get(tier, ())[: quotas[tier]],
                waitlist=picks.get(tier, ())[quotas[tier] :],
            )
            for tier in RiskTier.in_code_order()
        )
        return Draw.model_construct(
            algorithm=_HASH_ALGORITHM,
            numpy_version=None,
            seed=seed,
            population_digest=self.digest(version=DIGEST_VERSION),
            population_digest_version=DIGEST_VERSION,
            population_size=summary.rows,
            rule=rule,
            quotas=quotas,
            exclusions=exclusions,
            strata=strata,
        )

    def verify(self, draw: Draw) -> list[DrawViolation]:
        """Recompute ``draw`` from the registry and list every difference (empty = valid).

        Checks the population digest, the tier counts, the quotas, and that the seed
        reproduces each tier's drawn codes and waitlist in order. (Replacements and the
        record's bindings are checked on the record itself by
        :func:`~jointcheck.sampling.verify_draw`'s record checks.)
        """
        found: list[DrawViolation] = []
        if draw.algorithm != _HASH_ALGORITHM:
            return [
                DrawViolation(
                    kind=DrawViolationKind.UNKNOWN_ALGORITHM,
                    message=f"algorithm {draw.algorithm!r} cannot be recomputed by an engine; "
                    f"engines recompute {_HASH_ALGORITHM}",
                )
            ]
        digest = self.digest(version=draw.population_digest_version)
        if digest != draw.population_digest:
            found.append(
                DrawViolation(
                    kind=DrawViolationKind.POPULATION_CHANGED,
                    message=f"population digest {digest} ({self.summary().rows:,} subjects) "
                    f"differs from the recorded {draw.population_digest} "
                    f"({draw.population_size:,} subjects): the registry changed after the draw",
                )
            )
        excluded = sorted({c for e in draw.exclusions for c in e.codes})
        gone, missing = self._excluded_by_tier(excluded) if excluded else ({}, [])
        if missing:
            found.append(
                DrawViolation(
                    kind=DrawViolationKind.UNKNOWN_CODE,
                    code=missing[0],
                    message=f"{len(missing)} excluded code(s) are not in the population: "
                    + ", ".join(missing[:5]),
                )
            )
        summary = self.summary()
        available: dict[RiskTier, int] = {}
        for stratum in draw.strata:
            tier = stratum.tier
            counts = (summary.tiers.get(tier, 0), gone.get(tier, 0))
            available[tier] = counts[0] - counts[1]
            if (stratum.population, stratum.excluded) != counts:
                found.append(
                    DrawViolation(
                        kind=DrawViolationKind.COUNTS_DIFFER,
                        tier=tier,
                        message=f"{tier.value}: recorded {stratum.population} subjects with "
                        f"{stratum.excluded} excluded; the registry has {counts[0]} with "
                        f"{counts[1]} excluded",
                    )
                )
        quotas = draw.rule.quotas({t: available.get(t, 0) for t in RiskTier.in_code_order()})
        if quotas != draw.quotas:
            found.append(
                DrawViolation(
                    kind=DrawViolationKind.QUOTAS_DIFFER,
                    message="recorded quotas differ from the rule's on the registry",
                )
            )
        try:
            check_seed(draw.seed)
        except InvalidInputError as exc:
            found.append(DrawViolation(kind=DrawViolationKind.NOT_REPRODUCED, message=exc.message))
            return found
        wanted = {
            s.tier: min(available.get(s.tier, 0), quotas[s.tier] + len(s.waitlist))
            for s in draw.strata
        }
        ranked = self._ranked(seed_key(draw.seed), wanted, excluded)
        for stratum in draw.strata:
            tier = stratum.tier
            codes = ranked.get(tier, ())
            quota = quotas[tier]
            if stratum.drawn != codes[:quota]:
                found.append(
                    DrawViolation(
                        kind=DrawViolationKind.NOT_REPRODUCED,
                        tier=tier,
                        message=f"{tier.value}: seed {draw.seed!r} does not reproduce the drawn "
                        "codes",
                    )
                )
            if stratum.waitlist != codes[quota:]:
                found.append(
                    DrawViolation(
                        kind=DrawViolationKind.WAITLIST_NOT_REPRODUCED,
                        tier=tier,
                        message=f"{tier.value}: the waitlist is not the next codes in draw order",
                    )
                )
        return found
