"""Every subject's joint team as columns: one read-only sequence of :class:`Team` records,
each made when it is read.

A province's matching has hundreds of thousands of teams. Kept as one record per team, they
are about four objects each that Python's cyclic garbage collector counts and walks, again
and again, while the caller's program runs; as columns (the subject codes, the jurisdictions
and, per department, its distinct parts and one small integer per team) they are a handful.
"""

from __future__ import annotations

import operator
import weakref
from collections.abc import Iterable, Iterator, Sequence
from typing import Any, SupportsIndex, overload

import numpy as np
import numpy.typing as npt
from pydantic import GetCoreSchemaHandler
from pydantic_core import core_schema

from jointcheck._internal.text import shorten
from jointcheck.errors import InvalidInputError
from jointcheck.matching._team import DepartmentTeam, Team, trusted

__all__ = ["TeamTable", "department_parts"]

PartIndex = npt.NDArray[np.int32]
"""Per team, the position of its part in a department column's distinct parts (-1: none)."""

_ABSENT = -1
_SET = object.__setattr__
_NEW = object.__new__


def department_parts(
    department_id: str,
    units: Sequence[tuple[str, ...]],
    members: Sequence[tuple[str, ...]],
    specialists: Sequence[tuple[str, ...]],
) -> tuple[tuple[DepartmentTeam, ...], PartIndex]:
    """One department's distinct parts of the teams and, per subject (in subject order), the
    position of its part among them, built as :func:`trusted` builds (the ids come from the
    validated problem, sorted).

    Identical parts (same units, members and specialists, common in unit pools) are one
    immutable record, found without a key object per subject.
    """
    shared: dict[tuple[str, ...], dict[Any, int]] = {}
    parts: list[DepartmentTeam] = []
    index: list[int] = []
    append = index.append
    for covering, team, extra in zip(units, members, specialists, strict=True):
        by_team = shared.get(covering)
        if by_team is None:
            by_team = shared[covering] = {}
        key = (team, extra) if extra else team  # a pair of tuples never equals a team of ids
        found = by_team.get(key)
        if found is None:
            found = by_team[key] = len(parts)
            parts.append(
                trusted(
                    DepartmentTeam,
                    {
                        "department_id": department_id,
                        "units": covering,
                        "members": team,
                        "specialists": extra,
                    },
                )
            )
        append(found)
    return tuple(parts), np.array(index, dtype=np.int32)


class TeamTable(Sequence[Team]):
    """One joint team per subject, held as columns; an immutable sequence of :class:`Team`.

    ``table[i]``, iteration, slicing, ``len``, ``in``, ``==`` and ``hash`` behave as on the
    tuple of teams it stands for (it equals that tuple, and a list of the same teams); each
    :class:`Team` is made when it is read, not kept. Validation of an
    :class:`~jointcheck.matching.Assignment` from JSON or from a tuple or list of teams
    builds one; its JSON is the array of teams.

    Args:
        subject_codes: Each team's subject, in order.
        jurisdictions: Each subject's jurisdiction (登记管辖), in the same order.
        departments: Per department place (the first, second, … part of every team): its
            distinct parts and, per team, the position of the team's part among them, or -1
            when the team has no part in that place (then none in any later place).

    Raises:
        InvalidInputError: Columns of different lengths, or a position out of range.
    """

    __slots__ = ("_alive", "_codes", "_departments", "_hash", "_jurisdictions")

    _codes: list[str]
    _jurisdictions: list[str]
    _departments: tuple[tuple[tuple[DepartmentTeam, ...], PartIndex], ...]
    _hash: int | None
    _alive: weakref.WeakValueDictionary[int, Team]

    def __init__(
        self,
        *,
        subject_codes: Iterable[str],
        jurisdictions: Iterable[str],
        departments: Iterable[tuple[Sequence[DepartmentTeam], npt.ArrayLike]],
    ) -> None:
        codes, places = list(subject_codes), list(jurisdictions)
        if len(places) != len(codes):
            raise InvalidInputError(
                f"TeamTable.jurisdictions has {len(places):,} entries; one per subject code "
                f"({len(codes):,}) is allowed",
                field="jurisdictions",
                value=len(places),
            )
        columns = []
        previous: PartIndex | None = None
        for place, (parts, positions) in enumerate(departments):
            index = np.array(positions, dtype=np.int32).reshape(-1)
            distinct = tuple(parts)
            if len(index) != len(codes):
                raise InvalidInputError(
                    f"TeamTable.departments[{place}] has {len(index):,} positions; one per "
                    f"subject code ({len(codes):,}) is allowed",
                    field=f"departments[{place}]",
                    value=len(index),
                )
            bad = (index < _ABSENT) | (index >= len(distinct))
            if previous is not None:
                bad |= (index != _ABSENT) & (previous == _ABSENT)
            if bad.any():
                at = int(np.flatnonzero(bad)[0])
                raise InvalidInputError(
                    f"TeamTable.departments[{place}] gives team {at:,} the position "
                    f"{int(index[at])}; a position in 0..{len(distinct) - 1} of its "
                    f"{len(distinct):,} parts, or -1 (no part) when the place before is "
                    "also -1, is allowed",
                    field=f"departments[{place}]",
                    value=int(index[at]),
                )
            index.flags.writeable = False
            columns.append((distinct, index))
            previous = index
        self._init(codes, places, tuple(columns))

    def _init(
        self,
        codes: list[str],
        jurisdictions: list[str],
        departments: tuple[tuple[tuple[DepartmentTeam, ...], PartIndex], ...],
    ) -> None:
        _SET(self, "_codes", codes)
        _SET(self, "_jurisdictions", jurisdictions)
        _SET(self, "_departments", departments)
        _SET(self, "_hash", None)
        # The teams made and still held somewhere, so that reading a team twice while it is
        # held gives the same record (as a tuple does); none is kept for its own sake.
        _SET(self, "_alive", weakref.WeakValueDictionary())

    @classmethod
    def _of_columns(
        cls,
        codes: list[str],
        jurisdictions: list[str],
        departments: tuple[tuple[tuple[DepartmentTeam, ...], PartIndex], ...],
    ) -> TeamTable:
        """A table of columns already checked (a slice of a table)."""
        table: TeamTable = _NEW(cls)
        table._init(codes, jurisdictions, departments)
        return table

    @classmethod
    def from_teams(cls, teams: Iterable[Team]) -> TeamTable:
        """The table of ``teams`` (identical parts are kept once)."""
        codes: list[str] = []
        jurisdictions: list[str] = []
        found: list[dict[DepartmentTeam, int]] = []
        positions: list[list[int]] = []
        for n, team in enumerate(teams):
            codes.append(team.subject_code)
            jurisdictions.append(team.jurisdiction)
            parts = team.departments
            while len(found) < len(parts):
                found.append({})
                positions.append([_ABSENT] * n)
            for place, part in enumerate(parts):
                seen = found[place]
                at = seen.get(part)
                if at is None:
                    at = seen[part] = len(seen)
                positions[place].append(at)
            for place in range(len(parts), len(found)):
                positions[place].append(_ABSENT)
        return cls(
            subject_codes=codes,
            jurisdictions=jurisdictions,
            departments=[
                (tuple(seen), index) for seen, index in zip(found, positions, strict=True)
            ],
        )

    @property
    def subject_codes(self) -> tuple[str, ...]:
        """Each team's subject code, in order."""
        return tuple(self._codes)

    def __len__(self) -> int:
        return len(self._codes)

    def _team(
        self, i: int, columns: Sequence[tuple[tuple[DepartmentTeam, ...], PartIndex | list[int]]]
    ) -> Team:
        """Team ``i`` (``columns``: the department columns, positions as an array or list)."""
        team = self._alive.get(i)
        if team is not None:
            return team
        parts = []
        for distinct, index in columns:
            at = int(index[i])
            if at == _ABSENT:
                break
            parts.append(distinct[at])
        team = self._alive[i] = trusted(
            Team,
            {
                "subject_code": self._codes[i],
                "jurisdiction": self._jurisdictions[i],
                "departments": tuple(parts),
            },
        )
        return team

    @overload
    def __getitem__(self, key: SupportsIndex) -> Team: ...

    @overload
    def __getitem__(self, key: slice) -> TeamTable: ...

    def __getitem__(self, key: SupportsIndex | slice) -> Team | TeamTable:
        if isinstance(key, slice):
            return self._of_columns(
                self._codes[key],
                self._jurisdictions[key],
                tuple((distinct, index[key]) for distinct, index in self._departments),
            )
        i = operator.index(key)
        n = len(self._codes)
        if not -n <= i < n:
            raise IndexError(f"team index {i} out of range; -{n}..{n - 1} is allowed")
        return self._team(i % n, self._departments)

    def __iter__(self) -> Iterator[Team]:
        columns = [(distinct, index.tolist()) for distinct, index in self._departments]
        for i in range(len(self._codes)):
            yield self._team(i, columns)

    def __contains__(self, value: object) -> bool:
        if not isinstance(value, Team):
            return False
        code = value.subject_code
        return any(
            c == code and self._team(i, self._departments) == value
            for i, c in enumerate(self._codes)
        )

    def __eq__(self, other: object) -> bool:
        if isinstance(other, TeamTable):
            if self._codes != other._codes or self._jurisdictions != other._jurisdictions:
                return False
            if len(self._departments) == len(other._departments) and all(
                mine == theirs and np.array_equal(index, their_index)
                for (mine, index), (theirs, their_index) in zip(
                    self._departments, other._departments, strict=True
                )
            ):
                return True
            return all(a == b for a, b in zip(self, other, strict=True))
        if isinstance(other, tuple | list):
            return len(other) == len(self) and all(a == b for a, b in zip(self, other, strict=True))
        return NotImplemented

    def __ne__(self, other: object) -> bool:
        equal = self.__eq__(other)
        return equal if equal is NotImplemented else not equal

    def __hash__(self) -> int:
        # Equal to the hash of the tuple of teams it equals; made once (it never changes).
        if self._hash is None:
            _SET(self, "_hash", hash(tuple(self)))
        assert self._hash is not None
        return self._hash

    def __repr__(self) -> str:
        n = len(self._codes)
        if n <= 2:
            return f"TeamTable({tuple(self)!r})"
        departments = ", ".join(
            sorted({part.department_id for distinct, _ in self._departments for part in distinct})
        )
        return (
            f"TeamTable({n:,} teams of subjects {shorten(self._codes[0])} … "
            f"{shorten(self._codes[-1])}; departments {departments})"
        )

    def __setattr__(self, name: str, value: object) -> None:
        raise AttributeError(f"TeamTable is read-only; {name!r} cannot be set")

    def __delattr__(self, name: str) -> None:
        raise AttributeError(f"TeamTable is read-only; {name!r} cannot be deleted")

    def __reduce__(self) -> tuple[Any, ...]:
        return (
            _restore,
            (self._codes, self._jurisdictions, self._departments),
        )

    @classmethod
    def __get_pydantic_core_schema__(
        cls, source: Any, handler: GetCoreSchemaHandler
    ) -> core_schema.CoreSchema:
        """Validated as a tuple of :class:`Team` (the same JSON Schema), then made a table;
        a table given in Python passes as it is; serialized as the tuple of its teams."""
        teams = handler.generate_schema(tuple[Team, ...])
        from_teams = core_schema.no_info_after_validator_function(cls.from_teams, teams)
        return core_schema.json_or_python_schema(
            json_schema=from_teams,
            python_schema=core_schema.union_schema(
                [core_schema.is_instance_schema(cls), from_teams]
            ),
            serialization=core_schema.plain_serializer_function_ser_schema(
                tuple, return_schema=teams
            ),
        )


def _restore(
    codes: list[str],
    jurisdictions: list[str],
    departments: tuple[tuple[tuple[DepartmentTeam, ...], PartIndex], ...],
) -> TeamTable:
    """A table from its pickled columns."""
    return TeamTable(subject_codes=codes, jurisdictions=jurisdictions, departments=departments)
