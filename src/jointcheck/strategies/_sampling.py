"""Strategies for sampling rules, ratios, seeds, tier counts and exclusions."""

from __future__ import annotations

from decimal import Decimal
from fractions import Fraction

from hypothesis import strategies as st

from jointcheck.errors import InvalidInputError
from jointcheck.model import (
    All,
    Count,
    Ratio,
    RiskTier,
    RiskWeights,
    SamplingRule,
    TierRule,
    TopUpPolicy,
)
from jointcheck.population import Population
from jointcheck.sampling import ExclusionReason, SubjectExclusion

__all__ = [
    "exclusions",
    "ratios",
    "risk_weights",
    "sampling_rules",
    "seeds",
    "tier_counts",
]


def ratios(
    *, min_percent: Decimal | str = "0.001", max_percent: Decimal | str = "100"
) -> st.SearchStrategy[Ratio]:
    """Ratios with up to three decimals of a percent, ``min_percent <= r <= max_percent``.

    Common printed values (0.5%, 1%, 3%, 5%, 10%, 30%, 100%) come up often.
    """
    low, high = Decimal(min_percent), Decimal(max_percent)
    if not Decimal("0.001") <= low <= high <= 100:
        raise InvalidInputError(
            f"Cannot have min_percent={low}, max_percent={high}; need "
            "0.001 <= min_percent <= max_percent <= 100",
            field="min_percent",
            value=low,
        )
    common = [Decimal(p) for p in ("0.5", "1", "3", "5", "10", "30", "100")]
    chosen = [p for p in common if low <= p <= high]
    thousandths = st.integers(int(low * 1000), int(high * 1000)).map(
        lambda n: (Decimal(n) / 1000).normalize()
    )
    values = st.one_of(st.sampled_from(chosen), thousandths) if chosen else thousandths
    return values.map(lambda p: Ratio(percent=Decimal(format(p, "f"))))


def risk_weights() -> st.SearchStrategy[RiskWeights]:
    """Weights rising strictly with risk (1:2:4:8 often), sometimes with an UNRATED weight."""
    steps = st.lists(st.integers(1, 6), min_size=4, max_size=4)

    def build(parts: list[int], unrated: int | None) -> RiskWeights:
        low = Decimal(parts[0])
        medium = low + parts[1]
        higher = medium + parts[2]
        high = higher + parts[3]
        return RiskWeights(
            low=low,
            medium=medium,
            higher=higher,
            high=high,
            unrated=None if unrated is None else Decimal(unrated),
        )

    built = st.builds(build, steps, st.none() | st.integers(1, 20))
    return st.one_of(st.just(RiskWeights()), built)


def _value(part: Ratio | Count | All | None) -> Fraction | None:
    if isinstance(part, Ratio):
        return part.fraction
    if isinstance(part, All):
        return Fraction(1)
    return None


def _parts() -> st.SearchStrategy[Ratio | Count | All]:
    return st.one_of(
        ratios(),
        ratios(),
        st.builds(Count, n=st.integers(1, 40)),
        st.builds(All, expected=st.none() | st.integers(0, 40)),
    )


def _rising(
    parts: dict[RiskTier, Ratio | Count | All], otherwise: Ratio | All | None
) -> dict[RiskTier, Ratio | Count | All]:
    """Reassign the named rated ratios so that no ratio falls as risk rises."""
    rated = [t for t in RiskTier.rated() if t in parts and _value(parts[t]) is not None]
    ordered = sorted((parts[t] for t in rated), key=lambda p: _value(p) or 0)
    fixed = dict(parts)
    for tier, part in zip(rated, ordered, strict=True):
        fixed[tier] = part
    if otherwise is not None:
        level = _value(otherwise)
        assert level is not None
        unnamed = [t for t in RiskTier.rated() if t not in fixed]
        for tier in rated:
            value = _value(fixed[tier])
            assert value is not None
            below = any(u > tier for u in unnamed) and value > level
            above = any(u < tier for u in unnamed) and value < level
            if below or above:
                fixed[tier] = otherwise
    return fixed


def sampling_rules(*, weighted: bool | None = None) -> st.SearchStrategy[SamplingRule]:
    """Valid sampling rules: tier parts (ratio, count, all) for some tiers, perhaps a part
    for the others, an overall minimum, risk weights, either top-up policy.

    Explicit ratios never fall as risk rises. ``weighted=True`` gives only risk-weighted
    rules (overall + weights), ``False`` none, ``None`` both.
    """

    @st.composite
    def build(draw: st.DrawFn) -> SamplingRule:
        use_weights = draw(st.booleans()) if weighted is None else weighted
        named = draw(st.lists(st.sampled_from(RiskTier.in_code_order()), unique=True, max_size=5))
        parts = {t: draw(_parts()) for t in named}
        otherwise: Ratio | All | None = None
        if not use_weights and draw(st.booleans()):
            otherwise = draw(st.one_of(ratios(), st.just(All())))
        parts = _rising(parts, otherwise)
        overall = draw(ratios(max_percent="30")) if use_weights else draw(st.none() | ratios())
        if not parts and otherwise is None and overall is None:
            overall = draw(ratios())
        return SamplingRule(
            tiers=tuple(TierRule(tier=t, part=p) for t, p in parts.items()),
            otherwise=otherwise,
            overall=overall,
            weights=draw(risk_weights()) if use_weights else None,
            top_up=draw(st.sampled_from(TopUpPolicy)),
        )

    return build()


def seeds() -> st.SearchStrategy[str]:
    """Valid seeds: 64 hex digits (as a ceremony gives), or short text, Chinese included."""
    text = st.text(
        st.characters(codec="utf-8", exclude_categories=("Cc", "Cs", "Zs", "Zl", "Zp")),
        min_size=1,
        max_size=24,
    )
    hex64 = st.binary(min_size=32, max_size=32).map(bytes.hex)
    return st.one_of(hex64, text, st.sampled_from(("2023-03-03", "兴安盟2023第1批")))


def tier_counts(*, max_count: int = 2_000) -> st.SearchStrategy[dict[RiskTier, int]]:
    """Subjects per tier, every tier present, each ``0..max_count``."""
    if max_count < 0:
        raise InvalidInputError(
            f"max_count={max_count} must be >= 0", field="max_count", value=max_count
        )
    each = st.one_of(st.integers(0, 30), st.integers(0, max_count))
    return st.fixed_dictionaries(dict.fromkeys(RiskTier.in_code_order(), each))


def exclusions(
    population: Population, *, max_groups: int = 2
) -> st.SearchStrategy[list[SubjectExclusion]]:
    """Up to ``max_groups`` exclusions, each of some codes of ``population``."""
    codes = population.codes.astype("U18").tolist()
    if not codes:
        return st.just([])
    group = st.builds(
        SubjectExclusion,
        reason=st.sampled_from(ExclusionReason),
        detail=st.sampled_from(("", "6个月内已检查", "已注销")),
        codes=st.lists(st.sampled_from(codes), max_size=max(1, len(codes) // 3)).map(tuple),
    )
    return st.lists(group, max_size=max_groups)


st.register_type_strategy(Ratio, ratios())
st.register_type_strategy(RiskWeights, risk_weights())
st.register_type_strategy(SamplingRule, sampling_rules())
