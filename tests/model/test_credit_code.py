import pytest
from hypothesis import given
from hypothesis import strategies as st

from jointcheck._internal.credit_code import CHARSET
from jointcheck.errors import CreditCodeError, ModelValidationError
from jointcheck.model import (
    Subject,
    credit_code_check_character,
    is_valid_credit_code,
    validate_credit_code,
)
from jointcheck.strategies import credit_codes

REAL_CODES = [
    "91350200776049653A",
    "91350503MA31DKY80A",
    "91350200MA31E12PXF",
    "91440101MA5CJQ4N59",
    "9135021359498494XQ",
    "123502001549897397",
]
PILOT_CODES_FAILING_CHECKSUM = ["91350100M0001TGQXM", "91350211M0000XUF46", "91350203M0001QAY9B"]


@pytest.mark.parametrize("code", REAL_CODES)
def test_real_codes_validate(code: str) -> None:
    assert validate_credit_code(code) == code
    assert credit_code_check_character(code[:17]) == code[17]


def test_wrong_check_character_names_the_expected_one() -> None:
    with pytest.raises(CreditCodeError) as info:
        validate_credit_code("91350200776049653B")
    assert info.value.expected == "A"
    assert "expected 'A'" in str(info.value)
    assert info.value.value == "91350200776049653B"


@pytest.mark.parametrize(
    ("code", "fragment"),
    [
        ("9135020077604965", "18 characters"),
        ("91350200776049653I", "outside"),
        ("9135A200776049653A", "positions 3–8"),
    ],
)
def test_malformed_codes_say_why(code: str, fragment: str) -> None:
    with pytest.raises(CreditCodeError, match=fragment):
        validate_credit_code(code)


@pytest.mark.parametrize("code", PILOT_CODES_FAILING_CHECKSUM)
def test_pilot_codes_need_lenient_mode(code: str) -> None:
    assert not is_valid_credit_code(code)
    assert validate_credit_code(code, lenient=True) == code
    data = {"code": code, "name": "厦门某公司", "jurisdiction": "350200"}
    with pytest.raises(ModelValidationError, match="expected"):
        Subject.model_validate(data)
    assert Subject.model_validate(data, context={"lenient_credit_codes": True}).code == code


def test_subject_accepts_a_legacy_registration_number() -> None:
    subject = Subject(code="152201000012345", name="乌兰浩特某店", jurisdiction="152201")
    assert subject.code == "152201000012345"


@given(credit_codes())
def test_generated_codes_validate(code: str) -> None:
    assert is_valid_credit_code(code)


@given(credit_codes(), st.integers(0, 17), st.sampled_from(CHARSET + "IOSVZa-"))
def test_changing_any_one_character_is_rejected(code: str, position: int, char: str) -> None:
    changed = code[:position] + char + code[position + 1 :]
    if changed == code:
        return
    assert not is_valid_credit_code(changed)
