"""Synthetic registries (检查对象名录库): a columnar population, special-library tags, names.

Nothing here is real data: codes are valid 统一社会信用代码 built from serial numbers, names
are made up from the code, and tiers and jurisdictions come from a seeded generator. The same
arguments always give the same registry.
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import KW_ONLY, dataclass, field

import numpy as np
import numpy.typing as npt

from jointcheck._internal.checked import checked
from jointcheck._internal.text import shorten
from jointcheck.errors import InvalidInputError
from jointcheck.model import OperatingStatus, RiskTier, Subject, SubjectKind
from jointcheck.population import Population
from jointcheck.synthetic._codes import (
    check_count,
    check_region,
    check_seed,
    codes_from_serials,
    synthetic_codes,
)

__all__ = [
    "DEFAULT_TIER_SHARES",
    "RATED_TIER_SHARES",
    "SubjectGroup",
    "SyntheticRegistry",
    "synthetic_population",
    "synthetic_registry",
    "synthetic_subjects",
]

DEFAULT_TIER_SHARES: Mapping[RiskTier, float] = {
    RiskTier.UNRATED: 0.10,
    RiskTier.LOW: 0.40,
    RiskTier.MEDIUM: 0.35,
    RiskTier.HIGHER: 0.10,
    RiskTier.HIGH: 0.05,
}
"""Default share of each tier in a synthetic population (most subjects low or medium risk)."""

RATED_TIER_SHARES: Mapping[RiskTier, float] = {
    RiskTier.LOW: 0.45,
    RiskTier.MEDIUM: 0.38,
    RiskTier.HIGHER: 0.11,
    RiskTier.HIGH: 0.06,
}
"""Default tier shares of a :func:`synthetic_registry`, whose subjects are all rated (A–D)."""

KIND_PREFIXES: Mapping[SubjectKind, bytes] = {
    SubjectKind.ENTERPRISE: b"91",
    SubjectKind.INDIVIDUAL_BUSINESS: b"92",
    SubjectKind.FARMER_COOPERATIVE: b"93",
    SubjectKind.FOREIGN_REPRESENTATIVE_OFFICE: b"91",
    SubjectKind.INSTITUTION: b"12",
    SubjectKind.OTHER: b"Y1",
}
"""登记管理部门 and 机构类别 codes (GB 32100-2015) of the synthetic codes, by kind."""

KIND_TAILS: Mapping[SubjectKind, str] = {
    SubjectKind.ENTERPRISE: "商贸有限公司",
    SubjectKind.INDIVIDUAL_BUSINESS: "经营部",
    SubjectKind.FARMER_COOPERATIVE: "种植专业合作社",
    SubjectKind.FOREIGN_REPRESENTATIVE_OFFICE: "代表处",
    SubjectKind.INSTITUTION: "卫生院",
    SubjectKind.OTHER: "服务中心",
}
"""How a made-up name ends, by kind, when no tag names a tail."""

_HEADS = "安宝诚达东丰福广和恒华嘉金康乐利隆美宁鹏平清荣瑞盛顺泰通万鑫兴阳永裕源泽众"
_PLACE_ENDS = ("镇", "乡", "县", "区")


@dataclass(frozen=True)
class SubjectGroup:
    """``n`` subjects of one kind carrying the same special-library tags (专项库).

    Args:
        n: How many subjects.
        kind: Their kind (市场主体类型).
        tags: Their tags, e.g. ``("医疗美容机构",)``.
        tier_shares: Tier shares of this group (default: the registry's).
        tiers: Exact tiers, one per subject, instead of shares (e.g. the one A类 place).
        status_shares: Shares of registration statuses, e.g. 3% 注销 (default: all 存续).
    """

    n: int
    _: KW_ONLY
    kind: SubjectKind = SubjectKind.ENTERPRISE
    tags: tuple[str, ...] = ()
    tier_shares: Mapping[RiskTier, float] | None = None
    tiers: tuple[RiskTier, ...] = ()
    status_shares: Mapping[OperatingStatus, float] | None = None

    def __post_init__(self) -> None:
        check_count(self.n, "n", upper=10**8)
        if self.tiers and len(self.tiers) != self.n:
            raise InvalidInputError(
                f"group {self.tags} has n={self.n} subjects but {len(self.tiers)} tiers; give "
                "one tier per subject, or tier_shares",
                field="tiers",
                value=self.tiers,
            )
        if isinstance(self.tags, str):
            raise InvalidInputError(
                f"tags {shorten(self.tags)} must be a tuple of tags, not one string",
                field="tags",
                value=self.tags,
            )


@dataclass(frozen=True)
class SyntheticRegistry:
    """A synthetic 检查对象名录库: a columnar population plus tags and name endings per subject."""

    population: Population
    tags: Mapping[str, tuple[str, ...]]
    """The tags of each subject, by code."""
    tails: Mapping[str, str] = field(default_factory=dict)
    """How the name of a subject carrying a tag ends (first matching tag wins)."""

    def library(
        self,
        *,
        kinds: Iterable[SubjectKind] | None = None,
        tags: Iterable[str] = (),
        statuses: Iterable[OperatingStatus] | None = None,
    ) -> Population:
        """The sub-library (子库) of subjects of ``kinds`` carrying one of ``tags`` (any if empty)."""
        mask = self.population.mask(kinds=kinds, statuses=statuses)
        if tuple(tags):
            mask &= self.tagged(self.population, tags)
        return self.population.select(mask)

    def tagged(self, population: Population, tags: Iterable[str]) -> npt.NDArray[np.bool_]:
        """A row mask of ``population``: subjects carrying one of ``tags``."""
        wanted = set(tags)
        return np.array(
            [bool(wanted.intersection(self.tags[c])) for c in population.code_strings()],
            dtype=bool,
        )

    def subjects(self, codes: Iterable[str]) -> tuple[Subject, ...]:
        """:class:`~jointcheck.model.Subject` models (names made up from the code) for ``codes``."""
        return _subjects(self.population, codes, lambda code: self.tags[code], self.tails)


def _weights(
    values: Sequence[float] | Mapping[RiskTier, float] | Mapping[OperatingStatus, float],
    field: str,
    count: int,
) -> npt.NDArray[np.float64]:
    shares = list(values.values()) if isinstance(values, Mapping) else list(values)
    if (
        len(shares) != count
        or any(isinstance(v, bool) or not isinstance(v, (int, float)) for v in shares)
        or any(not v >= 0 for v in shares)
        or sum(shares) <= 0
    ):
        raise InvalidInputError(
            f"{field} {shorten(values)} must be {count} non-negative numbers with a positive sum",
            field=field,
            value=values,
        )
    weights = np.asarray(shares, dtype=np.float64)
    normalised: npt.NDArray[np.float64] = weights / weights.sum()
    return normalised


@checked
def synthetic_population(
    n: int,
    *,
    seed: int = 0,
    jurisdictions: Sequence[str] = ("152201", "152202", "152221", "152222", "152223", "152224"),
    tier_shares: Mapping[RiskTier, float] = DEFAULT_TIER_SHARES,
) -> Population:
    """A registry of ``n`` enterprises spread evenly over ``jurisdictions`` with the given tier
    shares: the columnar fast path for large registries (benchmarks, notebooks). The codes
    carry the first jurisdiction's division code when it is one (else 152201).

    Examples:
        >>> pop = synthetic_population(1000, seed=1)
        >>> len(pop), len(pop.jurisdiction_labels)
        (1000, 6)
    """
    check_count(n, "n")
    if isinstance(jurisdictions, str) or not jurisdictions:
        raise InvalidInputError(
            f"jurisdictions {shorten(jurisdictions)} must be a non-empty sequence of labels",
            field="jurisdictions",
            value=jurisdictions,
        )
    probabilities = _weights(tier_shares, "tier_shares", len(tier_shares))
    check_seed(seed)
    rng = np.random.default_rng([seed, 1])
    tier_codes = np.array([t.code for t in tier_shares], dtype=np.uint8)
    drawn_tiers = tier_codes[rng.choice(len(tier_codes), size=n, p=probabilities)]
    labels = np.array(list(jurisdictions))
    drawn_jurisdictions = labels[rng.integers(0, len(labels), size=n)]
    first = str(jurisdictions[0])[:6].ljust(6, "0")
    region = first if first.isdigit() and first.isascii() else "152201"
    return Population.from_arrays(
        synthetic_codes(n, region=region, seed=seed),
        drawn_tiers,
        jurisdictions=drawn_jurisdictions,
    )


@checked
def synthetic_registry(
    groups: Sequence[SubjectGroup],
    *,
    region: str,
    jurisdictions: Sequence[str],
    seed: int,
    tier_shares: Mapping[RiskTier, float] = RATED_TIER_SHARES,
    jurisdiction_weights: Sequence[float] | None = None,
    tails: Mapping[str, str] | None = None,
) -> SyntheticRegistry:
    """A registry made of ``groups``, subjects spread over ``jurisdictions``.

    Args:
        groups: The subjects, group by group (kind, tags, tier shares or exact tiers).
        region: The 6-digit division code inside every credit code.
        jurisdictions: Registration jurisdictions (登记管辖) to spread subjects over.
        seed: The seed; the same arguments always give the same registry.
        tier_shares: Tier shares of groups that give none.
        jurisdiction_weights: Relative size of each jurisdiction (default: equal).
        tails: How a name ends for subjects carrying a tag, e.g. ``{"药店": "大药房"}``.

    Examples:
        >>> registry = synthetic_registry(
        ...     [SubjectGroup(3, tags=("医疗美容机构",)), SubjectGroup(2, kind=SubjectKind.INSTITUTION)],
        ...     region="152201",
        ...     jurisdictions=("乌兰浩特市",),
        ...     seed=1,
        ... )
        >>> len(registry.population), len(registry.library(tags=("医疗美容机构",)))
        (5, 3)
    """
    check_region(region)
    if isinstance(jurisdictions, str) or not jurisdictions:
        raise InvalidInputError(
            f"jurisdictions {shorten(jurisdictions)} must be a non-empty sequence of labels",
            field="jurisdictions",
            value=jurisdictions,
        )
    weights = _weights(
        jurisdiction_weights if jurisdiction_weights is not None else [1.0] * len(jurisdictions),
        "jurisdiction_weights",
        len(jurisdictions),
    )
    check_seed(seed)
    rng = np.random.default_rng(seed)
    total = sum(g.n for g in groups)
    # Distinct serials of nine base-31 digits (1_000_003 is prime to 31: the map is one-to-one).
    serials = (rng.permutation(total).astype(np.int64) * 1_000_003 + 31**7) % 31**9
    tiers = np.empty(total, dtype=np.uint8)
    kinds = np.empty(total, dtype=np.uint8)
    statuses = np.zeros(total, dtype=np.uint8)
    prefixes = np.empty(total, dtype="S2")
    places = np.empty(total, dtype=np.intp)
    group_of = np.empty(total, dtype=np.intp)
    at = 0
    for number, group in enumerate(groups):
        end = at + group.n
        if group.tiers:
            tiers[at:end] = [t.code for t in group.tiers]
        else:
            shares = group.tier_shares or tier_shares
            tier_codes = np.array([t.code for t in shares], dtype=np.uint8)
            p = _weights(shares, "tier_shares", len(shares))
            tiers[at:end] = tier_codes[rng.choice(len(tier_codes), size=group.n, p=p)]
        places[at:end] = rng.choice(len(jurisdictions), size=group.n, p=weights)
        if group.status_shares:
            status_codes = np.array([t.code for t in group.status_shares], dtype=np.uint8)
            q = _weights(group.status_shares, "status_shares", len(group.status_shares))
            statuses[at:end] = status_codes[rng.choice(len(status_codes), size=group.n, p=q)]
        kinds[at:end] = group.kind.code
        prefixes[at:end] = KIND_PREFIXES[group.kind]
        group_of[at:end] = number
        at = end
    codes = codes_from_serials(prefixes, region, serials)
    population = Population.from_arrays(
        codes,
        tiers,
        jurisdictions=np.asarray(list(jurisdictions))[places],
        kinds=kinds,
        statuses=statuses,
    )
    code_text = codes.astype("U18").tolist()
    tags = {code: groups[g].tags for code, g in zip(code_text, group_of.tolist(), strict=True)}
    return SyntheticRegistry(population=population, tags=tags, tails=dict(tails or {}))


@checked
def synthetic_subjects(
    population: Population,
    codes: Sequence[str],
    *,
    tags: Sequence[str] = (),
    tails: Mapping[str, str] | None = None,
) -> tuple[Subject, ...]:
    """:class:`~jointcheck.model.Subject` models for ``codes`` of ``population``, each carrying
    ``tags``, with names made up from the code (ending as ``tails`` says for a tag, else by kind).

    Examples:
        >>> pop = synthetic_population(3, seed=1)
        >>> [s.code for s in synthetic_subjects(pop, pop.code_strings()[:1])]
        ['91152201000000000G']
    """
    if isinstance(tags, str):
        raise InvalidInputError(
            f"tags {shorten(tags)} must be a sequence of tags, not one string",
            field="tags",
            value=tags,
        )
    fixed = tuple(tags)
    return _subjects(population, codes, lambda _: fixed, dict(tails or {}))


def _subjects(
    population: Population,
    codes: Iterable[str],
    tags_of: Callable[[str], tuple[str, ...]],
    tails: Mapping[str, str],
) -> tuple[Subject, ...]:
    try:
        rows = population.subject_rows(codes)
    except KeyError as exc:
        raise InvalidInputError(
            f"{exc.args[0]}; give codes of the population's subjects",
            field="codes",
            value=exc.args[0],
        ) from None
    found = []
    for row in rows:
        code = row["code"]
        tags = tags_of(code)
        tail = next((tails[t] for t in tags if t in tails), KIND_TAILS[row["kind"]])
        found.append(
            Subject(
                code=code,
                name=made_up_name(code, row["jurisdiction"], tail),
                kind=row["kind"],
                tier=row["tier"],
                jurisdiction=row["jurisdiction"],
                status=row["status"],
                tags=tags,
            )
        )
    return tuple(found)


def made_up_name(code: str, jurisdiction: str, tail: str) -> str:
    """A name made from the code: the town (if the jurisdiction is one), two characters, the tail."""
    digest = hashlib.sha256(code.encode()).digest()
    place = (
        jurisdiction[:-1] if jurisdiction.endswith(_PLACE_ENDS) and len(jurisdiction) > 2 else ""
    )
    return place + _HEADS[digest[0] % len(_HEADS)] + _HEADS[digest[1] % len(_HEADS)] + tail
