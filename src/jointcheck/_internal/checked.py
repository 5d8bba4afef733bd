"""``@checked``: a public function's arguments are checked against its annotations, so a
wrong type is an :class:`~jointcheck.errors.InvalidInputError` naming the argument, never a
raw ``TypeError`` or ``AttributeError`` from deep inside (and never a silent coercion: a
bool is not a number, a string is not a list, a datetime is not a date, text with a lone
surrogate is not text).

Checked: classes (``isinstance``; runtime-checkable protocols too), ``None``, unions,
``Literal``, ``Annotated``, and containers (``Iterable``, ``Sequence``, ``Mapping``, tuples,
lists): the container kind and each element (a one-shot iterator is read into a tuple, which
the function then receives; typed numpy columns are left to the function); an enum
parameter also takes the value of one of its members. Annotations that cannot
be resolved at run time (``TYPE_CHECKING`` imports, numpy's ``ArrayLike``) are not checked.
"""

from __future__ import annotations

import collections.abc as abc
import datetime as dt
import enum
import functools
import inspect
import sys
import types
import typing
from collections.abc import Callable
from typing import Any, TypeVar

import numpy as np

from jointcheck.errors import InvalidInputError

__all__ = ["checked"]

_F = TypeVar("_F", bound=Callable[..., Any])
_SKIP = object()
_CONTAINERS = {
    abc.Iterable, abc.Collection, abc.Sequence, abc.Set, list, tuple, set, frozenset,
}  # fmt: skip


class _MismatchError(Exception):
    def __init__(self, wanted: str, value: Any) -> None:
        super().__init__(wanted)
        self.wanted = wanted
        self.value = value


def _shown(value: Any) -> str:
    try:
        text = repr(value)
    except Exception:  # a value whose repr fails is shown by its type
        text = f"<{type(value).__name__}>"
    return text if len(text) <= 60 else text[:57] + "..."


def _name(tp: Any) -> str:
    return getattr(tp, "__name__", None) or str(tp).replace("typing.", "")


def _resolve(function: Callable[..., Any]) -> dict[str, Any]:
    """Each parameter's annotation, evaluated where that is possible (else skipped)."""
    module = sys.modules.get(function.__module__)
    namespace = dict(vars(module)) if module else {}
    hints: dict[str, Any] = {}
    for name, parameter in inspect.signature(function).parameters.items():
        annotation = parameter.annotation
        if annotation is inspect.Parameter.empty:
            continue
        if isinstance(annotation, str):
            try:
                annotation = eval(annotation, namespace)
            except Exception:
                continue
        hints[name] = annotation
    return hints


def _check(value: Any, tp: Any) -> Any:
    """``value`` (a one-shot iterator read into a tuple) if it fits ``tp``; else _MismatchError."""
    if tp is Any or tp is object or isinstance(tp, TypeVar):
        return value
    if tp is None or tp is type(None):
        if value is None:
            return value
        raise _MismatchError("None", value)
    origin = typing.get_origin(tp)
    args = typing.get_args(tp)
    if origin is typing.Annotated:
        return _check(value, args[0])
    if origin in (typing.Union, types.UnionType):
        options: list[str] = []
        for option in args:
            try:
                return _check(value, option)
            except _MismatchError as miss:
                options.append(miss.wanted)
        raise _MismatchError(" or ".join(dict.fromkeys(options)), value)
    if origin is typing.Literal:
        if any(value == a and type(value) is type(a) for a in args):
            return value
        raise _MismatchError("one of " + ", ".join(map(repr, args)), value)
    if origin in (abc.Mapping, dict):
        wanted = f"map {_name(args[0])} to {_name(args[1])}" if args else "map keys to values"
        if not isinstance(value, abc.Mapping):
            raise _MismatchError(f"{wanted} (a mapping)", value)
        if args:
            for key, item in value.items():
                try:
                    _check(key, args[0])
                    _check(item, args[1])
                except _MismatchError as miss:
                    raise _MismatchError(
                        f"{wanted} (at key {_shown(key)}: {miss.wanted})", value
                    ) from None
        return value
    if origin in _CONTAINERS:
        return _container(value, tp, origin, args)
    if origin is abc.Callable:
        if callable(value):
            return value
        raise _MismatchError("a function", value)
    if origin is not None or not isinstance(tp, type):
        return value  # not checked: generics we do not model, forward references
    return _instance(value, tp)


def _container(value: Any, tp: Any, origin: Any, args: tuple[Any, ...]) -> Any:
    if isinstance(value, (str, bytes)) or not isinstance(value, abc.Iterable):
        raise _MismatchError(f"a {_name(origin).lower()} ({_name(tp)}), not a single value", value)
    if isinstance(value, np.ndarray) and value.dtype != object:
        return value  # a typed column: the function reads its dtype
    if (
        origin in (abc.Sequence, list, tuple)
        and not isinstance(value, abc.Sequence)
        and (origin is abc.Sequence or not isinstance(value, abc.Iterator))
    ):
        raise _MismatchError(f"a sequence ({_name(tp)})", value)
    items = value if isinstance(value, abc.Collection) else tuple(value)
    element: Any = _SKIP
    if origin is tuple:
        if len(args) == 2 and args[1] is Ellipsis:
            element = args[0]
        elif args:
            if len(items) != len(args):
                raise _MismatchError(f"a tuple of {len(args)} ({_name(tp)})", value)
            for item, kind in zip(items, args, strict=True):
                _check(item, kind)
            return items
    elif args:
        element = args[0]
    if element is not _SKIP:
        for item in items:
            _check(item, element)
    return items


def _instance(value: Any, tp: type) -> Any:
    if tp is bool:
        if isinstance(value, (bool, np.bool_)):
            return value
        raise _MismatchError("True or False", value)
    if isinstance(value, (bool, np.bool_)) and tp in (int, float):
        raise _MismatchError(f"a number ({tp.__name__}), not a boolean", value)
    if tp is float and isinstance(value, (int, np.integer, np.floating)):
        return value
    if tp is int and isinstance(value, np.integer):
        return value
    if tp is str and isinstance(value, str):
        try:
            value.encode("utf-8")
        except UnicodeEncodeError:
            raise _MismatchError("text (valid Unicode: no lone surrogates)", value) from None
        return value
    if tp is dt.date and isinstance(value, dt.datetime):
        raise _MismatchError("a date (datetime.date), not a datetime", value)
    if issubclass(tp, enum.Enum) and isinstance(value, str):
        if value in tp._value2member_map_:
            return value
        accepted = ", ".join(str(m.value) for m in tp)
        raise _MismatchError(f"a {tp.__name__} ({accepted})", value)
    try:
        fits = isinstance(value, tp)
    except TypeError:  # a protocol that is not runtime-checkable
        return value
    if fits:
        return value
    article = "an" if tp.__name__[:1] in "AEIOUaeiou" else "a"
    raise _MismatchError(f"{article} {tp.__name__}", value)


def checked(function: _F) -> _F:
    """Check ``function``'s arguments against its annotations on every call."""
    signature = inspect.signature(function)
    variadic = {
        name
        for name, p in signature.parameters.items()
        if p.kind in (inspect.Parameter.VAR_POSITIONAL, inspect.Parameter.VAR_KEYWORD)
    }
    hints: dict[str, Any] | None = None

    @functools.wraps(function)
    def wrapper(*args: Any, **kwargs: Any) -> Any:
        nonlocal hints
        if hints is None:
            hints = {k: v for k, v in _resolve(function).items() if k not in variadic}
        try:
            bound = signature.bind(*args, **kwargs)
        except TypeError as exc:
            raise InvalidInputError(
                f"{function.__name__}(): {exc}", field=function.__name__, value=None
            ) from None
        for name, value in bound.arguments.items():
            tp = hints.get(name)
            if tp is None:
                continue
            try:
                bound.arguments[name] = _check(value, tp)
            except _MismatchError as miss:
                raise InvalidInputError(
                    f"{function.__name__}(): {name} must "
                    f"{'' if miss.wanted.startswith('map ') else 'be '}{miss.wanted}, got "
                    f"{type(miss.value).__name__} {_shown(miss.value)}",
                    field=name,
                    value=_shown(miss.value),
                ) from None
        return function(*bound.args, **bound.kwargs)

    return typing.cast(_F, wrapper)
