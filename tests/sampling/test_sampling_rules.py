"""Sampling rules: the printed phrases of the five notices, parts, validation, JSON."""

from __future__ import annotations

from decimal import Decimal
from fractions import Fraction

import pytest

from jointcheck.errors import (
    InvalidInputError,
    JointcheckError,
    ModelValidationError,
    RuleParseError,
)
from jointcheck.model import (
    All,
    Count,
    QuotaBasis,
    Ratio,
    RiskTier,
    RiskWeights,
    SamplingRule,
    Task,
    TierRule,
    TopUpPolicy,
)

H, C, M, L, U = RiskTier.HIGH, RiskTier.HIGHER, RiskTier.MEDIUM, RiskTier.LOW, RiskTier.UNRATED

# 兴安盟 (000): 工作方案 §三 and the plan table
XINGAN = (
    "高风险企业抽取比例不低于10%、较高风险企业不低于5%、中风险企业不低于1%、低风险企业不低于0.5%"
    "抽取，实施差异化监管。"
)
# 泽州县 (003): ratio column + 信用风险分类管理 column
ZEZHOU_RISING = (
    "根据企业信用风险分类结果,对低风险、一般风险、较高风险、高风险企业分别递加比例抽查。"
)


def test_xingan_tiered_ratios() -> None:
    rule = SamplingRule.parse(XINGAN)
    assert rule.part_for(H) == Ratio(percent=Decimal(10))
    assert rule.part_for(C) == Ratio(percent=Decimal(5))
    assert rule.part_for(M) == Ratio(percent=Decimal(1))
    assert rule.part_for(L) == Ratio(percent=Decimal("0.5"))
    assert rule.part_for(U) is None
    assert rule.text == XINGAN
    assert str(rule) == XINGAN


def test_xingan_unrated_and_fixed_count() -> None:
    assert SamplingRule.parse("无风险等级抽取30%").part_for(U) == Ratio(percent=Decimal(30))
    a_class = SamplingRule.parse("A类企业1家，100%抽取")
    assert a_class.part_for(L) == All(expected=1)
    assert a_class.part_for(H) is None
    quotas = a_class.quotas({L: 3})
    assert quotas[L] == 3
    assert "printed 1家" in quotas.record(L).reason


def test_xingan_table_row_combined_with_the_plan() -> None:
    rule = SamplingRule.parse(XINGAN + "；无风险等级抽取30%")
    assert rule.part_for(U) == Ratio(percent=Decimal(30))
    assert rule.part_for(L) == Ratio(percent=Decimal("0.5"))


@pytest.mark.parametrize(
    ("text", "overall"),
    [
        ("按照总体不低于3%的比例抽取", "3"),  # 秦皇岛 (002)
        ("结合企业信用风险分级分类，按照总体不低于 3%的比例抽取。", "3"),  # 002 verbatim
        ("按照企业信用风险分级分类，抽查比例5%以上。", "5"),  # 莲池区 (001)
        ("抽查比例5%以上", "5"),
        ("年度抽查企业占比达到3%以上", "3"),  # 泽州县 (003) 工作目标
    ],
)
def test_overall_minimum_phrasings(text: str, overall: str) -> None:
    rule = SamplingRule.parse(text)
    assert rule.overall == Ratio(percent=Decimal(overall))
    assert rule.tiers == ()
    assert rule.otherwise is None


@pytest.mark.parametrize("text", ["100%", "抽查比例:抽查比例100%。", "抽查比例100%"])
def test_full_coverage(text: str) -> None:  # 萧县 (004) "抽查比例:抽查比例100%。"
    rule = SamplingRule.parse(text)
    assert rule.otherwise == All()
    assert rule.quotas({H: 2, L: 7, U: 1}).total == 10


def test_plain_ratio_applies_to_every_tier() -> None:
    rule = SamplingRule.parse("10%")
    assert rule.otherwise == Ratio(percent=Decimal(10))
    quotas = rule.quotas({H: 25, L: 1000})
    assert (quotas[H], quotas[L]) == (3, 100)


@pytest.mark.parametrize("ratio", ["5%", "100%", "30%", "1%", "3%"])
def test_zezhou_rows_ratio_with_rising_column(ratio: str) -> None:
    rule = SamplingRule.parse(f"{ratio}；{ZEZHOU_RISING}")
    assert rule.overall == Ratio.parse(ratio)
    assert rule.weights == RiskWeights()
    assert rule.otherwise is None


def test_rising_with_explicit_weights_and_no_tier_list() -> None:
    rule = SamplingRule.parse("10%；按1:3:9:27分别递加比例")
    assert rule.weights == RiskWeights(low=1, medium=3, higher=9, high=27)


def test_rising_clause_alone_needs_a_ratio() -> None:
    with pytest.raises(RuleParseError, match="needs a ratio") as info:
        SamplingRule.parse(ZEZHOU_RISING)
    assert "分别递加比例" in info.value.fragment


def test_unreadable_text_is_quoted() -> None:
    text = "县级抽查根据实际情况自行确定抽查比例"  # 萧县 annex 1
    with pytest.raises(RuleParseError, match="leaves the ratio to the level") as info:
        SamplingRule.parse(text)
    error = info.value
    assert error.fragment == "根据实际情况自行确定抽查比例"
    assert repr(text) in str(error)
    assert isinstance(error, ValueError)
    assert isinstance(error, JointcheckError)
    assert error.field == "rule"


def test_only_the_unread_part_is_quoted() -> None:
    with pytest.raises(RuleParseError) as info:
        SamplingRule.parse("高风险企业不低于10%，其余随机抽取若干家")
    assert info.value.fragment == "其余随机抽取若干家"


@pytest.mark.parametrize(
    ("text", "fragment"),
    [
        ("高风险企业不低于150%", "高风险企业不低于150%"),
        ("高风险企业不低于0%", "高风险企业不低于0%"),
        ("高风险企业不低于10%、高风险企业不低于20%", "高风险企业不低于20%"),
        ("5%、10%", "10%"),
        ("", ""),
        ("按1:2:4:8", "按1:2:4:8"),
        ("D类企业全部抽取、高风险", "高风险"),
    ],
)
def test_bad_phrases(text: str, fragment: str) -> None:
    with pytest.raises(RuleParseError) as info:
        SamplingRule.parse(text)
    assert info.value.fragment == fragment


def test_counts_and_all_per_tier() -> None:
    rule = SamplingRule.parse("D类企业全部抽取、C类企业抽取2家")
    assert rule.part_for(H) == All()
    assert rule.part_for(C) == Count(n=2)


def test_full_width_forms() -> None:
    rule = SamplingRule.parse("高风险企业不低于１０％，较高风险企业不低于５％")
    assert rule.part_for(H) == Ratio(percent=Decimal(10))
    assert rule.part_for(C) == Ratio(percent=Decimal(5))


def test_falling_ratios_are_rejected_unless_allowed() -> None:
    text = "高风险企业不低于1%、低风险企业不低于5%"
    with pytest.raises(ModelValidationError, match="ratios fall as risk rises"):
        SamplingRule.parse(text)
    rule = SamplingRule.parse(text, allow_falling=True)
    assert rule.allow_falling
    with pytest.raises(ModelValidationError, match="ratios fall"):
        SamplingRule(tiers=(TierRule(tier=M, part=All()),), otherwise=Ratio(percent=Decimal(50)))


def test_counts_do_not_take_part_in_the_rising_check() -> None:
    rule = SamplingRule(
        tiers=(
            TierRule(tier=L, part=Ratio(percent=Decimal(50))),
            TierRule(tier=H, part=Count(n=1)),
        )
    )
    assert rule.part_for(H) == Count(n=1)


def test_rule_validation() -> None:
    with pytest.raises(ModelValidationError, match="needs at least one"):
        SamplingRule()
    with pytest.raises(ModelValidationError, match="need an overall"):
        SamplingRule(tiers=(TierRule(tier=H, part=All()),), weights=RiskWeights())
    with pytest.raises(ModelValidationError, match="more than one part"):
        SamplingRule(tiers=(TierRule(tier=H, part=All()), TierRule(tier=H, part=Count(n=1))))
    with pytest.raises(ModelValidationError, match="rise strictly"):
        RiskWeights(low=2, medium=2)
    with pytest.raises(ModelValidationError, match="percent"):
        Ratio(percent=Decimal(0))
    with pytest.raises(ModelValidationError, match="percent"):
        Ratio(percent=Decimal("100.1"))
    with pytest.raises(InvalidInputError, match="percentage"):
        Ratio.parse("abc%")


def test_tiers_are_stored_in_code_order() -> None:
    rule = SamplingRule(tiers=(TierRule(tier=H, part=All()), TierRule(tier=U, part=Count(n=3))))
    assert [r.tier for r in rule.tiers] == [U, H]


def test_json_round_trip_and_describe() -> None:
    rule = SamplingRule.parse("5%；" + ZEZHOU_RISING, top_up=TopUpPolicy.PROPORTIONAL)
    again = SamplingRule.model_validate_json(rule.model_dump_json())
    assert again == rule
    built = SamplingRule(
        tiers=(TierRule(tier=H, part=All()), TierRule(tier=C, part=Count(n=2))),
        overall=Ratio(percent=Decimal(3)),
    )
    assert built.describe() == (
        "高风险企业全部抽取；较高风险企业抽取2家；总体不低于3%；按1:2:4:8分别递加比例"
    )
    assert str(built) == built.describe()


def test_task_reads_the_printed_phrase() -> None:
    task = Task(
        id="t1",
        name="企业双随机抽查",
        check_items=({"id": "c1", "department_id": "samr", "name": "登记事项检查"},),  # type: ignore[arg-type]
        sampling="无风险等级抽取30%",  # type: ignore[arg-type]
    )
    assert isinstance(task.sampling, SamplingRule)
    assert task.sampling.text == "无风险等级抽取30%"
    assert f"{task.sampling}" == "无风险等级抽取30%"
    assert Task.model_validate_json(task.model_dump_json()) == task
    with pytest.raises(ModelValidationError, match="自行确定"):
        Task(
            id="t1",
            name="x",
            check_items=({"id": "c1", "department_id": "samr", "name": "x"},),  # type: ignore[arg-type]
            sampling="县级抽查根据实际情况自行确定抽查比例",  # type: ignore[arg-type]
        )


def test_ratio_helpers() -> None:
    assert Ratio.parse("0.5%").fraction == Fraction(1, 200)
    assert str(Ratio.parse("10％")) == "10%"
    assert Ratio(percent=Decimal(7)).quota(300) == 21
    assert Ratio(percent=Decimal("0.5")).quota(1000) == 5
    assert Ratio(percent=Decimal("0.5")).quota(50) == 1
    assert Ratio(percent=Decimal(10)).quota(25) == 3
    assert Ratio(percent=Decimal(10)).quota(0) == 0


def test_quota_basis_of_each_part() -> None:
    rule = SamplingRule(
        tiers=(
            TierRule(tier=H, part=All()),
            TierRule(tier=C, part=Count(n=5)),
            TierRule(tier=M, part=Ratio(percent=Decimal(1))),
        )
    )
    quotas = rule.quotas({H: 4, C: 3, M: 150, L: 10})
    assert [quotas.record(t).basis for t in (H, C, M, L)] == [
        QuotaBasis.ALL,
        QuotaBasis.COUNT,
        QuotaBasis.RATIO,
        QuotaBasis.NONE,
    ]
    assert quotas.record(C).shortfall == 2
    assert "shortfall 2" in quotas.record(C).reason
    assert quotas.record(M).reason == "不低于1%: ceil(150 × 1%) = 2"
    assert quotas.record(M).ratio == "1/100"
