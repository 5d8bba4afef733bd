"""The :class:`Sampler` protocol and its two implementations.

* :class:`HashSampler` (default, the legal draw): SHA-256 tickets, see ``docs/draw-specification.md``.
* :class:`GeneratorSampler`: numpy's ``Generator``, for simulations only.
"""

from __future__ import annotations

import hashlib
import os
from abc import ABC, abstractmethod
from collections.abc import Iterable, Mapping
from concurrent.futures import ThreadPoolExecutor
from typing import Protocol, runtime_checkable

import numpy as np
import numpy.typing as npt

from jointcheck._internal.checked import checked
from jointcheck._internal.engines import TicketEngine, engine_for, resolve_engine
from jointcheck.errors import InvalidInputError
from jointcheck.model import Quotas, RiskTier, SamplingRule
from jointcheck.population import Population
from jointcheck.population_digest import DIGEST_VERSION
from jointcheck.sampling._draw import Draw, Stratum, SubjectExclusion
from jointcheck.sampling._tickets import (
    EXCLUDED_TIER,
    HASH_ALGORITHM,
    first_by_tier,
    first_in_ticket_order,
    seed_key,
    ticket_prefixes,
)

__all__ = [
    "GENERATOR_ALGORITHM",
    "GeneratorSampler",
    "HashSampler",
    "Sampler",
    "check_seed",
    "default_waitlist_length",
    "sampler_for",
]

GENERATOR_ALGORITHM = "numpy-generator-v1"
"""Tag of :class:`GeneratorSampler` draws."""

_MAX_SEED_CHARS = 1000


@runtime_checkable
class Sampler(Protocol):
    """Draws subjects from a population by a rule, reproducibly from a seed."""

    @property
    def algorithm(self) -> str:
        """Algorithm and version tag recorded in every :class:`Draw`."""
        ...

    def draw(
        self,
        population: Population,
        rule: SamplingRule,
        *,
        seed: str,
        exclude: Iterable[SubjectExclusion] = (),
        waitlist: int | None = None,
    ) -> Draw:
        """Draw ``rule``'s quotas from ``population`` minus ``exclude``."""
        ...


@checked
def check_seed(seed: object) -> str:
    """Return ``seed`` if it is a valid seed, else raise :class:`InvalidInputError`.

    A seed is a text string of 1 to 1000 characters, without control characters and without
    spaces at either end (so a copied seed cannot silently differ); it is used as its UTF-8
    bytes, unnormalised. Ceremony seeds are 64 hex digits.
    """
    if not isinstance(seed, str):
        raise InvalidInputError(
            f"seed must be a str (e.g. 64 hex digits from derive_seed), got {type(seed).__name__}",
            field="seed",
            value=seed,
        )
    problem = None
    if not seed or len(seed) > _MAX_SEED_CHARS:
        problem = f"must have 1 to {_MAX_SEED_CHARS} characters (got {len(seed)})"
    elif seed != seed.strip():
        problem = "must not start or end with white space"
    elif any(ord(ch) < 32 or ord(ch) == 127 for ch in seed):
        problem = "must not contain control characters"
    else:
        try:
            seed.encode("utf-8")
        except UnicodeEncodeError:
            problem = "must be encodable as UTF-8 (no lone surrogates)"
    if problem:
        raise InvalidInputError(f"seed {seed!r} {problem}", field="seed", value=seed)
    return seed


@checked
def default_waitlist_length(quota: int) -> int:
    """Default waitlist per tier: a tenth of the quota, at least 5 (fewer if the tier runs out)."""
    return max(5, -(-quota // 10))


@checked
def check_waitlist(waitlist: object) -> int | None:
    """Return ``waitlist`` if it is ``None`` (the default length) or a whole number >= 0, else
    raise :class:`InvalidInputError`; every draw (in memory, announced, on an engine) checks it here.
    """
    if waitlist is None:
        return None
    if isinstance(waitlist, bool) or not isinstance(waitlist, (int, np.integer)) or waitlist < 0:
        raise InvalidInputError(
            f"waitlist={waitlist!r} must be a whole number >= 0 or None",
            field="waitlist",
            value=waitlist,
        )
    return int(waitlist)


@checked
def check_exclusions(exclude: Iterable[object]) -> tuple[SubjectExclusion, ...]:
    """The exclusions as a tuple, each checked to be a :class:`SubjectExclusion` record."""
    exclusions: list[SubjectExclusion] = []
    for exclusion in exclude:
        if not isinstance(exclusion, SubjectExclusion):
            raise InvalidInputError(
                f"exclude must hold SubjectExclusion records, got {type(exclusion).__name__}; "
                "build them with exclusion_from_mask, exclude_statuses or "
                "exclude_recently_inspected",
                field="exclude",
                value=exclusion,
            )
        exclusions.append(exclusion)
    return tuple(exclusions)


def _excluded_mask(
    population: Population, exclusions: tuple[SubjectExclusion, ...]
) -> npt.NDArray[np.bool_] | None:
    if not any(e.codes for e in exclusions):
        return None
    mask = np.zeros(len(population), dtype=bool)
    for exclusion in exclusions:
        if not exclusion.codes:
            continue
        positions = population.positions(np.array(exclusion.codes, dtype="U18"))
        missing = [c for c, p in zip(exclusion.codes, positions.tolist(), strict=True) if p < 0]
        if missing:
            raise InvalidInputError(
                f"{len(missing)} excluded code(s) are not in the population, e.g. "
                f"{missing[:3]}; exclusions must name subjects of the population drawn from",
                field="exclude",
                value=missing[0],
            )
        mask[positions] = True
    return mask


class _TierMasks:
    """A draw's population and excluded rows: each tier's counts, and its rows on demand.

    No mask is kept: a province's tier mask is ten megabytes of fresh memory, so counting
    reuses one buffer for every tier, and a tier's rows are found only when a draw needs
    them (on any thread: nothing here changes after construction).
    """

    def __init__(self, population: Population, excluded: npt.NDArray[np.bool_] | None) -> None:
        self.population = population
        self.excluded = excluded

    def eligible(self, tier: RiskTier) -> npt.NDArray[np.bool_]:
        """Rows of ``tier`` that may be drawn."""
        mask: npt.NDArray[np.bool_] = self.population.tiers == tier.code
        if self.excluded is not None:
            mask &= ~self.excluded
        return mask

    def counts(self) -> tuple[dict[RiskTier, int], dict[RiskTier, int]]:
        """Per tier: subjects in the population, and of those excluded."""
        tiers = self.population.tiers
        buffer = np.empty(len(tiers), dtype=bool)
        totals = {
            t: int(np.count_nonzero(np.equal(tiers, t.code, out=buffer)))
            for t in RiskTier.in_code_order()
        }
        if self.excluded is None:
            return totals, dict.fromkeys(RiskTier.in_code_order(), 0)
        gone_tiers = tiers[self.excluded]
        gone = {t: int(np.count_nonzero(gone_tiers == t.code)) for t in RiskTier.in_code_order()}
        return totals, gone


def eligible_counts(
    population: Population, excluded: npt.NDArray[np.bool_] | None
) -> tuple[dict[RiskTier, int], dict[RiskTier, int]]:
    """Per tier: subjects in the population, and of those excluded."""
    return _TierMasks(population, excluded).counts()


def _codes_text(population: Population, positions: npt.NDArray[np.intp]) -> tuple[str, ...]:
    """The codes at ``positions`` as str, decoded at once: the fixed-width ASCII codes are
    joined by newlines and split, and the NUL padding of 15-character 注册号 is dropped."""
    count = len(positions)
    if count == 0:
        return ()
    width = population.codes.itemsize
    lines = np.full((count, width + 1), ord("\n"), dtype=np.uint8)
    lines[:, :width] = np.take(population.codes, positions).view(np.uint8).reshape(count, width)
    text = lines.tobytes()[:-1].decode("ascii")
    if "\0" in text:
        text = text.replace("\0", "")
    return tuple(text.split("\n"))


class _StratifiedSampler(ABC):
    """Common part: exclusions, exact quotas, one ordered pick per tier, the record."""

    algorithm: str = ""

    @abstractmethod
    def _order(
        self,
        masks: _TierMasks,
        available: Mapping[RiskTier, int],
        wanted: Mapping[RiskTier, int],
        seed: str,
    ) -> dict[RiskTier, npt.NDArray[np.intp]]:
        """Row positions of the first ``wanted[tier]`` (at most ``available[tier]``)
        subjects of each tier, in draw order."""

    def _numpy_version(self) -> str | None:
        return None

    def prepare(
        self,
        population: Population,
        rule: SamplingRule,
        exclude: Iterable[SubjectExclusion],
    ) -> tuple[tuple[SubjectExclusion, ...], npt.NDArray[np.bool_] | None, Quotas]:
        """Exclusions as a tuple, their row mask and the quotas on the rest."""
        exclusions = check_exclusions(exclude)
        excluded = _excluded_mask(population, exclusions)
        totals, gone = eligible_counts(population, excluded)
        quotas = rule.quotas({t: totals[t] - gone[t] for t in RiskTier.in_code_order()})
        return exclusions, excluded, quotas

    def ranked(
        self,
        population: Population,
        excluded: npt.NDArray[np.bool_] | None,
        wanted: Mapping[RiskTier, int],
        *,
        seed: str,
        available: Mapping[RiskTier, int] | None = None,
        masks: _TierMasks | None = None,
    ) -> dict[RiskTier, tuple[str, ...]]:
        """The first ``wanted[tier]`` codes of each tier in draw order (``available``: the
        per-tier counts left after exclusions, computed when not given)."""
        masks = _TierMasks(population, excluded) if masks is None else masks
        if available is None:
            totals, gone = masks.counts()
            available = {t: totals[t] - gone[t] for t in RiskTier.in_code_order()}
        capped = {t: min(wanted[t], available[t]) for t in RiskTier.in_code_order()}
        orders = self._order(masks, available, capped, check_seed(seed))
        return {t: _codes_text(population, orders[t]) for t in RiskTier.in_code_order()}

    def draw(
        self,
        population: Population,
        rule: SamplingRule,
        *,
        seed: str,
        exclude: Iterable[SubjectExclusion] = (),
        waitlist: int | None = None,
    ) -> Draw:
        """Draw ``rule``'s quotas from ``population`` minus ``exclude``.

        Args:
            population: The registry (its digest is recorded).
            rule: The sampling rule; quotas are computed on the subjects left after
                exclusions.
            seed: The published seed (see :func:`check_seed` and :func:`derive_seed`).
            exclude: Subjects left out before stratification, with reasons.
            waitlist: Waitlist length per tier; ``None`` = a tenth of the quota, at least 5.

        Raises:
            InvalidInputError: a bad seed, waitlist or exclusion (a code not in the population).
        """
        check_seed(seed)
        waitlist = check_waitlist(waitlist)
        exclusions = check_exclusions(exclude)
        excluded = _excluded_mask(population, exclusions)
        masks = _TierMasks(population, excluded)
        totals, gone = masks.counts()
        available = {t: totals[t] - gone[t] for t in RiskTier.in_code_order()}
        quotas = rule.quotas(available)
        wanted = {}
        for tier in RiskTier.in_code_order():
            quota = quotas[tier]
            wanted[tier] = quota + (
                default_waitlist_length(quota) if waitlist is None else waitlist
            )
        picks = self.ranked(
            population, excluded, wanted, seed=seed, available=available, masks=masks
        )
        # Built without re-validation: every value comes from the code above (a province's
        # draw holds hundreds of thousands of codes).
        strata = tuple(
            Stratum.model_construct(
                tier=tier,
                population=totals[tier],
                excluded=gone[tier],
                quota=quotas[tier],
                drawn=picks[tier][: quotas[tier]],
                waitlist=picks[tier][quotas[tier] :],
            )
            for tier in RiskTier.in_code_order()
        )
        return Draw.model_construct(
            algorithm=self.algorithm,
            numpy_version=self._numpy_version(),
            seed=seed,
            population_digest=population.digest(version=DIGEST_VERSION),
            population_digest_version=DIGEST_VERSION,
            population_size=len(population),
            rule=rule,
            quotas=quotas,
            exclusions=exclusions,
            strata=strata,
        )


class HashSampler(_StratifiedSampler):
    """The default, verifiable draw (``jointcheck-hash-v1``).

    Each subject's ticket is ``SHA-256(key || code)`` with ``key = SHA-256("jointcheck-hash-v1:"
    + seed)``; in each tier the smallest tickets are drawn and the next ones form the
    waitlist. The result does not depend on row order or on how strata are split, and a
    15-line standard-library script (or one SQL query) recomputes it: see
    ``docs/draw-specification.md``.

    Args:
        engine: What computes the tickets: ``"datafusion"`` (Apache DataFusion's SHA-256 on
            every core with the CPU's SHA instructions, needs the ``datafusion`` extra),
            ``"duckdb"`` (DuckDB's multi-threaded SHA-256, needs the ``duckdb`` extra),
            ``"hashlib"`` (the standard library, one core) or ``"auto"`` (the fastest
            installed: DataFusion, else DuckDB, else hashlib). The draw is identical for
            every engine.

    Examples:
        >>> from jointcheck.population import DIGEST_VERSION, Population
        >>> pop = Population.from_arrays(
        ...     ["91350200776049653A", "91350503MA31DKY80A", "91440101MA5CJQ4N59"], ["D", "D", "D"]
        ... )
        >>> draw = HashSampler().draw(pop, SamplingRule.parse("高风险企业不低于50%"), seed="demo")
        >>> draw.selected_in(RiskTier.HIGH), draw.waitlist(RiskTier.HIGH)
        (('91350503MA31DKY80A', '91440101MA5CJQ4N59'), ('91350200776049653A',))
    """

    algorithm = HASH_ALGORITHM

    def __init__(self, *, engine: TicketEngine = "auto") -> None:
        resolve_engine(engine)  # an unknown name or a missing extra fails here, not mid-draw
        self.engine: TicketEngine = engine

    def __repr__(self) -> str:
        return f"HashSampler(engine={self.engine!r})"

    def _order(
        self,
        masks: _TierMasks,
        available: Mapping[RiskTier, int],
        wanted: Mapping[RiskTier, int],
        seed: str,
    ) -> dict[RiskTier, npt.NDArray[np.intp]]:
        key = seed_key(seed)
        population = masks.population
        orders = {t: np.empty(0, dtype=np.intp) for t in RiskTier.in_code_order()}
        active = [t for t in RiskTier.in_code_order() if wanted[t] > 0]
        if not active:
            return orders
        codes = population.codes
        engine = engine_for(self.engine, sum(available[t] for t in active))
        if engine != "hashlib":
            # The engine hashes every code and hands back only each tier's first tickets.
            tiers = population.tiers
            if masks.excluded is not None:
                tiers = np.where(masks.excluded, np.uint8(EXCLUDED_TIER), tiers)
            ranked = first_by_tier(
                key,
                codes,
                tiers,
                {t.code: wanted[t] for t in active},
                {t.code: available[t] for t in active},
                engine=engine,
            )
            return orders | {t: ranked[t.code] for t in active}
        positions = {t: np.flatnonzero(masks.eligible(t)) for t in active}
        if sum(available[t] for t in active) == len(codes):
            prefixes = ticket_prefixes(key, codes)
        else:
            # Hash only the rows of tiers that draw.
            subset = np.sort(np.concatenate([positions[t] for t in active]))
            prefixes = np.zeros(len(codes), dtype=np.uint64)
            prefixes[subset] = ticket_prefixes(key, codes[subset])
        for tier in active:
            rows = positions[tier]
            order = first_in_ticket_order(key, codes, prefixes[rows], wanted[tier], rows=rows)
            orders[tier] = rows[order]
        return orders


class GeneratorSampler(_StratifiedSampler):
    """A fast draw for simulations, from numpy's ``Generator`` (``numpy-generator-v1``).

    The generator is ``Generator(PCG64(SeedSequence(int(SHA-256("numpy-generator-v1:" +
    seed)))))``. For each tier in code order (UNRATED, LOW, MEDIUM, HIGHER, HIGH), with
    ``n`` subjects left and ``k = quota + waitlist`` wanted, over rows sorted by code:

    * ``32·k <= n``: rows are drawn uniformly from all N rows with ``integers(0, N)`` in
      batches of ``ceil(5·missing·N / (4·n)) + 64``, keeping rows of the tier not drawn
      before, until ``k`` are found (touches about ``k·N/n`` rows, not N);
    * otherwise ``choice(n, size=k, replace=False)`` over the tier's rows
      (``permutation(n)`` when ``k == n``).

    The record states the numpy version: numpy does not promise the same stream across
    releases, so use :class:`HashSampler` for a draw that others must be able to check.
    """

    algorithm = GENERATOR_ALGORITHM

    def __repr__(self) -> str:
        return "GeneratorSampler()"

    def _numpy_version(self) -> str | None:
        return str(np.__version__)

    def _order(
        self,
        masks: _TierMasks,
        available: Mapping[RiskTier, int],
        wanted: Mapping[RiskTier, int],
        seed: str,
    ) -> dict[RiskTier, npt.NDArray[np.intp]]:
        population, excluded = masks.population, masks.excluded
        entropy = int.from_bytes(
            hashlib.sha256(f"{GENERATOR_ALGORITHM}:{seed}".encode()).digest(), "big"
        )
        rng = np.random.Generator(np.random.PCG64(np.random.SeedSequence(entropy)))
        dense = [
            t
            for t in RiskTier.in_code_order()
            if wanted[t] > 0 and _SPARSE * wanted[t] > available[t]
        ]
        # The rows of the tiers drawn by choice() do not depend on the generator: they are
        # found on other cores (numpy releases the GIL) while this thread draws in order.
        pool = (
            ThreadPoolExecutor(max_workers=min(len(dense), os.cpu_count() or 1))
            if len(dense) > 1 and len(population) >= _THREADED_ROWS
            else None
        )
        try:
            rows_of = {t: pool.submit(_eligible_rows, masks, t) if pool else None for t in dense}
            orders = {}
            for tier in RiskTier.in_code_order():
                n, k = available[tier], wanted[tier]
                if k <= 0:
                    orders[tier] = np.empty(0, dtype=np.intp)
                elif tier not in rows_of:
                    orders[tier] = _rejection(rng, population.tiers, tier.code, excluded, n, k)
                else:
                    future = rows_of[tier]
                    rows = _eligible_rows(masks, tier) if future is None else future.result()
                    picked = rng.permutation(n) if k == n else rng.choice(n, size=k, replace=False)
                    orders[tier] = rows[picked]
        finally:
            if pool is not None:
                pool.shutdown()
        return orders


def _eligible_rows(masks: _TierMasks, tier: RiskTier) -> npt.NDArray[np.intp]:
    """Rows of ``tier`` that may be drawn, ascending."""
    return np.flatnonzero(masks.eligible(tier))


_THREADED_ROWS = 1 << 18
"""From this many rows, GeneratorSampler finds the rows of its dense tiers on other threads."""

_SPARSE = 32
"""A tier draws by rejection when it draws at most 1/32 of its subjects."""


def _rejection(
    rng: np.random.Generator,
    tiers: npt.NDArray[np.uint8],
    code: int,
    excluded: npt.NDArray[np.bool_] | None,
    n: int,
    k: int,
) -> npt.NDArray[np.intp]:
    """``k`` distinct rows of tier ``code`` (``n`` of them not excluded), uniformly, in order
    of first draw; each ordered sample is equally likely. Only the drawn rows are read."""
    total = len(tiers)
    picked = np.empty(0, dtype=np.intp)
    while len(picked) < k:
        batch = -(-5 * (k - len(picked)) * total // (4 * n)) + 64
        rows = rng.integers(0, total, size=batch, dtype=np.intp)
        keep = tiers[rows] == code
        if excluded is not None:
            keep &= ~excluded[rows]
        rows = rows[keep]
        rows = rows[_first_occurrences(rows)]
        if len(picked):
            rows = rows[~np.isin(rows, picked)]
        picked = np.concatenate([picked, rows])
    return picked[:k]


def _first_occurrences(values: npt.NDArray[np.intp]) -> npt.NDArray[np.bool_]:
    """Mask of the first occurrence of each value, the rows ``np.unique(values,
    return_index=True)`` keeps, without its stable sort and the sort of its indices."""
    order = np.argsort(values)
    ordered = values[order]
    starts = np.ones(len(values), dtype=bool)
    starts[1:] = ordered[1:] != ordered[:-1]
    keep = np.zeros(len(values), dtype=bool)
    if len(values):
        keep[np.minimum.reduceat(order, np.flatnonzero(starts))] = True
    return keep


_SAMPLERS: dict[str, type[_StratifiedSampler]] = {
    HASH_ALGORITHM: HashSampler,
    GENERATOR_ALGORITHM: GeneratorSampler,
}


def sampler_for(algorithm: str, *, engine: TicketEngine = "auto") -> _StratifiedSampler | None:
    """A sampler that recomputes draws tagged ``algorithm`` (``None`` if unknown); a hash
    draw's tickets are computed by ``engine``."""
    if algorithm == HASH_ALGORITHM:
        return HashSampler(engine=engine)
    cls = _SAMPLERS.get(algorithm)
    return None if cls is None else cls()
