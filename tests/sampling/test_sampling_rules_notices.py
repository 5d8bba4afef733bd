"""Rules as the five notices print them, with the numbers worked out by hand.

Every phrase below is copied from a notice; the expected quotas are computed in the
comments so that a reader can check them without the library.
"""

from __future__ import annotations

from decimal import Decimal
from fractions import Fraction

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from jointcheck.errors import RuleParseError
from jointcheck.model import (
    All,
    Count,
    QuotaBasis,
    Ratio,
    RiskTier,
    RiskWeights,
    SamplingRule,
    TierRule,
    TopUpPolicy,
)
from jointcheck.sampling import check_quotas
from jointcheck.strategies import sampling_rules, tier_counts

U, L, M, C, H = (RiskTier.UNRATED, RiskTier.LOW, RiskTier.MEDIUM, RiskTier.HIGHER, RiskTier.HIGH)

# 002 秦皇岛 §三(二) and 001 莲池区 §二, as printed
QINHUANGDAO = "结合企业信用风险分级分类，按照总体不低于 3%的比例抽取。"
LIANCHI = "按照企业信用风险分级分类，抽查比例5%以上。"
# 003 泽州县 附件1, column 信用风险分类管理 (the ratio is in the column before it)
ZEZHOU_RISING = (
    "根据企业信用风险分类结果,对低风险、一般风险、较高风险、高风险企业分别递加比例抽查。"
)
# the issue's population: 20,000 subjects, 982 of them high-risk
ISSUE_COUNTS = {L: 10_000, M: 6_000, C: 3_018, H: 982}


def test_overall_three_percent_samples_every_tier_by_rising_weights() -> None:
    rule = SamplingRule.parse(QINHUANGDAO)
    assert rule.weights == RiskWeights()  # the documented default, 1:2:4:8
    quotas = rule.quotas(ISSUE_COUNTS)
    # ceil(20000 × 3%) = 600, exactly.
    # λ·(10000·1 + 6000·2 + 3018·4 + 982·8) = λ·41928 = 600  →  λ = 600/41928 = 25/1747
    assert quotas.record(L).ratio_fraction == Fraction(25, 1747)
    assert quotas.record(H).ratio_fraction == Fraction(200, 1747)
    # exact shares: LOW 250000/1747 = 143.10, MEDIUM 300000/1747 = 171.72,
    # HIGHER 301800/1747 = 172.75, HIGH 196400/1747 = 112.42 → floors 143+171+172+112 = 598;
    # the 2 left go to the largest remainders: HIGHER (.75) and MEDIUM (.72)
    assert quotas.as_dict() == {U: 0, L: 143, M: 172, C: 173, H: 112}
    assert quotas.total == quotas.overall_minimum == 600
    assert quotas.unsampled == ()
    assert quotas.warnings() == ()
    assert check_quotas(rule, ISSUE_COUNTS, quotas) == []


def test_five_percent_and_above_samples_every_tier() -> None:
    rule = SamplingRule.parse(LIANCHI)
    quotas = rule.quotas(ISSUE_COUNTS)
    # ceil(20000 × 5%) = 1000; λ = 1000/41928 = 125/5241
    # shares: LOW 1250000/5241 = 238.50, MEDIUM 1500000/5241 = 286.20,
    # HIGHER 1509000/5241 = 287.92, HIGH 982000/5241 = 187.37 → floors 238+286+287+187 = 998;
    # +1 to HIGHER (.92) and LOW (.50)
    assert quotas.as_dict() == {U: 0, L: 239, M: 286, C: 288, H: 187}
    assert quotas.total == 1000
    # not every high-risk subject any more: 187 of 982, about 8 times the LOW ratio
    ratio = {t: quotas.record(t).ratio_fraction for t in (L, M, C, H)}
    assert ratio[H] == 8 * ratio[L]
    assert ratio[C] == 4 * ratio[L]
    assert ratio[M] == 2 * ratio[L]


def test_highest_risk_first_is_an_explicit_policy_and_says_what_it_leaves_out() -> None:
    rule = SamplingRule.parse(QINHUANGDAO, top_up=TopUpPolicy.HIGHEST_RISK_FIRST)
    assert rule.weights is None
    quotas = rule.quotas(ISSUE_COUNTS)
    # 600 from HIGH first (982 there): the other tiers get none
    assert quotas.as_dict() == {U: 0, L: 0, M: 0, C: 0, H: 600}
    assert [q.tier for q in quotas.unsampled] == [C, M, L]
    for record in quotas.unsampled:
        assert record.basis is QuotaBasis.NONE
        assert "no share" in record.reason
        assert "highest risk first" in record.reason
    assert quotas.warnings()[0].startswith("较高风险(HIGHER): none of its 3,018 subjects is drawn")
    assert "warning: 低风险(LOW): none of its 10,000 subjects" in quotas.explain()
    # the same policy built from parts
    assert rule == SamplingRule(
        overall=Ratio(percent=Decimal(3)), top_up=TopUpPolicy.HIGHEST_RISK_FIRST
    ).model_copy(update={"text": QINHUANGDAO})
    assert SamplingRule.parse(rule.describe()) == rule.model_copy(update={"text": None})


def test_a_rule_naming_some_tiers_warns_of_the_others() -> None:
    # 000 兴安盟 附件2 任务2: A类企业1家，100%抽取 names only the low-risk tier
    quotas = SamplingRule.parse("A类企业1家，100%抽取").quotas({L: 1, H: 4, U: 2})
    assert quotas.as_dict() == {U: 0, L: 1, M: 0, C: 0, H: 0}
    assert [q.tier for q in quotas.unsampled] == [H, U]
    assert quotas.warnings() == (
        "高风险(HIGH): none of its 4 subjects is drawn — the rule sets no share for this tier",
        "无风险等级(UNRATED): none of its 2 subjects is drawn — the rule sets no share for this "
        "tier",
    )


def test_explain_prints_the_weights() -> None:
    text = SamplingRule.parse(LIANCHI).quotas(ISSUE_COUNTS).explain()
    assert (
        "分别递加比例 1:2:4:8 (the default): 低风险 : 一般风险 : 较高风险 : 高风险; "
        "无风险等级 as 一般风险 (2)" in text
    )
    custom = SamplingRule.parse(LIANCHI, weights=RiskWeights(low=1, medium=3, higher=9, high=27))
    assert "分别递加比例 1:3:9:27: " in custom.quotas(ISSUE_COUNTS).explain()


@pytest.mark.parametrize(
    ("ratio", "counts", "expected"),
    [
        # 附件1 row 1, 对广告经营者: 5% of 150 = 7.5 → 8; λ = 8/(100·1 + 30·2 + 15·4 + 5·8)
        # = 8/260 = 2/65; shares LOW 3.077, MEDIUM 1.846, HIGHER 1.846, HIGH 1.231 → floors
        # 3+1+1+1 = 6; the 2 left go to the largest remainders, HIGHER and MEDIUM (.846 each)
        ("5%", {L: 100, M: 30, C: 15, H: 5}, {U: 0, L: 3, M: 2, C: 2, H: 1}),
        # row 2, 小作坊: 100% → every subject of every tier
        ("100%", {L: 40, M: 7, C: 2, H: 1}, {U: 0, L: 40, M: 7, C: 2, H: 1}),
        # row 4, 眼镜配制单位: 30% of 29 = 8.7 → 9; λ = 9/(20 + 12 + 8 + 8) = 3/16 would give
        # HIGH 8·3/16 = 150%: HIGH is capped at its 1 subject, then λ = 8/(20 + 12 + 8) = 1/5:
        # shares LOW 4, MEDIUM 2.4, HIGHER 1.6 → floors 4+2+1 = 7; the 1 left goes to HIGHER (.6)
        ("30%", {L: 20, M: 6, C: 2, H: 1}, {U: 0, L: 4, M: 2, C: 2, H: 1}),
    ],
)
def test_zezhou_ratio_with_rising_weights(
    ratio: str, counts: dict[RiskTier, int], expected: dict[RiskTier, int]
) -> None:
    rule = SamplingRule.parse(f"{ratio}；{ZEZHOU_RISING}")
    assert rule.overall == Ratio(percent=Decimal(ratio.rstrip("%")))
    assert rule.weights == RiskWeights()
    quotas = rule.quotas(counts)
    assert quotas.as_dict() == expected
    assert check_quotas(rule, counts, quotas) == []


NOTICE_PHRASES = {
    # 000 兴安盟
    "高风险企业抽取比例不低于10%、较高风险企业不低于5%、中风险企业不低于1%、低风险企业不低于0.5%抽取，实施差异化监管。": SamplingRule(
        tiers=(
            TierRule(tier=L, part=Ratio(percent=Decimal("0.5"))),
            TierRule(tier=M, part=Ratio(percent=Decimal(1))),
            TierRule(tier=C, part=Ratio(percent=Decimal(5))),
            TierRule(tier=H, part=Ratio(percent=Decimal(10))),
        )
    ),
    "无风险等级抽取30%": SamplingRule(tiers=(TierRule(tier=U, part=Ratio(percent=Decimal(30))),)),
    "A类企业1家，100%抽取": SamplingRule(tiers=(TierRule(tier=L, part=All(expected=1)),)),
    # 001 莲池区 and 002 秦皇岛: overall minimums, every tier by 1:2:4:8
    LIANCHI: SamplingRule(overall=Ratio(percent=Decimal(5))),
    QINHUANGDAO: SamplingRule(overall=Ratio(percent=Decimal(3))),
    # 003 泽州县: the notice's target and the table's two columns
    "年度抽查企业占比达到3%以上": SamplingRule(overall=Ratio(percent=Decimal(3))),
    f"5%；{ZEZHOU_RISING}": SamplingRule(overall=Ratio(percent=Decimal(5))),
    f"100%；{ZEZHOU_RISING}": SamplingRule(overall=Ratio(percent=Decimal(100))),
    # 004 萧县
    "抽查比例:抽查比例100%。": SamplingRule(otherwise=All()),
    "抽查比例100%": SamplingRule(otherwise=All()),
}


@pytest.mark.parametrize("phrase", list(NOTICE_PHRASES))
def test_every_notice_phrase_reads(phrase: str) -> None:
    rule = SamplingRule.parse(phrase)
    assert rule.model_copy(update={"text": None}) == NOTICE_PHRASES[phrase]
    assert str(rule) == phrase  # the printed phrase is kept
    assert SamplingRule.parse(rule.describe()) == NOTICE_PHRASES[phrase]


def test_rising_phrase_alone_asks_for_its_overall_share() -> None:
    with pytest.raises(RuleParseError, match="needs a ratio to allocate") as info:
        SamplingRule.parse(ZEZHOU_RISING)
    assert "分别递加比例" in info.value.fragment


@pytest.mark.parametrize(
    "rule",
    [
        SamplingRule(otherwise=Ratio(percent=Decimal("0.5"))),
        SamplingRule(overall=Ratio(percent=Decimal(5)), weights=RiskWeights(unrated=Decimal(3))),
        SamplingRule(overall=Ratio(percent=Decimal(5)), top_up=TopUpPolicy.PROPORTIONAL),
        SamplingRule(tiers=(TierRule(tier=H, part=Count(n=2)),), otherwise=Count(n=1)),
        SamplingRule(
            tiers=(TierRule(tier=H, part=Ratio(percent=Decimal(1))),),
            otherwise=Ratio(percent=Decimal(5)),
            allow_falling=True,
        ),
    ],
    ids=["不低于0.5%", "unrated-weight", "proportional", "counts", "falling"],
)
def test_describe_reads_back(rule: SamplingRule) -> None:
    assert SamplingRule.parse(rule.describe()) == rule


@settings(max_examples=300, deadline=None)
@given(rule=sampling_rules())
def test_every_rule_reads_back_from_its_description(rule: SamplingRule) -> None:
    assert SamplingRule.parse(rule.describe()) == rule


@settings(max_examples=200, deadline=None)
@given(rule=sampling_rules(), counts=tier_counts())
def test_described_rule_gives_the_same_quotas(
    rule: SamplingRule, counts: dict[RiskTier, int]
) -> None:
    assert SamplingRule.parse(rule.describe()).quotas(counts) == rule.quotas(counts)


@settings(max_examples=200, deadline=None)
@given(
    percent=st.integers(1, 100_000).map(lambda n: Decimal(n) / 1000),
    counts=tier_counts(),
)
def test_overall_minimum_is_met_exactly_and_every_tier_rises(
    percent: Decimal, counts: dict[RiskTier, int]
) -> None:
    rule = SamplingRule(overall=Ratio(percent=percent))
    quotas = rule.quotas(counts)
    total = sum(counts.values())
    minimum = -((-total * Fraction(percent)) // 100)  # ceil(N · p / 100), exact
    assert quotas.overall_minimum == minimum
    assert quotas.total == min(minimum, total)
    ratios = [quotas.record(t).ratio_fraction for t in RiskTier.rated() if counts[t]]
    assert ratios == sorted(ratios)
    for record in quotas.tiers:
        share = record.available * (record.ratio_fraction or 0)
        assert share - 1 < record.quota < share + 1
    assert check_quotas(rule, counts, quotas) == []


@pytest.mark.parametrize(
    "phrase",
    [
        f"{ZEZHOU_RISING.rstrip('。')}5%",  # the ratio printed after the sentence
        f"{ZEZHOU_RISING}总体不低于5%",
        f"抽查比例5%以上，{ZEZHOU_RISING}",
    ],
)
def test_rising_sentence_with_its_share_in_any_order(phrase: str) -> None:
    rule = SamplingRule.parse(phrase)
    assert (rule.overall, rule.weights) == (Ratio(percent=Decimal(5)), RiskWeights())


def test_a_rule_phrase_has_a_length_limit() -> None:
    with pytest.raises(RuleParseError, match="too long"):
        SamplingRule.parse("5%；" * 1001)


@settings(max_examples=100, deadline=None)
@given(
    overall=st.integers(1, 100_000).map(lambda n: Ratio(percent=Decimal(n) / 1000)),
    named=st.lists(st.sampled_from(list(RiskTier)), unique=True, max_size=4),
    count=st.integers(1, 9),
)
def test_rules_built_with_the_default_spread_read_back(
    overall: Ratio, named: list[RiskTier], count: int
) -> None:
    # no weights and no top_up given: the overall minimum gets the default rising weights
    rule = SamplingRule(
        tiers=tuple(TierRule(tier=t, part=Count(n=count)) for t in named), overall=overall
    )
    assert rule.weights == RiskWeights()
    assert SamplingRule.parse(rule.describe()) == rule
    explicit = SamplingRule(
        tiers=rule.tiers, overall=overall, top_up=TopUpPolicy.HIGHEST_RISK_FIRST
    )
    assert explicit.weights is None
    assert SamplingRule.parse(explicit.describe()) == explicit
