"""Exact quotas: examples from the notices and properties against independent arithmetic."""

from __future__ import annotations

import math
from decimal import Decimal
from fractions import Fraction

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from jointcheck.errors import InvalidInputError
from jointcheck.model import (
    All,
    QuotaBasis,
    Quotas,
    Ratio,
    RiskTier,
    RiskWeights,
    SamplingRule,
    TierQuota,
    TierRule,
    TopUpPolicy,
)
from jointcheck.model._rule import TOP_UP_ORDER
from jointcheck.sampling import check_quotas
from jointcheck.strategies._sampling import ratios, sampling_rules, tier_counts

H, C, M, L, U = RiskTier.HIGH, RiskTier.HIGHER, RiskTier.MEDIUM, RiskTier.LOW, RiskTier.UNRATED
XINGAN = (
    "高风险企业抽取比例不低于10%、较高风险企业不低于5%、中风险企业不低于1%、低风险企业不低于0.5%"
)


@pytest.mark.parametrize(
    ("percent", "n", "quota"),
    [("7", 300, 21), ("0.5", 1000, 5), ("0.5", 50, 1), ("10", 25, 3), ("30", 7, 3), ("1", 0, 0)],
)
def test_smallest_integer_not_below(percent: str, n: int, quota: int) -> None:
    rule = SamplingRule(otherwise=Ratio(percent=Decimal(percent)))
    assert rule.quotas({M: n})[M] == quota


def test_xingan_example() -> None:
    quotas = SamplingRule.parse(XINGAN).quotas({H: 25, C: 300, M: 1000, L: 50, U: 9})
    assert quotas.as_dict() == {U: 0, L: 1, M: 10, C: 15, H: 3}
    assert quotas.record(U).basis is QuotaBasis.NONE
    assert quotas.record(H).reason == "不低于10%: ceil(25 × 10%) = 3"


def test_overall_shortfall_goes_to_the_highest_risk_first() -> None:
    rule = SamplingRule.parse(XINGAN + "；按照总体不低于3%的比例抽取")
    quotas = rule.quotas({H: 5, C: 20, M: 1000, L: 2000})
    # ceil(3025 × 3%) = 91; tiers give 1 + 1 + 10 + 10 = 22; 69 more: HIGH 4, HIGHER 19, MEDIUM 46
    assert quotas.overall_minimum == 91
    assert quotas.as_dict() == {U: 0, L: 10, M: 56, C: 20, H: 5}
    assert quotas.record(C).top_up == 19
    assert "highest risk first" in quotas.record(M).reason
    assert quotas.total == 91


def test_proportional_top_up_uses_largest_remainders() -> None:
    rule = SamplingRule.parse("按照总体不低于3%的比例抽取", top_up=TopUpPolicy.PROPORTIONAL)
    quotas = rule.quotas({H: 5, C: 30, M: 1000})
    # ceil(1035 × 3%) = 32: shares 0.155, 0.928, 30.92 → floors 0, 0, 30; remainders → C, M
    assert quotas.as_dict() == {U: 0, L: 0, M: 31, C: 1, H: 0}


def test_proportional_top_up_respects_capacity() -> None:
    rule = SamplingRule.parse("按照总体不低于50%的比例抽取", top_up=TopUpPolicy.PROPORTIONAL)
    quotas = rule.quotas({H: 1, L: 3})
    assert quotas.total == 2
    assert all(q.quota <= q.available for q in quotas.tiers)


def test_risk_weighted_ratios_are_exact_and_smallest() -> None:
    rule = SamplingRule.parse("5%；对低风险、一般风险、较高风险、高风险企业分别递加比例抽查")
    counts = {H: 25, C: 300, M: 1000, L: 5000, U: 7}
    quotas = rule.quotas(counts)
    # minimum ceil(5% · 6332) = ceil(316.6) = 317, shared exactly:
    # λ · (5000·1 + 1000·2 + 300·4 + 25·8 + 7·2) = 317  →  λ = 317/8414
    scale = Fraction(317, 5000 + 2000 + 1200 + 200 + 14)
    assert quotas.record(L).ratio_fraction == scale
    assert quotas.record(H).ratio_fraction == 8 * scale
    assert quotas.record(U).ratio_fraction == 2 * scale
    # exact shares 188.38, 75.35, 45.21, 7.54, 0.53 → floors 188 + 75 + 45 + 7 + 0 = 315;
    # the two largest remainders (UNRATED .53, HIGH .54) get one more each
    for tier, n in counts.items():
        share = n * quotas.record(tier).ratio_fraction  # type: ignore[operator]
        assert quotas[tier] in (math.floor(share), math.ceil(share))
    assert quotas.as_dict() == {H: 8, C: 45, M: 75, L: 188, U: 1}
    assert quotas.total == quotas.overall_minimum == 317
    assert check_quotas(rule, counts, quotas) == []


def test_risk_weights_cap_at_one_hundred_percent() -> None:
    rule = SamplingRule(overall=Ratio(percent=Decimal(90)), weights=RiskWeights())
    quotas = rule.quotas({H: 10, L: 10})
    # λ = 18/90 would give HIGH 8λ = 160%: HIGH is capped at all 10, LOW supplies 8 of 10
    assert quotas[H] == 10
    assert quotas.record(H).ratio_fraction == 1
    assert quotas.record(L).ratio_fraction == Fraction(4, 5)
    assert quotas[L] == 8


def test_weighted_tiers_get_nothing_when_named_tiers_meet_the_overall() -> None:
    rule = SamplingRule(
        tiers=(TierRule(tier=H, part=All()),),
        overall=Ratio(percent=Decimal(50)),
        weights=RiskWeights(),
    )
    quotas = rule.quotas({H: 10, L: 10})
    assert (quotas[H], quotas[L]) == (10, 0)
    assert "already meet it; nothing left to share" in quotas.record(L).reason
    assert check_quotas(rule, {H: 10, L: 10}, quotas) == []


def test_counts_are_checked() -> None:
    rule = SamplingRule.parse("10%")
    with pytest.raises(InvalidInputError, match="must be >= 0"):
        rule.quotas({H: -1})
    with pytest.raises(InvalidInputError, match="whole number"):
        rule.quotas({H: 2.5})  # type: ignore[dict-item]
    assert rule.quotas({"D": 10})[H] == 1  # type: ignore[dict-item]


def test_quotas_json_and_explain() -> None:
    quotas = SamplingRule.parse(XINGAN + "；按照总体不低于3%的比例抽取").quotas({H: 5, L: 2000})
    assert Quotas.model_validate_json(quotas.model_dump_json()) == quotas
    text = quotas.explain()
    assert "总体不低于3%: at least 61 of 2005" in text
    assert text.splitlines()[0].startswith("高风险(HIGH): 5/5")


def test_tier_quota_must_add_up() -> None:
    with pytest.raises(ValueError, match="must equal base"):
        TierQuota(tier=H, available=5, basis=QuotaBasis.ALL, base=5, top_up=1, quota=5, reason="")
    with pytest.raises(ValueError, match="exceeds"):
        TierQuota(tier=H, available=5, basis=QuotaBasis.ALL, base=6, quota=6, reason="")


# ---------------------------------------------------------------------- properties
def _independent_ceil(n: int, percent: Decimal) -> int:
    return math.ceil(Fraction(n) * Fraction(str(percent)) / 100)


@settings(max_examples=150, deadline=None)
@given(sampling_rules(), tier_counts())
def test_quotas_are_exact_minimal_and_within_bounds(
    rule: SamplingRule, counts: dict[RiskTier, int]
) -> None:
    quotas = rule.quotas(counts)
    total = sum(counts.values())
    for record in quotas.tiers:
        n = counts[record.tier]
        assert record.available == n
        assert 0 <= record.quota <= n
        part = rule.part_for(record.tier)
        if isinstance(part, Ratio):
            assert record.base == _independent_ceil(n, part.percent)
            assert record.base - 1 < n * part.fraction  # minimal
    if rule.overall is not None:
        minimum = _independent_ceil(total, rule.overall.percent)
        assert quotas.overall_minimum == minimum
        assert quotas.total >= minimum
        base = sum(r.base for r in quotas.tiers)
        assert sum(r.top_up for r in quotas.tiers) == max(0, minimum - base)
    else:
        assert all(r.top_up == 0 for r in quotas.tiers)
    assert check_quotas(rule, counts, quotas) == []


@settings(max_examples=100, deadline=None)
@given(sampling_rules(weighted=True), tier_counts())
def test_weighted_ratios_rise_with_the_weights(
    rule: SamplingRule, counts: dict[RiskTier, int]
) -> None:
    quotas = rule.quotas(counts)
    assert rule.weights is not None
    weighted = [r for r in quotas.tiers if r.basis is QuotaBasis.WEIGHTED and r.available]
    for a in weighted:
        for b in weighted:
            if rule.weights.weight(a.tier) < rule.weights.weight(b.tier):
                assert a.ratio_fraction is not None
                assert b.ratio_fraction is not None
                assert a.ratio_fraction <= b.ratio_fraction


@settings(max_examples=100, deadline=None)
@given(sampling_rules(), tier_counts())
def test_highest_risk_first_fills_in_order(rule: SamplingRule, counts: dict[RiskTier, int]) -> None:
    quotas = rule.model_copy(update={"top_up": TopUpPolicy.HIGHEST_RISK_FIRST}).quotas(counts)
    room_seen = False
    for tier in TOP_UP_ORDER:
        record = quotas.record(tier)
        if record.top_up:
            assert not room_seen
        room_seen = room_seen or record.quota < record.available


@settings(max_examples=100, deadline=None)
@given(sampling_rules(), tier_counts(), st.sampled_from(list(RiskTier)), st.sampled_from([-1, 1]))
def test_check_quotas_rejects_a_changed_quota(
    rule: SamplingRule, counts: dict[RiskTier, int], tier: RiskTier, delta: int
) -> None:
    quotas = rule.quotas(counts)
    record = quotas.record(tier)
    if record.base + delta < 0 or record.quota + delta > record.available:
        return
    changed = record.model_copy(update={"base": record.base + delta, "quota": record.quota + delta})
    tampered = quotas.model_copy(
        update={"tiers": tuple(changed if r.tier is tier else r for r in quotas.tiers)}
    )
    assert check_quotas(rule, counts, tampered) != []


@given(ratios())
def test_ratio_strategy_stays_in_range(ratio: Ratio) -> None:
    assert 0 < ratio.percent <= 100
    assert Ratio.model_validate_json(ratio.model_dump_json()) == ratio
