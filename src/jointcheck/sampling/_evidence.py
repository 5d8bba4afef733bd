"""Evidence of exclusions and replacements: what the registry or the records can confirm,
and what is only declared (声明事项，无法核验).

* a STATUS exclusion is checked against the registry's status column;
* a RECENTLY_INSPECTED exclusion is checked against the inspection records, whose digest
  (:func:`inspections_digest`) the announcement carries;
* a replacement whose ``status`` is given is checked against the registry;
* everything else (closed on site, refused entry, out of scope, a frequency cap) is a fact
  only the confirmation or the visit establishes: :func:`declared_facts` lists it.
"""

from __future__ import annotations

import datetime as dt
import hashlib
from collections.abc import Iterable, Sequence

import numpy as np
from pydantic import Field

from jointcheck._internal.checked import checked
from jointcheck.model import FrozenModel, InspectionRecord, OperatingStatus
from jointcheck.population import Population
from jointcheck.sampling._draw import Draw, ExclusionReason, SubjectExclusion

__all__ = [
    "DeclaredFact",
    "HistoryEntry",
    "as_records",
    "declared_facts",
    "exclusion_evidence_problems",
    "inspections_digest",
    "replacement_evidence_problems",
]

_STATUSES = tuple(OperatingStatus)

HistoryEntry = InspectionRecord | tuple[str, str, dt.date]
"""An inspection record, or ``(subject code, department id, day)``."""


def as_records(history: Iterable[HistoryEntry]) -> tuple[InspectionRecord, ...]:
    """Inspection records from models or ``(code, department_id, day)`` tuples."""
    return tuple(
        entry
        if isinstance(entry, InspectionRecord)
        else InspectionRecord(subject_code=entry[0], department_id=entry[1], day=entry[2])
        for entry in history
    )


class DeclaredFact(FrozenModel):
    """A claim in a record that neither the registry nor the records can confirm."""

    what: str = Field(description="What is claimed, e.g. 'exclusion OUT_OF_SCOPE (3 subjects)'")
    code: str | None = Field(default=None, description="Subject concerned, if one")
    why: str = Field(description="Why it cannot be checked")

    def __str__(self) -> str:
        return f"{self.what}: {self.why}"


@checked
def inspections_digest(records: Iterable[HistoryEntry]) -> str:
    """SHA-256 (hex) of inspection records, independent of their order and repeats.

    ``SHA-256("jointcheck-inspections-v1\\n" + the records' JSON, sorted, one per line)``.
    """
    lines = sorted({r.model_dump_json() for r in as_records(records)})
    text = "jointcheck-inspections-v1\n" + "\n".join(lines)
    return hashlib.sha256(text.encode()).hexdigest()


def _shown(codes: Sequence[str]) -> str:
    more = f" (and {len(codes) - 5} more)" if len(codes) > 5 else ""
    return ", ".join(codes[:5]) + more


def _status_problem(exclusion: SubjectExclusion, population: Population) -> str | None:
    wanted = np.isin(population.statuses, [s.code for s in exclusion.statuses])
    expected = set(population.codes[wanted].astype("U18").tolist())
    recorded = set(exclusion.codes)
    extra = sorted(recorded - expected)
    missing = sorted(expected - recorded)
    labels = "、".join(s.label for s in exclusion.statuses)
    parts = []
    if extra:
        parts.append(
            f"{len(extra)} excluded code(s) whose registry status is not {labels}: {_shown(extra)}"
        )
    if missing:
        parts.append(f"{len(missing)} code(s) with status {labels} not excluded: {_shown(missing)}")
    return "; ".join(parts) or None


def _recent_problem(
    exclusion: SubjectExclusion, population: Population, records: Sequence[InspectionRecord]
) -> str | None:
    window = exclusion.window
    assert window is not None
    inspected = sorted(
        {
            r.subject_code
            for r in records
            if r.department_id == exclusion.department_id and window.start <= r.day <= window.end
        }
    )
    known = [c for c in inspected if len(c) <= 18 and c.isascii()]
    positions = population.positions(np.array(known, dtype="U18")) if known else np.empty(0, int)
    expected = {c for c, p in zip(known, positions.tolist(), strict=True) if p >= 0}
    recorded = set(exclusion.codes)
    extra = sorted(recorded - expected)
    missing = sorted(expected - recorded)
    parts = []
    if extra:
        parts.append(
            f"{len(extra)} excluded code(s) with no inspection by {exclusion.department_id} from "
            f"{window.start} to {window.end} in the records: {_shown(extra)}"
        )
    if missing:
        parts.append(
            f"{len(missing)} code(s) inspected in that window not excluded: {_shown(missing)}"
        )
    return "; ".join(parts) or None


def exclusion_evidence_problems(
    exclusions: Sequence[SubjectExclusion],
    population: Population,
    inspections: Sequence[InspectionRecord] | None,
) -> list[tuple[SubjectExclusion, str]]:
    """Each checkable exclusion that its evidence contradicts, with what is wrong."""
    found: list[tuple[SubjectExclusion, str]] = []
    for exclusion in exclusions:
        problem = None
        if exclusion.reason is ExclusionReason.STATUS and exclusion.statuses:
            problem = _status_problem(exclusion, population)
        elif (
            exclusion.reason is ExclusionReason.RECENTLY_INSPECTED
            and exclusion.window is not None
            and exclusion.department_id is not None
            and inspections is not None
        ):
            problem = _recent_problem(exclusion, population, inspections)
        if problem:
            found.append((exclusion, problem))
    return found


def replacement_evidence_problems(draw: Draw, population: Population) -> list[tuple[int, str]]:
    """Each replacement (1-based number) whose claimed registry status the registry contradicts."""
    found: list[tuple[int, str]] = []
    for number, replacement in enumerate(draw.replacements, start=1):
        if replacement.status is None:
            continue
        code = replacement.removed
        if not (len(code) <= 18 and code.isascii() and code.isalnum()):
            continue  # not a subject code: the replacement checks report it
        position = population.positions(np.array([code], dtype="U18"))[0]
        if position < 0:
            continue  # an unknown code is reported by the replacement checks
        actual = _STATUSES[int(population.statuses[position])]
        if actual is not replacement.status:
            found.append(
                (
                    number,
                    f"replacement {number} removes {replacement.removed} because "
                    f"{replacement.reason!r} ({replacement.status.value}, "
                    f"{replacement.status.label}); the registry drawn from says "
                    f"{actual.value} ({actual.label})",
                )
            )
    return found


@checked
def declared_facts(
    draw: Draw, *, inspections: Iterable[HistoryEntry] | None = None
) -> tuple[DeclaredFact, ...]:
    """The exclusions and replacements of ``draw`` that no registry or record can confirm.

    Verification does not pass these silently: an audit lists them as declared, not
    verifiable, so a reader sees how much of the record rests on someone's word.
    """
    facts: list[DeclaredFact] = []
    for exclusion in draw.exclusions:
        what = f"exclusion {exclusion.reason.value} ({len(exclusion.codes)} subjects)"
        if exclusion.reason is ExclusionReason.STATUS:
            if not exclusion.statuses:
                facts.append(DeclaredFact(what=what, why="no registration statuses recorded"))
        elif exclusion.reason is ExclusionReason.RECENTLY_INSPECTED:
            if exclusion.window is None or exclusion.department_id is None:
                facts.append(DeclaredFact(what=what, why="no department and window recorded"))
            elif inspections is None:
                facts.append(DeclaredFact(what=what, why="the inspection records were not given"))
        else:
            facts.append(
                DeclaredFact(
                    what=what,
                    why="a per-task decision the registry does not hold"
                    + (f": {exclusion.detail}" if exclusion.detail else ""),
                )
            )
    for number, replacement in enumerate(draw.replacements, start=1):
        if replacement.status is None:
            facts.append(
                DeclaredFact(
                    what=f"replacement {number} ({replacement.reason})",
                    code=replacement.removed,
                    why="found at the confirmation or the visit; no registry status is claimed",
                )
            )
    return tuple(facts)
