"""From the draw and the matcher's assignment to forms: thin adapters over their records."""

from __future__ import annotations

from collections.abc import Iterable

from jointcheck._internal.checked import checked
from jointcheck.errors import InspectionError
from jointcheck.forms._form import InspectionForm
from jointcheck.forms._section import applicable_items
from jointcheck.forms._team import FormTeam
from jointcheck.matching import Assignment
from jointcheck.model import Inspector, Plan, Subject
from jointcheck.sampling import Draw

__all__ = ["draw_reference", "drawn_subjects", "forms_from_assignment"]


@checked
def drawn_subjects(draw: Draw, subjects: Iterable[Subject]) -> tuple[Subject, ...]:
    """The subjects a draw selected (replacements applied), in the draw's order.

    Args:
        draw: The draw record (:class:`~jointcheck.sampling.Draw`).
        subjects: Subject models of the registry (at least every selected one).

    Raises:
        InspectionError: a selected code has no subject among ``subjects``.
    """
    by_code = {s.code: s for s in subjects}
    missing = [code for code in draw.selected if code not in by_code]
    if missing:
        raise InspectionError(
            f"{len(missing)} drawn code(s) have no subject among those given, e.g. "
            f"{missing[:3]}; pass the registry's subjects",
            field="subjects",
            value=missing,
        )
    return tuple(by_code[code] for code in draw.selected)


@checked
def draw_reference(draw: Draw) -> str:
    """A short audit reference of a draw for :meth:`PlanLedger.add_forms`: algorithm, seed,
    population digest and the record's digest."""
    return (
        f"{draw.algorithm}; seed {draw.seed!r}; population {draw.population_digest[:16]}; "
        f"draw {draw.digest()[:16]}"
    )


@checked
def forms_from_assignment(
    plan: Plan,
    task_id: str,
    subjects: Iterable[Subject],
    assignment: Assignment,
    *,
    inspectors: Iterable[Inspector] = (),
) -> tuple[InspectionForm, ...]:
    """One form per subject from the matcher's joint teams.

    Each department's members and specialists come from the subject's team in
    ``assignment``; with the inspector directory, names and 执法证号 are printed. A
    department none of whose check items applies to the subject (一企一表: tags) has no part
    on its form, so the members the matcher gave it for that subject are left off.

    Raises:
        InspectionError: the assignment has no team for a subject, or teams for subjects not
            given, or a form cannot be built (see :meth:`InspectionForm.build`).
    """
    task = plan.task(task_id)
    directory = list(inspectors)
    given = list(subjects)
    codes = {s.code for s in given}
    teams = {team.subject_code: team for team in assignment.teams}
    extra = sorted(set(teams) - codes)
    if extra:
        raise InspectionError(
            f"the assignment has teams for {len(extra)} subject(s) not given, e.g. {extra[:3]}; "
            "pass every drawn subject",
            field="subjects",
            value=extra,
        )
    forms = []
    for subject in given:
        team = teams.get(subject.code)
        if team is None:
            raise InspectionError(
                f"the assignment has no team for subject {subject.code!r}; match every drawn "
                "subject",
                field="assignment",
                value=subject.code,
            )
        parts = []
        for part in team.departments:
            if part.department_id not in task.department_ids:
                raise InspectionError(
                    f"the team of subject {subject.code!r} has members of department "
                    f"{part.department_id!r}, which has no check items in task {task_id!r}; "
                    "match with the task's requirements",
                    field="assignment",
                    value=part.department_id,
                )
            if applicable_items(task, part.department_id, subject):
                parts.append(
                    FormTeam.from_ids(
                        part.department_id,
                        part.members,
                        specialist_ids=part.specialists,
                        inspectors=directory,
                    )
                )
        forms.append(InspectionForm.build(plan, task_id, subject, parts))
    return tuple(forms)
