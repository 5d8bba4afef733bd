"""The base of every jointcheck model: frozen, no extra fields, jointcheck errors."""

from __future__ import annotations

from collections.abc import Callable
from typing import Annotated, Any, TypeVar

import pydantic
from pydantic import AfterValidator, BaseModel, ConfigDict

from jointcheck.errors import ModelValidationError

__all__ = ["FrozenModel", "NonEmptyStr", "SortedUniqueStrs", "model_error"]

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

    @classmethod
    def model_validate(cls: type[_M], obj: Any, *args: Any, **kwargs: Any) -> _M:
        return _call(cls, super().model_validate, obj, *args, **kwargs)

    @classmethod
    def model_validate_json(cls: type[_M], json_data: Any, *args: Any, **kwargs: Any) -> _M:
        return _call(cls, super().model_validate_json, json_data, *args, **kwargs)


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
