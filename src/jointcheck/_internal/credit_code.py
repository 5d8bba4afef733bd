"""统一社会信用代码 (unified social credit code), GB 32100-2015."""

from __future__ import annotations

import re
from typing import Annotated, Any

from pydantic import AfterValidator, ValidationInfo, WithJsonSchema

from jointcheck._internal.checked import checked
from jointcheck.errors import CreditCodeError

__all__ = [
    "CHARSET",
    "LEGACY_REGISTRATION_NUMBER",
    "WEIGHTS",
    "CreditCode",
    "SubjectCode",
    "credit_code_check_character",
    "is_valid_credit_code",
    "validate_credit_code",
    "validate_subject_code",
]

CHARSET = "0123456789ABCDEFGHJKLMNPQRTUWXY"
"""The 31 characters of GB 32100-2015 (no I, O, S, V, Z), valued 0–30 in this order."""

WEIGHTS = (1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28)
"""Weights of positions 1–17 (3**(i-1) mod 31)."""

LEGACY_REGISTRATION_NUMBER = re.compile(r"\A[0-9]{15}\Z")
"""A 15-digit 注册号, the identifier older records carry instead of a credit code."""

_VALUE = {ch: i for i, ch in enumerate(CHARSET)}
_SHAPE = re.compile(r"\A[0-9A-HJ-NPQRTUWXY]{2}[0-9]{6}[0-9A-HJ-NPQRTUWXY]{10}\Z")
_PATTERN = r"^[0-9A-HJ-NPQRTUWXY]{2}[0-9]{6}[0-9A-HJ-NPQRTUWXY]{10}$"
LENIENT_CONTEXT_KEY = "lenient_credit_codes"


@checked
def credit_code_check_character(first17: str) -> str:
    """The check character (position 18) for the first 17 characters of a credit code.

    Examples:
        >>> credit_code_check_character("91350200776049653")
        'A'
    """
    if len(first17) != 17 or any(ch not in _VALUE for ch in first17):
        raise CreditCodeError(
            f"credit code prefix {first17!r} must be 17 characters from {CHARSET}",
            value=first17,
            field="code",
        )
    total = sum(_VALUE[ch] * w for ch, w in zip(first17, WEIGHTS, strict=True))
    return CHARSET[(31 - total % 31) % 31]


@checked
def validate_credit_code(code: str, *, lenient: bool = False, field: str = "code") -> str:
    """Return ``code`` if it is a valid 统一社会信用代码, else raise :class:`CreditCodeError`.

    With ``lenient=True`` a wrong check character is accepted (some early pilot codes,
    e.g. Xiamen's ``91350100M0001TGQXM``, fail the checksum although they were issued);
    the shape is still enforced.
    """
    if not isinstance(code, str) or len(code) != 18:
        raise CreditCodeError(
            f"{field} {code!r} is not a credit code: 18 characters are required "
            f"(got {len(code) if isinstance(code, str) else type(code).__name__})",
            value=code,
            field=field,
        )
    if not _SHAPE.match(code):
        bad = [f"{i + 1}:{ch!r}" for i, ch in enumerate(code) if ch not in _VALUE]
        detail = (
            f"characters outside {CHARSET} at positions {', '.join(bad)}"
            if bad
            else "positions 3–8 must be digits (the administrative division code)"
        )
        raise CreditCodeError(
            f"{field} {code!r} is not a credit code: {detail}", value=code, field=field
        )
    expected = credit_code_check_character(code[:17])
    if code[17] != expected and not lenient:
        raise CreditCodeError(
            f"{field} {code!r} fails the GB 32100-2015 check: check character is "
            f"{code[17]!r}, expected {expected!r}",
            value=code,
            field=field,
            expected=expected,
        )
    return code


@checked
def is_valid_credit_code(code: str) -> bool:
    """Whether ``code`` is a 统一社会信用代码 with a correct check character."""
    try:
        validate_credit_code(code)
    except CreditCodeError:
        return False
    return True


@checked
def validate_subject_code(code: str, *, lenient: bool = False, field: str = "code") -> str:
    """Accept a credit code (18 characters) or a legacy 15-digit 注册号."""
    if isinstance(code, str) and LEGACY_REGISTRATION_NUMBER.match(code):
        return code
    return validate_credit_code(code, lenient=lenient, field=field)


def _lenient(info: ValidationInfo) -> bool:
    context: Any = info.context
    return bool(isinstance(context, dict) and context.get(LENIENT_CONTEXT_KEY))


def _check_credit_code(value: str, info: ValidationInfo) -> str:
    try:
        return validate_credit_code(value, lenient=_lenient(info))
    except CreditCodeError as exc:
        raise ValueError(exc.message) from None


def _check_subject_code(value: str, info: ValidationInfo) -> str:
    try:
        return validate_subject_code(value, lenient=_lenient(info))
    except CreditCodeError as exc:
        raise ValueError(exc.message) from None


CreditCode = Annotated[
    str,
    AfterValidator(_check_credit_code),
    WithJsonSchema(
        {
            "type": "string",
            "pattern": _PATTERN,
            "description": "统一社会信用代码 (GB 32100-2015), 18 characters with check character",
        }
    ),
]
"""A validated 统一社会信用代码. Pass ``context={"lenient_credit_codes": True}`` to
``model_validate`` to accept codes whose check character is wrong."""

SubjectCode = Annotated[
    str,
    AfterValidator(_check_subject_code),
    WithJsonSchema(
        {
            "type": "string",
            "pattern": r"^([0-9]{15}|[0-9A-HJ-NPQRTUWXY]{2}[0-9]{6}[0-9A-HJ-NPQRTUWXY]{10})$",
            "description": "统一社会信用代码 (18 characters, GB 32100-2015) or legacy 15-digit 注册号",
        }
    ),
]
"""A subject identifier: a validated credit code or a legacy 15-digit 注册号."""
