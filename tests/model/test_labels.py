"""Every labelled enum parses its labels in one place that the readers, the population and
the models share."""

from __future__ import annotations

from enum import Enum
from typing import Any

import numpy as np
import pytest
from hypothesis import given
from hypothesis import strategies as st

from jointcheck.errors import ModelValidationError, UnknownLabelError
from jointcheck.model import OperatingStatus, ResultCategory, RiskTier, Subject, SubjectKind
from jointcheck.population import Population

CODE = "91350200776049653A"
COLUMN_ENUMS: tuple[Any, ...] = (RiskTier, SubjectKind, OperatingStatus)


def accepted(enum: Any) -> tuple[str, ...]:
    with pytest.raises(UnknownLabelError) as info:
        enum.parse("no such label")
    return tuple(info.value.accepted)


@pytest.mark.parametrize("enum", [*COLUMN_ENUMS, ResultCategory])
def test_every_member_parses_from_its_name_and_its_chinese_label(enum: Any) -> None:
    for member in enum:
        assert enum.parse(member) is member
        assert enum.parse(member.value) is member
        assert enum.parse(member.value.lower()) is member
        assert enum.parse(f" {member.label} ") is member


@pytest.mark.parametrize("enum", COLUMN_ENUMS)
def test_codes_round_trip_and_follow_declaration_order(enum: Any) -> None:
    for code, member in enumerate(enum):
        assert member.code == code
        assert enum.from_code(code) is member
        assert enum.from_code(np.int64(code)) is member


def test_the_tier_code_table_has_one_home() -> None:
    assert RiskTier.in_code_order() == (
        RiskTier.UNRATED,
        RiskTier.LOW,
        RiskTier.MEDIUM,
        RiskTier.HIGHER,
        RiskTier.HIGH,
    )
    assert [t.code for t in RiskTier.in_code_order()] == list(range(5))


@pytest.mark.parametrize("enum", COLUMN_ENUMS)
@given(value=st.floats(allow_nan=True) | st.booleans())
def test_a_float_or_a_bool_is_never_a_code(enum: Any, value: object) -> None:
    with pytest.raises(UnknownLabelError, match="not an integer code"):
        enum.from_code(value)


def test_from_code_2_7_is_not_medium() -> None:
    with pytest.raises(UnknownLabelError, match=r"2\.7 is a float"):
        RiskTier.from_code(2.7)  # type: ignore[arg-type]
    with pytest.raises(UnknownLabelError, match="out of range"):
        RiskTier.from_code(5)


@pytest.mark.parametrize("enum", COLUMN_ENUMS)
@given(value=st.integers().filter(lambda n: not 0 <= n < 6))
def test_codes_out_of_range_are_refused(enum: Any, value: int) -> None:
    with pytest.raises(UnknownLabelError, match="out of range"):
        enum.from_code(value)


@pytest.mark.parametrize("enum", [*COLUMN_ENUMS, ResultCategory])
@given(value=st.none() | st.integers() | st.floats() | st.binary())
def test_only_text_is_a_label(enum: Any, value: object) -> None:
    with pytest.raises(UnknownLabelError, match="not a label"):
        enum.parse(value)


@given(label=st.text(min_size=1, max_size=20))
def test_unknown_labels_are_refused_with_the_list(label: str) -> None:
    table = {*accepted(RiskTier)}
    if label.strip() in table or label.strip().upper() in table:
        assert RiskTier.parse(label) in RiskTier
        return
    with pytest.raises(UnknownLabelError) as info:
        RiskTier.parse(label)
    assert "较高风险" in str(info.value)
    assert info.value.field == "tier"


def test_a_huge_label_is_shortened_in_the_message() -> None:
    with pytest.raises(UnknownLabelError) as info:
        SubjectKind.parse("x" * 1_000_000)
    assert len(str(info.value)) < 1000
    assert "1,000,000 characters" in str(info.value)


@pytest.mark.parametrize(
    ("field", "enum", "column"),
    [
        ("tier", RiskTier, "tiers"),
        ("kind", SubjectKind, "kinds"),
        ("status", OperatingStatus, "statuses"),
    ],
)
def test_models_and_population_accept_the_same_labels(field: str, enum: Any, column: str) -> None:
    """``Subject(tier="D")`` and ``Population.from_arrays(kinds=["个体工商户"])``: one parser."""
    for label in accepted(enum):
        member = enum.parse(label)
        subject = Subject(code=CODE, name="某店", jurisdiction="350200", **{field: label})
        assert getattr(subject, field) is member
        arrays: dict[str, Any] = {"tiers": ["A"], column: [label]}
        tiers = arrays.pop("tiers")
        population = Population.from_arrays([CODE], tiers, **arrays)
        assert population.subject_rows([CODE])[0][field] is member


def test_population_reads_chinese_kind_and_status_labels() -> None:
    population = Population.from_arrays([CODE], ["D"], kinds=["个体工商户"], statuses=["注销"])
    row = population.subject_rows([CODE])[0]
    assert row["kind"] is SubjectKind.INDIVIDUAL_BUSINESS
    assert row["status"] is OperatingStatus.DEREGISTERED
    assert row["tier"] is RiskTier.HIGH


@pytest.mark.parametrize("bad", [2.7, True, None])
def test_models_refuse_a_non_label_tier(bad: object) -> None:
    with pytest.raises(ModelValidationError, match="tier"):
        Subject(code=CODE, name="某店", jurisdiction="350200", tier=bad)


def test_population_refuses_float_and_bool_tier_codes() -> None:
    for column in ([2.7], np.array([2.0]), [True], np.array([False])):
        with pytest.raises(UnknownLabelError, match="not an integer code"):
            Population.from_arrays([CODE], column)


def test_result_categories_parse_platform_codes_and_texts() -> None:
    assert ResultCategory.parse("E") is ResultCategory.CORRECTED_AFTER_ORDER
    assert ResultCategory.parse("通过登记的住所(经营场所)无法联系") is (
        ResultCategory.UNREACHABLE_AT_ADDRESS
    )
    assert ResultCategory.from_code("12") is ResultCategory.MOVED_OUT
    with pytest.raises(UnknownLabelError):
        ResultCategory.from_code(12)  # type: ignore[arg-type]


def test_every_label_names_one_member() -> None:
    for enum in (*COLUMN_ENUMS, ResultCategory):
        labels = accepted(enum)
        assert len(labels) == len(set(labels))
        assert all(isinstance(enum.parse(label), Enum) for label in labels)
