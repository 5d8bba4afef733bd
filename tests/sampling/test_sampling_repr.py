"""A draw reads well in a console and a notebook, without printing its codes."""

from __future__ import annotations

from jointcheck.model import RiskTier, SamplingRule
from jointcheck.sampling import ExclusionReason, HashSampler, exclusion_from_mask
from jointcheck.synthetic import synthetic_population

RULE = SamplingRule.parse(
    "高风险企业不低于10%、较高风险企业不低于5%、中风险企业不低于1%、低风险企业不低于0.5%"
)
POPULATION = synthetic_population(5_000, seed=3)


def test_repr_shows_algorithm_seed_digest_and_drawn_over_available() -> None:
    draw = HashSampler().draw(POPULATION, RULE, seed="2023-03-03")
    counts = POPULATION.counts_by_tier()
    quotas = draw.quotas
    expected = (
        "Draw(algorithm='jointcheck-hash-v1', seed='2023-03-03', population_size=5000, "
        f"population_digest='{POPULATION.digest()[:12]}…', drawn={{"
        + ", ".join(
            f"{t.value}: {quotas[t]}/{counts[t]}"
            for t in (RiskTier.HIGH, RiskTier.HIGHER, RiskTier.MEDIUM, RiskTier.LOW)
        )
        + f", UNRATED: 0/{counts[RiskTier.UNRATED]}}})"
    )
    assert repr(draw) == expected
    assert not any(code in repr(draw) or code in str(draw) for code in draw.selected)


def test_repr_counts_exclusions_and_replacements() -> None:
    high = POPULATION.mask(tiers=[RiskTier.HIGH])
    excluded = exclusion_from_mask(
        POPULATION, high & (POPULATION.jurisdictions == 0), reason=ExclusionReason.OUT_OF_SCOPE
    )
    draw = HashSampler().draw(POPULATION, RULE, seed="s", exclude=[excluded])
    draw = draw.replace(draw.selected[0], reason="已注销")
    assert repr(draw).endswith(f", excluded={len(excluded.codes)}, replacements=1)")
    stratum = draw.stratum(RiskTier.HIGH)
    assert f"HIGH: {stratum.quota}/{stratum.available}," in repr(draw)


def test_html_table_has_each_tier_its_counts_and_the_history() -> None:
    draw = HashSampler().draw(POPULATION, RULE, seed="<b>2023</b>")
    draw = draw.replace(draw.selected[0], reason="经比对不属于本次检查对象")
    html = draw._repr_html_()
    assert "&lt;b&gt;2023&lt;/b&gt;" in html
    assert "<b>2023</b>" not in html
    assert html.count("<tr>") == 1 + 5
    high = draw.stratum(RiskTier.HIGH)
    assert f'<td>高风险 (HIGH)</td><td style="text-align:right">{high.population:,}</td>' in html
    assert "<td>不低于10%: ceil(" in html
    assert f"replaced {draw.replacements[0].removed} by {draw.replacements[0].added}" in html
