"""Invariant checkers other systems can call: :func:`verify_draw` and :func:`check_quotas`.

Both return a list of :class:`DrawViolation` (empty when everything holds) rather than raising,
so a test suite or an audit report can show every problem at once.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable, Iterable, Mapping, Sequence
from decimal import Decimal
from enum import Enum
from fractions import Fraction

import numpy as np
import numpy.typing as npt
from pydantic import Field

from jointcheck._internal.checked import checked
from jointcheck._internal.engines import TicketEngine, resolve_engine
from jointcheck.errors import CeremonyError, InvalidInputError, JointcheckError
from jointcheck.model import (
    TOP_UP_ORDER,
    All,
    Count,
    FrozenModel,
    InspectionRecord,
    QuotaBasis,
    Quotas,
    Ratio,
    RiskTier,
    SamplingRule,
    TopUpPolicy,
)
from jointcheck.population import Population
from jointcheck.sampling._ceremony import Announcement, derive_seed
from jointcheck.sampling._draw import Draw
from jointcheck.sampling._evidence import (
    HistoryEntry,
    as_records,
    exclusion_evidence_problems,
    inspections_digest,
    replacement_evidence_problems,
)
from jointcheck.sampling._samplers import check_seed, eligible_counts, sampler_for

__all__ = ["DrawViolation", "DrawViolationKind", "check_quotas", "verify_draw"]

_SHOWN = 5


class DrawViolationKind(str, Enum):
    """What a check found wrong."""

    UNBOUND_SEED = "UNBOUND_SEED"  # the seed has no published origin (no announcement)
    ANNOUNCEMENT_MISMATCH = "ANNOUNCEMENT_MISMATCH"  # the record names another announcement
    SEED_NOT_DERIVED = "SEED_NOT_DERIVED"  # the seed is not derive_seed(announcement, reveals)
    NOT_ANNOUNCED = "NOT_ANNOUNCED"  # rule, quotas, exclusions, algorithm… differ from it
    WAITLIST_LENGTH = "WAITLIST_LENGTH"  # a waitlist is not of its announced length
    EXCLUSION_NOT_SUPPORTED = "EXCLUSION_NOT_SUPPORTED"  # the registry or records contradict it
    FALSE_REASON = "FALSE_REASON"  # a replacement's registry status is not the registry's
    POPULATION_CHANGED = "POPULATION_CHANGED"  # the registry differs from the one drawn from
    COUNTS_DIFFER = "COUNTS_DIFFER"  # recorded tier counts differ from the population's
    UNKNOWN_ALGORITHM = "UNKNOWN_ALGORITHM"  # no sampler recomputes this algorithm
    UNKNOWN_CODE = "UNKNOWN_CODE"  # a code that is not in the population
    WRONG_TIER = "WRONG_TIER"  # a code recorded under a tier it does not belong to
    EXCLUDED_CODE_DRAWN = "EXCLUDED_CODE_DRAWN"  # an excluded subject was drawn
    DUPLICATE = "DUPLICATE"  # a code appears twice among drawn and waitlist codes
    QUOTAS_DIFFER = "QUOTAS_DIFFER"  # recorded quotas differ from the rule's on these counts
    QUOTA_NOT_MET = "QUOTA_NOT_MET"  # fewer drawn than the quota
    QUOTA_EXCEEDED = "QUOTA_EXCEEDED"  # more drawn than the quota
    QUOTA_RULE = "QUOTA_RULE"  # a quota that breaks the rule (check_quotas)
    NOT_REPRODUCED = "NOT_REPRODUCED"  # the seed and algorithm give a different selection
    WAITLIST_NOT_REPRODUCED = "WAITLIST_NOT_REPRODUCED"  # the waitlist is not the next ranks
    BAD_REPLACEMENT = "BAD_REPLACEMENT"  # a replacement of a code that was not selected
    REPLACEMENT_OUT_OF_ORDER = "REPLACEMENT_OUT_OF_ORDER"  # not the next code on the waitlist


class DrawViolation(FrozenModel):
    """One problem found by :func:`verify_draw` or :func:`check_quotas`."""

    kind: DrawViolationKind = Field(description="What is wrong")
    tier: RiskTier | None = Field(default=None, description="Tier concerned, if any")
    code: str | None = Field(default=None, description="Subject code concerned, if any")
    field: str | None = Field(default=None, description="Field of the record concerned, if any")
    message: str = Field(description="What was found and what was expected")

    def __str__(self) -> str:
        return f"{self.kind.value}: {self.message}"


def _shown(codes: list[str]) -> str:
    more = f" (and {len(codes) - _SHOWN} more)" if len(codes) > _SHOWN else ""
    return ", ".join(codes[:_SHOWN]) + more


@checked
def verify_draw(
    draw: Draw,
    population: Population | None,
    *,
    announcement: Announcement | None = None,
    inspections: Iterable[HistoryEntry] | None = None,
    allow_unbound_seed: bool = False,
    engine: TicketEngine = "auto",
) -> list[DrawViolation]:
    """Recompute ``draw`` from ``population`` and list every violation (empty = valid).

    Checks, against the ``announcement`` the draw names: its digest; that the seed is
    ``derive_seed(announcement, draw.reveals)``; that the algorithm, rule, quotas, exclusions,
    population digest and size are the announced ones; that each waitlist has its announced
    length. Without an announcement the seed's origin is unknown, an ``UNBOUND_SEED``
    violation, unless ``allow_unbound_seed=True`` (a simulation).

    Against ``population`` (``None`` when the registry is not at hand: only the binding and
    the replacements' order are checked): its digest, size and tier counts; exclusions name
    subjects of the population, and a STATUS exclusion matches the status column (a
    RECENTLY_INSPECTED one the ``inspections``, whose digest the announcement carries); each
    drawn or waitlisted code is in the population, in its tier, not excluded and not
    repeated; the recorded quotas equal the rule's on the counts left after exclusions, and
    each tier drew exactly its quota; the seed and algorithm reproduce the drawn codes and
    the waitlist in order; each replacement took a selected code out and the next
    waitlisted code of its tier in, and a registry status it claims is the registry's.
    Claims nothing can confirm are listed by :func:`declared_facts`, not here.

    ``engine`` computes a hash draw's tickets, as in :class:`HashSampler` (``"auto"``: the
    fastest installed); the verdict is the same for every engine.

    Examples:
        >>> from jointcheck.sampling import HashSampler
        >>> pop = Population.from_arrays(
        ...     ["91350200776049653A", "91350503MA31DKY80A", "91440101MA5CJQ4N59"], ["A", "A", "A"]
        ... )
        >>> draw = HashSampler().draw(pop, SamplingRule.parse("50%"), seed="demo")
        >>> verify_draw(draw, pop, allow_unbound_seed=True)
        []
        >>> [v.kind.value for v in verify_draw(draw, pop)]
        ['UNBOUND_SEED']
        >>> tampered = draw.model_copy(update={"seed": "other"})
        >>> [v.kind.value for v in verify_draw(tampered, pop, allow_unbound_seed=True)]
        ['NOT_REPRODUCED', 'WAITLIST_NOT_REPRODUCED']
    """
    _expect(draw, Draw, "draw")
    _expect(population, (Population, type(None)), "population")
    _expect(announcement, (Announcement, type(None)), "announcement")
    resolve_engine(engine)  # an unknown name or a missing extra fails here
    found: list[DrawViolation] = []
    records = None if inspections is None else as_records(inspections)
    _check_binding(draw, announcement, allow_unbound_seed, found)
    if population is None:
        _check_replacements(draw, found)
        return found
    digest = population.digest(version=draw.population_digest_version)
    if draw.population_digest != digest:
        found.append(
            DrawViolation(
                kind=DrawViolationKind.POPULATION_CHANGED,
                field="population_digest",
                message=f"population digest {digest} ({len(population):,} subjects)"
                f" differs from the recorded {draw.population_digest} "
                f"({draw.population_size:,} subjects): the registry changed after the draw",
            )
        )
    if draw.population_size != len(population):
        found.append(
            DrawViolation(
                kind=DrawViolationKind.COUNTS_DIFFER,
                field="population_size",
                message=f"recorded population_size {draw.population_size:,}; the population "
                f"has {len(population):,} subjects",
            )
        )
    excluded = _exclusion_mask(draw, population, found)
    totals, gone = eligible_counts(population, excluded)
    for stratum in draw.strata:
        tier = stratum.tier
        if (stratum.population, stratum.excluded) != (totals[tier], gone[tier]):
            found.append(
                DrawViolation(
                    kind=DrawViolationKind.COUNTS_DIFFER,
                    tier=tier,
                    message=f"{tier.value}: recorded {stratum.population} subjects with "
                    f"{stratum.excluded} excluded; the population has {totals[tier]} with "
                    f"{gone[tier]} excluded",
                )
            )
    eligible = {t: totals[t] - gone[t] for t in RiskTier.in_code_order()}
    quotas = draw.rule.quotas(eligible)
    if quotas != draw.quotas:
        differ = [
            f"{t.value} {draw.quotas[t]} (expected {quotas[t]})"
            for t in RiskTier.in_code_order()
            if draw.quotas.record(t) != quotas.record(t)
        ]
        found.append(
            DrawViolation(
                kind=DrawViolationKind.QUOTAS_DIFFER,
                message="recorded quotas differ from the rule's on the population: "
                + ("; ".join(differ) or "overall minimum or policy"),
            )
        )
    lengths = None if announcement is None else announcement.waitlist_lengths
    reproduction: list[DrawViolation] = []
    _check_reproduction(draw, population, excluded, quotas, lengths, engine, reproduction)
    if reproduction:
        # A reproduced draw holds only the population's codes, each in its tier, none excluded
        # or repeated: each code is looked up only when the draw is not reproduced.
        _check_membership(draw, population, excluded, found)
    for stratum in draw.strata:
        tier = stratum.tier
        expected = quotas[tier]
        if stratum.quota != expected and quotas == draw.quotas:
            found.append(
                DrawViolation(
                    kind=DrawViolationKind.QUOTAS_DIFFER,
                    tier=tier,
                    message=f"{tier.value}: stratum quota {stratum.quota}, quotas say {expected}",
                )
            )
        if len(stratum.drawn) < expected:
            found.append(
                DrawViolation(
                    kind=DrawViolationKind.QUOTA_NOT_MET,
                    tier=tier,
                    message=f"{tier.value}: {len(stratum.drawn)} drawn, quota {expected}",
                )
            )
        elif len(stratum.drawn) > expected:
            found.append(
                DrawViolation(
                    kind=DrawViolationKind.QUOTA_EXCEEDED,
                    tier=tier,
                    message=f"{tier.value}: {len(stratum.drawn)} drawn, quota {expected}",
                )
            )
    _check_evidence(draw, population, announcement, records, found)
    found.extend(reproduction)
    _check_replacements(draw, found)
    return found


def _expect(value: object, kind: type | tuple[type, ...], name: str) -> None:
    if not isinstance(value, kind):
        wanted = (
            kind.__name__
            if isinstance(kind, type)
            else " or ".join("None" if k is type(None) else k.__name__ for k in kind)
        )
        raise InvalidInputError(
            f"{name} must be a {wanted}, got {type(value).__name__}",
            field=name,
            value=type(value).__name__,
        )


def _check_binding(
    draw: Draw,
    announcement: Announcement | None,
    allow_unbound_seed: bool,
    found: list[DrawViolation],
) -> None:
    if announcement is None:
        if not allow_unbound_seed:
            named = (
                f"; the record names announcement {draw.announcement_digest}: pass it"
                if draw.announcement_digest
                else ""
            )
            found.append(
                DrawViolation(
                    kind=DrawViolationKind.UNBOUND_SEED,
                    field="seed",
                    message=f"seed {_short(draw.seed)} cannot show where it came from: no "
                    "announcement was given to derive it from its reveals" + named + " (pass "
                    "allow_unbound_seed=True only for a simulation)",
                )
            )
        return
    digest = announcement.digest()
    if draw.announcement_digest != digest:
        found.append(
            DrawViolation(
                kind=DrawViolationKind.ANNOUNCEMENT_MISMATCH,
                field="announcement_digest",
                message=f"the draw names announcement {draw.announcement_digest}; the "
                f"announcement given has digest {digest}",
            )
        )
    try:
        seed = derive_seed(announcement, draw.reveals, purpose="subjects")
    except CeremonyError as exc:
        found.append(
            DrawViolation(
                kind=DrawViolationKind.SEED_NOT_DERIVED,
                field="reveals",
                message=f"the reveals give no seed: {exc.message}",
            )
        )
    else:
        if seed != draw.seed:
            found.append(
                DrawViolation(
                    kind=DrawViolationKind.SEED_NOT_DERIVED,
                    field="seed",
                    message=f"seed {_short(draw.seed)} is not the one the announcement and "
                    f"the reveals give ({seed})",
                )
            )
    for name in (
        "algorithm",
        "population_digest",
        "population_digest_version",
        "population_size",
        "rule",
        "quotas",
    ):
        recorded, announced = getattr(draw, name), getattr(announcement, name)
        if recorded != announced:
            found.append(
                DrawViolation(
                    kind=DrawViolationKind.NOT_ANNOUNCED,
                    field=name,
                    message=f"{name} differs from the announcement: recorded "
                    f"{_short(_text(recorded))}, announced {_short(_text(announced))}",
                )
            )
    if draw.exclusions != announcement.exclusions:
        recorded_codes = {c for e in draw.exclusions for c in e.codes}
        announced_codes = {c for e in announcement.exclusions for c in e.codes}
        added = sorted(recorded_codes - announced_codes)
        removed = sorted(announced_codes - recorded_codes)
        found.append(
            DrawViolation(
                kind=DrawViolationKind.NOT_ANNOUNCED,
                field="exclusions",
                code=next(iter(added or removed), None),
                message="exclusions differ from the announcement: "
                + (f"{len(added)} not announced ({_shown(added)})" if added else "")
                + ("; " if added and removed else "")
                + (f"{len(removed)} announced but missing ({_shown(removed)})" if removed else "")
                + ("" if added or removed else "reasons or evidence differ"),
            )
        )
    for stratum, length in zip(draw.strata, announcement.waitlist_lengths, strict=True):
        if len(stratum.waitlist) != length:
            found.append(
                DrawViolation(
                    kind=DrawViolationKind.WAITLIST_LENGTH,
                    tier=stratum.tier,
                    field="waitlist",
                    message=f"{stratum.tier.value}: waitlist of {len(stratum.waitlist)} codes; "
                    f"the announcement fixed {length}",
                )
            )


def _check_evidence(
    draw: Draw,
    population: Population,
    announcement: Announcement | None,
    inspections: Sequence[InspectionRecord] | None,
    found: list[DrawViolation],
) -> None:
    if inspections is not None and announcement is not None:
        digest = inspections_digest(inspections)
        if digest != announcement.inspections_digest:
            found.append(
                DrawViolation(
                    kind=DrawViolationKind.EXCLUSION_NOT_SUPPORTED,
                    field="inspections",
                    message=f"the inspection records given have digest {digest}; the "
                    f"announcement carries {announcement.inspections_digest}",
                )
            )
    for exclusion, problem in exclusion_evidence_problems(draw.exclusions, population, inspections):
        found.append(
            DrawViolation(
                kind=DrawViolationKind.EXCLUSION_NOT_SUPPORTED,
                field="exclusions",
                message=f"{exclusion.reason.value} exclusion: {problem}",
            )
        )
    for number, problem in replacement_evidence_problems(draw, population):
        found.append(
            DrawViolation(
                kind=DrawViolationKind.FALSE_REASON,
                tier=draw.replacements[number - 1].tier,
                code=draw.replacements[number - 1].removed,
                field="replacements",
                message=problem,
            )
        )


def _text(value: object) -> str:
    if isinstance(value, (Quotas, SamplingRule)):
        return value.model_dump_json()
    return str(value)


def _short(text: str) -> str:
    return repr(text if len(text) <= 80 else text[:77] + "...")


def _exclusion_mask(
    draw: Draw, population: Population, found: list[DrawViolation]
) -> npt.NDArray[np.bool_] | None:
    codes = sorted({c for e in draw.exclusions for c in e.codes})
    if not codes:
        return None
    positions = _positions(population, codes)
    unknown = [c for c, p in zip(codes, positions.tolist(), strict=True) if p < 0]
    if unknown:
        found.append(
            DrawViolation(
                kind=DrawViolationKind.UNKNOWN_CODE,
                code=unknown[0],
                message=f"{len(unknown)} excluded code(s) are not in the population: "
                + _shown(unknown),
            )
        )
    mask = np.zeros(len(population), dtype=bool)
    mask[positions[positions >= 0]] = True
    return mask


def _is_code(code: str) -> bool:
    return 0 < len(code) <= 18 and code.isascii() and code.isalnum()


def _positions(population: Population, codes: Sequence[str]) -> npt.NDArray[np.int64]:
    """Row of each code, -1 where it is not in the population or is no subject code at all
    (not ASCII, too long, …: such a code is reported, never allowed to crash the check)."""
    result = np.full(len(codes), -1, dtype=np.int64)
    valid = [i for i, c in enumerate(codes) if _is_code(c)]
    if valid:
        found = population.positions(np.array([codes[i] for i in valid], dtype="U18"))
        result[np.array(valid, dtype=np.intp)] = found
    return result


def _flag_codes(
    found: list[DrawViolation],
    kind: DrawViolationKind,
    tier: RiskTier,
    codes: list[str],
    what: str,
) -> None:
    """Append one violation naming the first of ``codes`` and how many there are, if any."""
    if codes:
        found.append(
            DrawViolation(
                kind=kind,
                tier=tier,
                code=codes[0],
                message=f"{tier.value}: {len(codes)} {what}: {_shown(codes)}",
            )
        )


def _check_membership(
    draw: Draw,
    population: Population,
    excluded: npt.NDArray[np.bool_] | None,
    found: list[DrawViolation],
) -> None:
    listed: list[str] = []
    for stratum in draw.strata:
        codes = [*stratum.drawn, *stratum.waitlist]
        listed.extend(codes)
        if not codes:
            continue
        positions = _positions(population, codes)
        unknown = [c for c, p in zip(codes, positions.tolist(), strict=True) if p < 0]
        _flag_codes(
            found,
            DrawViolationKind.UNKNOWN_CODE,
            stratum.tier,
            unknown,
            "code(s) not in the population",
        )
        known = positions[positions >= 0]
        known_codes = [c for c, p in zip(codes, positions.tolist(), strict=True) if p >= 0]
        tiers = population.tiers[known]
        tier_code = stratum.tier.code
        wrong = [c for c, t in zip(known_codes, tiers.tolist(), strict=True) if t != tier_code]
        _flag_codes(
            found,
            DrawViolationKind.WRONG_TIER,
            stratum.tier,
            wrong,
            "code(s) belong to another tier",
        )
        if excluded is not None:
            hit = [c for c, p in zip(known_codes, known.tolist(), strict=True) if excluded[p]]
            _flag_codes(
                found,
                DrawViolationKind.EXCLUDED_CODE_DRAWN,
                stratum.tier,
                hit,
                "excluded code(s) drawn or waitlisted",
            )
    repeated = sorted(c for c, n in Counter(listed).items() if n > 1)
    if repeated:
        found.append(
            DrawViolation(
                kind=DrawViolationKind.DUPLICATE,
                code=repeated[0],
                message=f"{len(repeated)} code(s) appear more than once: {_shown(repeated)}",
            )
        )


def _first_difference(recorded: tuple[str, ...], expected: tuple[str, ...]) -> str:
    for i, (a, b) in enumerate(zip(recorded, expected, strict=False)):
        if a != b:
            return f"position {i + 1}: recorded {a}, recomputed {b}"
    return f"recorded {len(recorded)} codes, recomputed {len(expected)}"


def _check_reproduction(
    draw: Draw,
    population: Population,
    excluded: npt.NDArray[np.bool_] | None,
    quotas: Quotas,
    lengths: tuple[int, ...] | None,
    engine: TicketEngine,
    found: list[DrawViolation],
) -> None:
    sampler = sampler_for(draw.algorithm, engine=engine)
    if sampler is None:
        found.append(
            DrawViolation(
                kind=DrawViolationKind.UNKNOWN_ALGORITHM,
                message=f"algorithm {draw.algorithm!r} is not known; known: "
                "jointcheck-hash-v1, numpy-generator-v1",
            )
        )
        return
    try:
        check_seed(draw.seed)
    except JointcheckError as exc:
        found.append(DrawViolation(kind=DrawViolationKind.NOT_REPRODUCED, message=exc.message))
        return
    wanted = {
        s.tier: quotas[s.tier] + (len(s.waitlist) if lengths is None else lengths[s.tier.code])
        for s in draw.strata
    }
    ranked = sampler.ranked(population, excluded, wanted, seed=draw.seed)
    note = ""
    if draw.numpy_version is not None and draw.numpy_version != np.__version__:
        note = (
            f" (drawn with numpy {draw.numpy_version}, recomputed with {np.__version__}; "
            "numpy does not promise the same stream across releases)"
        )
    for stratum in draw.strata:
        tier = stratum.tier
        quota = quotas[tier]
        drawn, waiting = ranked[tier][:quota], ranked[tier][quota:]
        if stratum.drawn != drawn:
            found.append(
                DrawViolation(
                    kind=DrawViolationKind.NOT_REPRODUCED,
                    tier=tier,
                    message=f"{tier.value}: seed {draw.seed!r} with {draw.algorithm} does not "
                    f"reproduce the drawn codes; {_first_difference(stratum.drawn, drawn)}" + note,
                )
            )
        if stratum.waitlist != waiting:
            found.append(
                DrawViolation(
                    kind=DrawViolationKind.WAITLIST_NOT_REPRODUCED,
                    tier=tier,
                    message=f"{tier.value}: the waitlist is not the next codes in draw order; "
                    f"{_first_difference(stratum.waitlist, waiting)}" + note,
                )
            )


def _check_replacements(draw: Draw, found: list[DrawViolation]) -> None:
    current = {s.tier: list(s.drawn) for s in draw.strata}
    used = dict.fromkeys(RiskTier.in_code_order(), 0)
    for number, replacement in enumerate(draw.replacements, start=1):
        tier = replacement.tier
        if replacement.removed not in current[tier]:
            found.append(
                DrawViolation(
                    kind=DrawViolationKind.BAD_REPLACEMENT,
                    tier=tier,
                    code=replacement.removed,
                    message=f"replacement {number} removes {replacement.removed}, which is not "
                    f"selected in {tier.value} at that point",
                )
            )
            continue
        waitlist = draw.stratum(tier).waitlist
        expected = waitlist[used[tier]] if used[tier] < len(waitlist) else None
        if replacement.added != expected:
            found.append(
                DrawViolation(
                    kind=DrawViolationKind.REPLACEMENT_OUT_OF_ORDER,
                    tier=tier,
                    code=replacement.added,
                    message=f"replacement {number} adds {replacement.added}; the next code on "
                    f"the {tier.value} waitlist is {expected or '(none: waitlist used up)'}",
                )
            )
        current[tier][current[tier].index(replacement.removed)] = replacement.added
        used[tier] += 1


# ---------------------------------------------------------------------- check_quotas
def _ceil_ratio(n: int, percent: Decimal) -> int:
    """ceil(n · percent / 100) with integers only (independent of the Fraction code)."""
    numerator, denominator = percent.as_integer_ratio()
    return -((-n * numerator) // (denominator * 100))


@checked
def check_quotas(
    rule: SamplingRule, counts: Mapping[RiskTier, int], quotas: Quotas
) -> list[DrawViolation]:
    """Check that ``quotas`` are the exact, minimal quotas of ``rule`` for ``counts``.

    Independent of :meth:`SamplingRule.quotas` (integer arithmetic), it checks: the counts
    match; ``0 <= quota <= available``; a ratio's base is ``ceil(N·r)``, a count's
    ``min(n, N)`` with the shortfall, all's N, an unnamed tier's 0; risk-weighted ratios are
    proportional to the weights below 100%, each weighted quota is its exact share rounded
    down or up, and together they share what the overall minimum leaves exactly; the total reaches ``ceil(N·overall)`` and the top-up is no larger than needed,
    highest risk first when that is the policy.
    """
    found: list[DrawViolation] = []

    def bad(tier: RiskTier | None, message: str) -> None:
        found.append(DrawViolation(kind=DrawViolationKind.QUOTA_RULE, tier=tier, message=message))

    available = dict.fromkeys(RiskTier.in_code_order(), 0)
    for key, value in counts.items():
        available[RiskTier.parse(key)] += int(value)
    weighted: list[RiskTier] = []
    for record in quotas.tiers:
        tier, n = record.tier, available[record.tier]
        if record.available != n:
            bad(tier, f"{tier.value}: record says {record.available} available, counts say {n}")
        if not 0 <= record.quota <= n:
            bad(tier, f"{tier.value}: quota {record.quota} outside 0..{n}")
        part = rule.part_for(tier)
        if isinstance(part, Ratio):
            want = _ceil_ratio(n, part.percent)
            if record.base != want:
                bad(tier, f"{tier.value}: base {record.base}, ceil({n} × {part}) = {want}")
        elif isinstance(part, Count):
            if record.base != min(part.n, n) or record.shortfall != max(0, part.n - n):
                bad(
                    tier,
                    f"{tier.value}: count {part.n} of {n} gives base {min(part.n, n)} and "
                    f"shortfall {max(0, part.n - n)}, recorded {record.base} and "
                    f"{record.shortfall}",
                )
        elif isinstance(part, All):
            if record.base != n:
                bad(tier, f"{tier.value}: all of {n}, recorded base {record.base}")
        elif rule.weights is not None:
            weighted.append(tier)
            if record.basis is not QuotaBasis.WEIGHTED or record.ratio is None:
                bad(tier, f"{tier.value}: should be a risk-weighted share")
            else:
                share = n * Fraction(record.ratio)
                low = share.numerator // share.denominator
                if record.base not in (low, -(-share.numerator // share.denominator)):
                    bad(
                        tier,
                        f"{tier.value}: base {record.base} is not {n} × {record.ratio} rounded "
                        "down or up",
                    )
        elif record.base != 0:
            bad(tier, f"{tier.value}: the rule sets no share, recorded base {record.base}")
    total_n = sum(available.values())
    minimum = _ceil_ratio(total_n, rule.overall.percent) if rule.overall is not None else 0
    if quotas.overall_minimum != minimum:
        bad(None, f"overall minimum {quotas.overall_minimum}, expected {minimum}")
    if weighted and rule.weights is not None and rule.overall is not None:
        _check_weighted(rule, available, quotas, weighted, bad)
    base_total = sum(r.base for r in quotas.tiers)
    top_up = sum(r.top_up for r in quotas.tiers)
    if top_up != max(0, minimum - base_total):
        bad(None, f"top-up {top_up}, expected max(0, {minimum} - {base_total})")
    if quotas.total < min(minimum, total_n):
        bad(None, f"total {quotas.total} below the overall minimum {minimum}")
    if rule.top_up is TopUpPolicy.HIGHEST_RISK_FIRST:
        full_so_far = True
        for tier in TOP_UP_ORDER:
            record = quotas.record(tier)
            if record.top_up and not full_so_far:
                bad(tier, f"{tier.value} topped up while a higher-risk tier had room")
            full_so_far = full_so_far and record.quota == record.available
    return found


def _check_weighted(
    rule: SamplingRule,
    available: Mapping[RiskTier, int],
    quotas: Quotas,
    weighted: list[RiskTier],
    report: Callable[[RiskTier | None, str], None],
) -> None:
    assert rule.weights is not None
    assert rule.overall is not None
    ratios = {t: Fraction(quotas.record(t).ratio or "0") for t in weighted}
    scales = {
        ratios[t] / rule.weights.weight(t) for t in weighted if available[t] and ratios[t] < 1
    }
    if len(scales) > 1:
        report(None, f"risk-weighted ratios are not proportional to the weights: {ratios}")
    others = sum(quotas.record(t).base for t in RiskTier.in_code_order() if t not in weighted)
    need = _ceil_ratio(sum(available.values()), rule.overall.percent) - others
    supplied = sum(available[t] * ratios[t] for t in weighted)
    all_full = all(ratios[t] == 1 for t in weighted if available[t])
    if need > 0 and supplied != need and not (all_full and supplied < need):
        report(
            None,
            f"risk-weighted ratios supply {supplied} subjects (real-valued), the overall "
            f"minimum needs exactly {need}: they are not the smallest ratios",
        )
    given = sum(quotas.record(t).base for t in weighted)
    if need > 0 and given != min(need, sum(available[t] for t in weighted)):
        report(
            None,
            f"risk-weighted quotas add up to {given}; the overall minimum leaves exactly "
            f"{need} to share",
        )
    if need <= 0 and any(ratios[t] for t in weighted):
        report(
            None, "the overall minimum is met without the weighted tiers; their ratios must be 0"
        )
