"""The base of every jointcheck model: frozen, no extra fields, jointcheck errors."""

from __future__ import annotations

import functools
import types
import typing
from collections.abc import Callable
from decimal import Decimal, InvalidOperation
from typing import Annotated, Any, TypeVar

import pydantic
from pydantic import AfterValidator, BaseModel, ConfigDict, model_validator

from jointcheck._internal.text import shorten
from jointcheck.errors import ModelValidationError

__all__ = [
    "DECIMAL_DIGITS",
    "DECIMAL_EXPONENT",
    "check_decimal",
    "FrozenModel",
    "NonEmptyStr",
    "SortedUniqueStrs",
    "model_error",
]

DECIMAL_DIGITS = 40
"""Most significant digits a decimal field accepts (a ratio needs a handful)."""

DECIMAL_EXPONENT = 40
"""Largest power of ten, either way, a decimal field accepts: ``1e-99999999`` is refused
before any arithmetic (an exact fraction of it would take hours)."""

_M = TypeVar("_M", bound="FrozenModel")


def _strip_prefix(message: str) -> str:
    for prefix in ("Value error, ", "Assertion failed, "):
        if message.startswith(prefix):
            return message[len(prefix) :]
    return message


def model_error(exc: pydantic.ValidationError, model: str) -> ModelValidationError:
    """Turn pydantic's ValidationError into a :class:`ModelValidationError` naming each field."""
    errors = [
        {"loc": tuple(e["loc"]), "msg": _strip_prefix(e["msg"]), "input": e.get("input")}
        for e in exc.errors(include_url=False)
    ]
    lines = []
    for e in errors:
        where = ".".join(str(p) for p in e["loc"]) or "(model)"
        shown = repr(e["input"])
        if len(shown) > 80:
            shown = shown[:77] + "..."
        lines.append(f"  {model}.{where}: {e['msg']} (got {shown})")
    count = len(errors)
    head = f"invalid {model}: {count} problem{'s' if count != 1 else ''}"
    first_input = errors[0]["input"] if errors else None
    return ModelValidationError(
        head + "\n" + "\n".join(lines), model=model, errors=errors, value=first_input
    )


class FrozenModel(BaseModel):
    """Immutable model that forbids unknown fields and raises :mod:`jointcheck.errors`.

    Construction, ``model_validate`` and ``model_validate_json`` raise
    :class:`~jointcheck.errors.ModelValidationError` (a ``ValueError``) whose message
    names every offending field, its value and what is allowed; pydantic's original
    error is kept as ``__cause__``.
    """

    model_config = ConfigDict(frozen=True, extra="forbid", validate_default=True)

    def __init__(self, /, **data: Any) -> None:
        try:
            super().__init__(**data)
        except pydantic.ValidationError as exc:
            raise model_error(exc, type(self).__name__) from exc

    # Marks this __init__ as a plain base initialiser, so pydantic keeps validating nested
    # models itself (and keeps the validation context) instead of calling __init__.
    __init__.__pydantic_base_init__ = True  # type: ignore[attr-defined]

    @model_validator(mode="before")
    @classmethod
    def _numbers_are_numbers(cls, data: Any) -> Any:
        """Numbers are numbers (not bools, not texts; whole numbers are not decimals), and decimals
        stay small: checked before pydantic would coerce ``"20"`` or ``2.0`` into ``20``."""
        if not isinstance(data, dict):
            return data
        kinds = _numeric_fields(cls)
        for name, value in data.items():
            kind = kinds.get(name) if isinstance(name, str) else None
            if kind is None:
                continue
            if isinstance(value, bool):
                raise ValueError(
                    f"{name} must be a number, not a boolean ({value}); write the number"
                )
            if kind in (int, float) and isinstance(value, str):
                raise ValueError(
                    f"{name} must be a number, not the text {shorten(value, limit=40)}; "
                    "write the number itself (no quotes)"
                )
            if kind is int and isinstance(value, float):
                raise ValueError(
                    f"{name} must be a whole number, not the decimal {value!r}; "
                    "write a whole number"
                )
            if kind is Decimal and isinstance(value, (str, Decimal, float)):
                check_decimal(name, value)
        return data

    @classmethod
    def model_validate(cls: type[_M], obj: Any, *args: Any, **kwargs: Any) -> _M:
        return _call(cls, super().model_validate, obj, *args, **kwargs)

    @classmethod
    def model_validate_json(cls: type[_M], json_data: Any, *args: Any, **kwargs: Any) -> _M:
        return _call(cls, super().model_validate_json, json_data, *args, **kwargs)


def _number_kind(annotation: Any) -> type | None:
    """``int``, ``float`` or ``Decimal`` when the annotation is one of them (possibly
    optional or annotated), else None."""
    if annotation in (int, float, Decimal):
        return annotation  # type: ignore[no-any-return]
    origin = typing.get_origin(annotation)
    if origin is Annotated:
        return _number_kind(typing.get_args(annotation)[0])
    if origin in (typing.Union, types.UnionType):
        kinds = {_number_kind(a) for a in typing.get_args(annotation) if a is not type(None)}
        return kinds.pop() if len(kinds) == 1 else None
    return None


@functools.cache
def _numeric_fields(cls: type[BaseModel]) -> dict[str, type]:
    found: dict[str, type] = {}
    for name, info in cls.model_fields.items():
        kind = _number_kind(info.annotation)
        if kind is not None:
            found[name] = kind
            if info.alias:
                found[info.alias] = kind
    return found


def check_decimal(name: str, value: str | Decimal | float) -> None:
    """Refuse (``ValueError``) a decimal with more than :data:`DECIMAL_DIGITS` digits or a
    magnitude beyond ``1e±DECIMAL_EXPONENT``: arithmetic on it could take hours."""
    text = value if isinstance(value, str) else str(value)
    if len(text) > 4 * DECIMAL_DIGITS:
        raise ValueError(
            f"{name} {text[:20]!r}… is {len(text):,} characters long; a decimal here has at "
            f"most {DECIMAL_DIGITS} digits"
        )
    try:
        number = value if isinstance(value, Decimal) else Decimal(text.strip())
    except InvalidOperation:
        return  # not a number at all: pydantic says so
    if not number.is_finite():
        return  # pydantic refuses infinities and NaN with its own message
    digits = len(number.as_tuple().digits)
    if digits > DECIMAL_DIGITS or abs(number.adjusted()) > DECIMAL_EXPONENT:
        raise ValueError(
            f"{name} {text[:40]!r} is out of range: at most {DECIMAL_DIGITS} significant digits "
            f"and a magnitude from 1e-{DECIMAL_EXPONENT} to 1e{DECIMAL_EXPONENT}"
        )


def _call(cls: type[_M], method: Callable[..., _M], *args: Any, **kwargs: Any) -> _M:
    try:
        return method(*args, **kwargs)
    except pydantic.ValidationError as exc:
        raise model_error(exc, cls.__name__) from exc


def _non_empty(value: str) -> str:
    if not value.strip():
        raise ValueError("must not be empty or blank")
    return value


def _sorted_unique(values: tuple[str, ...]) -> tuple[str, ...]:
    return tuple(sorted(set(values)))


NonEmptyStr = Annotated[str, AfterValidator(_non_empty)]
"""A string with at least one non-blank character."""

SortedUniqueStrs = Annotated[tuple[str, ...], AfterValidator(_sorted_unique)]
"""A tuple of strings stored sorted and without duplicates, so JSON output is canonical."""
