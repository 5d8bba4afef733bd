"""The one way an enum of the model reads its labels and its column codes.

Each labelled enum (:class:`~jointcheck.model.RiskTier`, :class:`~jointcheck.model.SubjectKind`,
:class:`~jointcheck.model.OperatingStatus`, :class:`~jointcheck.model.ResultCategory`) keeps a
:class:`LabelTable` and exposes ``parse`` (a label) and, where it has column codes,
``from_code`` (a small integer). The readers in :mod:`jointcheck.io`, ``Population.from_arrays``
and the pydantic models all call those two, so a label one accepts the others accept too.
"""

from __future__ import annotations

import operator
from collections.abc import Mapping, Sequence
from enum import Enum
from typing import Generic, TypeVar

from jointcheck._internal.text import shorten
from jointcheck.errors import UnknownLabelError

__all__ = ["LabelTable"]

_E = TypeVar("_E", bound=Enum)


class LabelTable(Generic[_E]):
    """The accepted labels of one enum: member names in any case plus the words given.

    Args:
        enum: The enum class.
        words: Extra labels per member (Chinese names, letters, synonyms).
        field: The field name errors report (``tier``, ``kind``…).
        what: How messages call a value (``risk tier``).
    """

    def __init__(
        self, enum: type[_E], words: Mapping[_E, Sequence[str]], *, field: str, what: str
    ) -> None:
        self.enum = enum
        self.field = field
        self.what = what
        self.by_label: dict[str, _E] = {}
        for member in enum:
            for word in (*words.get(member, ()), str(member.value)):
                known = self.by_label.setdefault(word, member)
                if known is not member:  # pragma: no cover - a table error, caught by the tests
                    raise AssertionError(f"label {word!r} names both {known} and {member}")
        self.members: tuple[_E, ...] = tuple(enum)

    @property
    def accepted(self) -> tuple[str, ...]:
        """Every accepted label, in table order."""
        return tuple(self.by_label)

    def parse(self, label: object, *, aliases: Mapping[str, _E] | None = None) -> _E:
        """The member ``label`` names; a member is returned as it is.

        Raises:
            UnknownLabelError: ``label`` is not text, is blank, or is no accepted label.
        """
        if isinstance(label, self.enum):
            return label
        if not isinstance(label, str):
            raise UnknownLabelError(
                f"{self.what} {shorten(label)} is a {type(label).__name__}, not a label; write "
                f"one of: {', '.join(self.accepted)}",
                value=label,
                accepted=self.accepted,
                field=self.field,
            )
        key = label.strip()
        if aliases and key in aliases:
            return aliases[key]
        found = self.by_label.get(key) or self.by_label.get(key.upper())
        if found is None:
            accepted = self.accepted + tuple(aliases or ())
            blank = "is empty" if not key else "is not known"
            raise UnknownLabelError(
                f"{self.what} label {shorten(label)} {blank}; accepted: {', '.join(accepted)}",
                value=label,
                accepted=accepted,
                field=self.field,
            )
        return found

    def from_code(self, code: object) -> _E:
        """The member whose column code (its position in the enum) is ``code``.

        Raises:
            UnknownLabelError: ``code`` is not an integer (a bool or a float is not a code),
                or is out of range.
        """
        try:
            if isinstance(code, bool):
                raise TypeError
            number = operator.index(code)  # type: ignore[arg-type]
            if not 0 <= number < len(self.members):
                raise IndexError
        except (TypeError, IndexError) as exc:
            listed = ", ".join(f"{i} ({m.name})" for i, m in enumerate(self.members))
            reason = (
                f"is a {type(code).__name__}, not an integer code"
                if isinstance(exc, TypeError)
                else "is out of range"
            )
            raise UnknownLabelError(
                f"{self.what} code {shorten(code)} {reason}; the codes are {listed}",
                value=code,
                accepted=tuple(str(i) for i in range(len(self.members))),
                field=self.field,
            ) from None
        return self.members[number]
