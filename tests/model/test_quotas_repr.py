"""Quotas read well in a console and in a notebook."""

from __future__ import annotations

from jointcheck.model import RiskTier, SamplingRule

XINGAN = SamplingRule.parse(
    "高风险企业抽取比例不低于10%、较高风险企业不低于5%、中风险企业不低于1%、低风险企业不低于0.5%"
    "；无风险等级抽取30%"
)
COUNTS = {RiskTier.HIGH: 25, RiskTier.HIGHER: 300, RiskTier.MEDIUM: 1000, RiskTier.LOW: 50}


def test_repr_shows_quota_over_available_per_tier_highest_risk_first() -> None:
    quotas = XINGAN.quotas(COUNTS)
    assert repr(quotas) == (
        "Quotas(tiers={HIGH: 3/25, HIGHER: 15/300, MEDIUM: 10/1000, LOW: 1/50}, "
        "total=29, available=1375)"
    )
    assert str(quotas) == (
        "tiers={HIGH: 3/25, HIGHER: 15/300, MEDIUM: 10/1000, LOW: 1/50} total=29 available=1375"
    )


def test_repr_names_the_overall_minimum_and_policy() -> None:
    rule = SamplingRule.parse("高风险企业不低于10%；按照总体不低于3%的比例抽取")
    quotas = rule.quotas({RiskTier.HIGH: 25, RiskTier.LOW: 500})
    assert repr(quotas) == (
        # HIGH ceil(25 × 10%) = 3; the minimum ceil(525 × 3%) = 16 leaves 13 for LOW,
        # the only other tier with subjects (rising weights by default)
        "Quotas(tiers={HIGH: 3/25, LOW: 13/500}, total=16, available=525, overall=3%, "
        "overall_minimum=16, policy=HIGHEST_RISK_FIRST)"
    )


def test_html_table_has_every_tier_with_its_reason() -> None:
    html = XINGAN.quotas(COUNTS)._repr_html_()
    assert html.startswith("<div>")
    assert html.endswith("</div>")
    assert html.count("<tr>") == 1 + 5  # header and one row per tier
    for label in ("高风险 (HIGH)", "较高风险 (HIGHER)", "无风险等级 (UNRATED)"):
        assert f"<td>{label}</td>" in html
    assert "<td>不低于10%: ceil(25 × 10%) = 3</td>" in html
    assert '<td style="text-align:right">1,000</td>' in html
    assert "total 29 of 1,375" in html
