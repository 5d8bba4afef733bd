from decimal import Decimal
from fractions import Fraction

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from jointcheck.errors import InvalidInputError
from jointcheck.model import RiskTier, credit_code_check_character
from jointcheck.population import Population
from jointcheck.records import Coverage, coverage, parse_share
from jointcheck.strategies import populations


def codes(n: int) -> list[str]:
    out = []
    for i in range(n):
        prefix = f"91341322{i:09d}"
        out.append(prefix + credit_code_check_character(prefix))
    return out


def registry(n: int, tiers: list[str] | None = None) -> Population:
    return Population.from_arrays(codes(n), tiers or ["B"] * n)


def test_three_percent_is_exact_at_the_boundary() -> None:
    pop = registry(100)
    assert not coverage(pop, codes(2)).meets_target
    at = coverage(pop, codes(3))
    assert at.meets_target
    assert at.share == Fraction(3, 100)
    assert at.shortfall == 0
    assert coverage(registry(101), codes(3)).shortfall == 1  # ceil(3.03) = 4
    assert coverage(registry(101), codes(3)).required == 4


def test_repeats_count_once_and_codes_outside_the_registry_are_reported() -> None:
    outsider = "91350200776049653A"
    cov = coverage(registry(10), [*codes(2), codes(1)[0], outsider])
    assert cov.inspected == 2
    assert cov.not_in_registry == 1
    assert Coverage.model_validate_json(cov.model_dump_json()) == cov


def test_coverage_per_tier() -> None:
    pop = registry(6, ["A", "A", "B", "C", "D", "无风险等级"])
    cov = coverage(pop, codes(6)[:3], target="50%")
    assert cov.tier(RiskTier.LOW).share == 1
    assert cov.tier(RiskTier.MEDIUM).inspected == 1
    assert cov.tier(RiskTier.HIGH).share == 0
    assert cov.meets_target
    assert cov.target == Decimal("0.5")
    assert cov.population_digest == pop.digest()


def test_targets_and_inputs_are_checked() -> None:
    assert parse_share(Fraction(1, 40)) == Decimal("0.025")
    assert parse_share("0.05") == Decimal("0.05")
    for bad in ("三%", "150%", Fraction(1, 3), True, "-1%"):
        with pytest.raises(InvalidInputError, match="share"):
            parse_share(bad)  # type: ignore[arg-type]
    with pytest.raises(InvalidInputError, match="registry is empty"):
        coverage(Population.from_arrays([], []), [])
    with pytest.raises(InvalidInputError, match="longer than 18"):
        coverage(registry(3), [codes(1)[0] + "X"])
    with pytest.raises(InvalidInputError, match="strings"):
        coverage(registry(3), np.arange(3))


@settings(max_examples=50, deadline=None)
@given(populations(min_size=1, max_size=60), st.data())
def test_coverage_agrees_with_counting_by_hand(pop: Population, data: st.DataObject) -> None:
    all_codes = pop.code_strings()
    picked = data.draw(st.lists(st.sampled_from(all_codes), max_size=80))
    percent = data.draw(st.integers(0, 100))
    cov = coverage(pop, np.array(picked, dtype=str), target=f"{percent}%")
    distinct = set(picked)
    assert cov.inspected == len(distinct)
    assert cov.registered == len(pop)
    assert cov.meets_target == (100 * len(distinct) >= percent * len(pop))
    tiers = dict(zip(all_codes, pop.tiers.tolist(), strict=True))
    for row in cov.by_tier:
        assert row.inspected == sum(1 for c in distinct if tiers[c] == row.tier.code)
        assert row.registered == int((pop.tiers == row.tier.code).sum())
        assert row.inspections == sum(1 for c in picked if tiers[c] == row.tier.code)


def test_higher_risk_tiers_must_be_inspected_at_a_higher_share_and_frequency() -> None:
    pop = registry(8, ["A", "A", "B", "B", "C", "C", "D", "D"])
    a, b, c, d = codes(8)[0:2], codes(8)[2:4], codes(8)[4:6], codes(8)[6:8]
    rising = coverage(pop, [b[0], c[0], c[1], d[0], d[1], d[0]])
    assert rising.risk_order_breaks == ()
    assert rising.tier(RiskTier.HIGH).frequency == Fraction(3, 2)
    falling_share = coverage(pop, [a[0], a[1], b[0], b[1], c[0], d[0], d[1]])
    assert len(falling_share.risk_order_breaks) == 2  # C below B in share and in frequency
    assert falling_share.risk_order_breaks[0].startswith(
        "较高风险(HIGHER) inspected at a share of 50.00% is below 一般风险(MEDIUM) at 100.00%"
    )
    same_share_fewer_visits = coverage(pop, [c[0], c[1], c[0], d[0], d[1]])
    assert same_share_fewer_visits.risk_order_breaks == (
        "高风险(HIGH) inspected at a frequency of 100.00% is below 较高风险(HIGHER) at 150.00%; "
        "higher-risk subjects are to be inspected at a higher share and frequency (提高抽查比例和频次)",
    )
    no_c = coverage(registry(4, ["A", "B", "D", "D"]), [codes(4)[1]])
    assert [m.split(" ")[0] for m in no_c.risk_order_breaks] == ["高风险(HIGH)", "高风险(HIGH)"]


def test_inspections_below_inspected_are_refused() -> None:
    from jointcheck.errors import ModelValidationError
    from jointcheck.records import TierCoverage

    with pytest.raises(ModelValidationError, match="inspections=1 is below inspected=2"):
        TierCoverage(tier=RiskTier.LOW, registered=3, inspected=2, inspections=1)
