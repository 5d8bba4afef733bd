import numpy as np
import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from jointcheck import Population, RiskTier, Subject, SubjectKind
from jointcheck.errors import PopulationError, UnknownLabelError
from jointcheck.model import OperatingStatus
from jointcheck.strategies import populations

CODES = ["91350200776049653A", "91350503MA31DKY80A", "91440101MA5CJQ4N59", "152201000012345"]


def sample() -> Population:
    return Population.from_arrays(
        CODES,
        ["A", "高风险", "较高风险", "无风险等级"],
        jurisdictions=["厦门", "泉州", "广州", "乌兰浩特"],
        kinds=[SubjectKind.ENTERPRISE, "ENTERPRISE", "ENTERPRISE", SubjectKind.INDIVIDUAL_BUSINESS],
        statuses=["OPERATING", "OPERATING", "DEREGISTERED", "OPERATING"],
    )


def test_columns_are_sorted_by_code_and_read_only() -> None:
    pop = sample()
    assert pop.code_strings() == sorted(CODES)
    assert pop.codes.dtype == np.dtype("S18")
    with pytest.raises(ValueError, match="read-only"):
        pop.tiers[0] = 4


def test_counts_by_tier_include_every_tier() -> None:
    assert sample().counts_by_tier() == {
        RiskTier.UNRATED: 1,
        RiskTier.LOW: 1,
        RiskTier.MEDIUM: 0,
        RiskTier.HIGHER: 1,
        RiskTier.HIGH: 1,
    }


def test_digest_is_pinned() -> None:
    # A change to these values is a change to a published digest encoding (version 1 or 2).
    pop = Population.from_arrays(
        ["91350200776049653A", "91350503MA31DKY80A"], ["A", "D"], jurisdictions=["厦门", "泉州"]
    )
    assert pop.digest(version=1) == (
        "e96fd36df90268efd9b14df23ba329b4cdd2ba02602206c01473aa098953f89a"
    )
    assert pop.digest() == "52c8da826ec34e1cd82aedce3942f97625da8ce401ea57eaf764d250e7eb7385"


def test_digest_changes_with_any_field() -> None:
    base = sample().digest()
    variants = [
        Population.from_arrays(
            CODES,
            ["A", "高风险", "较高风险", "B"],
            jurisdictions=["厦门", "泉州", "广州", "乌兰浩特"],
            kinds=[0, 0, 0, 1],
            statuses=[0, 0, 2, 0],
        ),
        Population.from_arrays(
            CODES,
            ["A", "高风险", "较高风险", "无风险等级"],
            jurisdictions=["厦门", "泉州", "广州", "兴安"],
            kinds=[0, 0, 0, 1],
            statuses=[0, 0, 2, 0],
        ),
        Population.from_arrays(
            CODES,
            ["A", "高风险", "较高风险", "无风险等级"],
            jurisdictions=["厦门", "泉州", "广州", "乌兰浩特"],
            kinds=[0, 0, 0, 0],
            statuses=[0, 0, 2, 0],
        ),
        Population.from_arrays(
            CODES,
            ["A", "高风险", "较高风险", "无风险等级"],
            jurisdictions=["厦门", "泉州", "广州", "乌兰浩特"],
            kinds=[0, 0, 0, 1],
            statuses=[0, 0, 0, 0],
        ),
        Population.from_arrays(
            CODES[:3], ["A", "高风险", "较高风险"], jurisdictions=["厦门", "泉州", "广州"]
        ),
    ]
    assert sample().digest() == base
    assert len({base, *(v.digest() for v in variants)}) == len(variants) + 1


@settings(max_examples=60, deadline=None)
@given(populations(min_size=0, max_size=40), st.randoms(use_true_random=False))
def test_digest_does_not_depend_on_input_order(pop: Population, rnd: object) -> None:
    order = list(range(len(pop)))
    rnd.shuffle(order)  # type: ignore[attr-defined]
    labels = np.array(pop.jurisdiction_labels, dtype=object)
    shuffled = Population.from_arrays(
        pop.codes[order],
        pop.tiers[order],
        jurisdictions=labels[pop.jurisdictions[order]] if len(pop) else [],
        kinds=pop.kinds[order],
        statuses=pop.statuses[order],
    )
    assert shuffled.digest() == pop.digest()
    assert np.array_equal(shuffled.codes, pop.codes)


def test_duplicate_codes_name_both_rows() -> None:
    with pytest.raises(PopulationError) as info:
        Population.from_arrays([CODES[0], CODES[1], CODES[0]], ["A", "B", "C"])
    assert info.value.rows == (0, 2)
    assert "rows 0 and 2 share '91350200776049653A'" in str(info.value)


def test_invalid_codes_name_their_rows_and_the_expected_check_character() -> None:
    with pytest.raises(PopulationError) as info:
        Population.from_arrays([CODES[0], "91350200776049653B", "bad"], ["A", "B", "C"])
    assert info.value.rows == (2,)
    with pytest.raises(PopulationError) as info:
        Population.from_arrays([CODES[0], "91350200776049653B"], ["A", "B"])
    assert info.value.rows == (1,)
    assert "expected check character 'A'" in str(info.value)


def test_too_long_and_non_ascii_codes_are_rejected() -> None:
    with pytest.raises(PopulationError, match="longer than 18"):
        Population.from_arrays(["91350200776049653AX"], ["A"])
    with pytest.raises(PopulationError, match="not ASCII"):
        Population.from_arrays(["9135020077604965３A"], ["A"])


def test_lenient_mode_accepts_pilot_codes() -> None:
    with pytest.raises(PopulationError):
        Population.from_arrays(["91350100M0001TGQXM"], ["A"])
    pop = Population.from_arrays(["91350100M0001TGQXM"], ["A"], lenient_check_character=True)
    assert len(pop) == 1


def test_column_lengths_and_labels_are_checked() -> None:
    with pytest.raises(PopulationError, match="one value per code"):
        Population.from_arrays(CODES, ["A"])
    with pytest.raises(UnknownLabelError, match="E类"):
        Population.from_arrays(CODES[:1], ["E类"])
    with pytest.raises(UnknownLabelError, match="subject kind label 'SHOP'"):
        Population.from_arrays(CODES[:1], ["A"], kinds=["SHOP"])


def test_from_subjects_matches_from_arrays() -> None:
    subjects = [
        Subject(code=CODES[0], name="a", tier=RiskTier.LOW, jurisdiction="厦门"),
        Subject(code=CODES[1], name="b", tier=RiskTier.HIGH, jurisdiction="泉州"),
    ]
    from_models = Population.from_subjects(subjects)
    from_arrays = Population.from_arrays(CODES[:2], ["A", "D"], jurisdictions=["厦门", "泉州"])
    assert from_models.digest() == from_arrays.digest()


def test_dataframe_round_trip_keeps_the_digest() -> None:
    pop = sample()
    frame = pop.to_dataframe()
    assert list(frame.columns) == ["code", "tier", "kind", "status", "jurisdiction"]
    again = Population.from_dataframe(frame, kind="kind", status="status")
    assert again.digest() == pop.digest()
    plain = frame.astype({"jurisdiction": str, "tier": str})
    assert Population.from_dataframe(plain, kind="kind", status="status").digest() == pop.digest()


def test_dataframe_with_a_missing_column() -> None:
    with pytest.raises(PopulationError, match=r"no column\(s\) \['tier', 'jurisdiction'\]"):
        Population.from_dataframe(pd.DataFrame({"code": CODES}))


def test_mask_and_select() -> None:
    pop = sample()
    mask = pop.mask(tiers=[RiskTier.HIGH, RiskTier.HIGHER], statuses=[OperatingStatus.OPERATING])
    chosen = pop.select(mask)
    assert chosen.code_strings() == ["91350503MA31DKY80A"]
    assert chosen.jurisdiction_labels == ("泉州",)
    assert pop.select(pop.mask(jurisdictions=["乌兰浩特"])).code_strings() == ["152201000012345"]
    with pytest.raises(PopulationError, match="boolean array"):
        pop.select([0, 1])


def test_positions() -> None:
    pop = sample()
    assert pop.positions([CODES[1], "91350200MA31E12PXF"]).tolist() == [
        pop.code_strings().index(CODES[1]),
        -1,
    ]
    empty = Population.from_arrays([], [])
    assert empty.positions([CODES[0]]).tolist() == [-1]
    assert repr(empty) == "Population(0 subjects: empty; 1 jurisdiction)"


def test_repr_is_readable() -> None:
    assert repr(sample()) == (
        "Population(4 subjects: UNRATED 1, LOW 1, HIGHER 1, HIGH 1; 4 jurisdictions)"
    )


def test_positions_never_cut_or_re_encode_a_value_into_another_code() -> None:
    from jointcheck.errors import UnknownIdError
    from jointcheck.synthetic import synthetic_population

    population = synthetic_population(5, seed=1)
    codes = population.code_strings()
    # An over-long code used to be cut to 18 characters and found as the subject it starts
    # with; a non-ASCII one raised UnicodeEncodeError. Neither is in the population.
    asked = [codes[0], codes[0] + "X", "\x80", "é" * 3, "９１" + codes[1][2:], codes[1]]
    assert population.positions(asked).tolist() == [0, -1, -1, -1, -1, 1]
    assert population.positions(
        np.array([codes[2].encode(), codes[2].encode() + b"Z"])
    ).tolist() == [2, -1]
    with pytest.raises(UnknownIdError, match="is not in the population") as caught:
        population.subject_rows([codes[0] + "X"])
    assert (caught.value.field, caught.value.value) == ("codes", codes[0] + "X")


@settings(max_examples=60, deadline=None)
# NUL is left out: numpy text arrays drop trailing NULs (how a 15-digit 注册号 is padded).
@given(extra=st.text(st.characters(blacklist_characters="\x00"), min_size=1, max_size=4))
def test_a_code_with_anything_appended_is_never_found(extra: str) -> None:
    from jointcheck.synthetic import synthetic_population

    population = synthetic_population(3, seed=2)
    codes = population.code_strings()
    found = population.positions([c + extra for c in codes] + codes).tolist()
    assert found[: len(codes)] == [-1] * len(codes)
    assert found[len(codes) :] == list(range(len(codes)))
