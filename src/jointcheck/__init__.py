"""jointcheck: 双随机、一公开 joint random inspections.

Exact sampling quotas, publicly verifiable draws, inspector teams that respect recusal
and team-size rules, working-day deadlines on China's official calendar, and one form per
subject (一企一表). See https://jointcheck.readthedocs.io for the guide.

The names here follow the flow: the plan and registry (:mod:`jointcheck.model`,
:class:`Population`), the draw of subjects (:mod:`jointcheck.sampling`), the draw of
inspectors into joint teams (:mod:`jointcheck.matching`), working days
(:mod:`jointcheck.workdays`), the form of each subject (:mod:`jointcheck.forms`) and the
round's records (:mod:`jointcheck.records`), plus every exception class of
:mod:`jointcheck.errors`. Everything else is imported from its subpackage, and only there.
"""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from jointcheck.errors import (
        CalendarCoverageError,
        CalendarDataError,
        CalendarFallbackWarning,
        CeremonyError,
        CreditCodeError,
        InfeasibleError,
        InspectionError,
        InvalidInputError,
        JointcheckError,
        JointcheckWarning,
        MissingExtraError,
        ModelValidationError,
        PlanTableError,
        PopulationError,
        RuleParseError,
        TaskCancelledError,
        UnknownIdError,
        UnknownLabelError,
    )
    from jointcheck.forms import (
        InspectionForm,
        InspectionResult,
        ItemFinding,
        ItemOutcome,
        Signature,
        forms_from_assignment,
    )
    from jointcheck.matching import (
        Assignment,
        ConflictRules,
        MatchProblem,
        MatchSubject,
        Recusal,
        RecusalReason,
        match,
        verify_assignment,
    )
    from jointcheck.model import (
        Certificate,
        CheckItem,
        DateWindow,
        Department,
        InspectionRecord,
        Inspector,
        Plan,
        ResultCategory,
        RiskTier,
        SamplingRule,
        Subject,
        SubjectKind,
        Task,
        TeamRequirement,
    )
    from jointcheck.population import Population
    from jointcheck.records import (
        PlanChange,
        PlanLedger,
        check_plan_timeline,
        coverage,
        disclosure_deadline,
        summarize,
        track_disclosure,
    )
    from jointcheck.sampling import (
        Announcement,
        Draw,
        GeneratorSampler,
        HashSampler,
        Reveal,
        Sampler,
        announce,
        commit,
        derive_seed,
        verify_draw,
    )
    from jointcheck.workdays import (
        ChinaCalendar,
        FixedCalendar,
        WorkdayCalendar,
        WorkingDays,
        deadline,
    )

_EXPORTS: dict[str, tuple[str, ...]] = {
    "jointcheck.errors": (
        "CalendarCoverageError",
        "CalendarDataError",
        "CalendarFallbackWarning",
        "CeremonyError",
        "CreditCodeError",
        "InfeasibleError",
        "InspectionError",
        "InvalidInputError",
        "JointcheckError",
        "JointcheckWarning",
        "MissingExtraError",
        "ModelValidationError",
        "PlanTableError",
        "PopulationError",
        "RuleParseError",
        "TaskCancelledError",
        "UnknownIdError",
        "UnknownLabelError",
    ),
    "jointcheck.forms": (
        "InspectionForm",
        "InspectionResult",
        "ItemFinding",
        "ItemOutcome",
        "Signature",
        "forms_from_assignment",
    ),
    "jointcheck.matching": (
        "Assignment",
        "ConflictRules",
        "MatchProblem",
        "MatchSubject",
        "Recusal",
        "RecusalReason",
        "match",
        "verify_assignment",
    ),
    "jointcheck.model": (
        "Certificate",
        "CheckItem",
        "DateWindow",
        "Department",
        "InspectionRecord",
        "Inspector",
        "Plan",
        "ResultCategory",
        "RiskTier",
        "SamplingRule",
        "Subject",
        "SubjectKind",
        "Task",
        "TeamRequirement",
    ),
    "jointcheck.population": ("Population",),
    "jointcheck.records": (
        "PlanChange",
        "PlanLedger",
        "check_plan_timeline",
        "coverage",
        "disclosure_deadline",
        "summarize",
        "track_disclosure",
    ),
    "jointcheck.sampling": (
        "Announcement",
        "Draw",
        "GeneratorSampler",
        "HashSampler",
        "Reveal",
        "Sampler",
        "announce",
        "commit",
        "derive_seed",
        "verify_draw",
    ),
    "jointcheck.workdays": (
        "ChinaCalendar",
        "FixedCalendar",
        "WorkdayCalendar",
        "WorkingDays",
        "deadline",
    ),
}
"""The top-level names, by the subpackage that defines them. They are imported on first use
(PEP 562), so ``import jointcheck`` and the ``jointcheck`` command start without loading
numpy, scipy or pydantic; the ``TYPE_CHECKING`` imports above give type checkers the same
names."""

_MODULE_OF = {name: module for module, names in _EXPORTS.items() for name in names}

__all__ = [
    "Announcement",
    "Assignment",
    "CalendarCoverageError",
    "CalendarDataError",
    "CalendarFallbackWarning",
    "CeremonyError",
    "Certificate",
    "CheckItem",
    "ChinaCalendar",
    "ConflictRules",
    "CreditCodeError",
    "DateWindow",
    "Department",
    "Draw",
    "FixedCalendar",
    "GeneratorSampler",
    "HashSampler",
    "InfeasibleError",
    "InspectionError",
    "InspectionForm",
    "InspectionRecord",
    "InspectionResult",
    "Inspector",
    "InvalidInputError",
    "ItemFinding",
    "ItemOutcome",
    "JointcheckError",
    "JointcheckWarning",
    "MatchProblem",
    "MatchSubject",
    "MissingExtraError",
    "ModelValidationError",
    "Plan",
    "PlanChange",
    "PlanLedger",
    "PlanTableError",
    "Population",
    "PopulationError",
    "Recusal",
    "RecusalReason",
    "ResultCategory",
    "Reveal",
    "RiskTier",
    "RuleParseError",
    "Sampler",
    "SamplingRule",
    "Signature",
    "Subject",
    "SubjectKind",
    "Task",
    "TaskCancelledError",
    "TeamRequirement",
    "UnknownIdError",
    "UnknownLabelError",
    "WorkdayCalendar",
    "WorkingDays",
    "__version__",
    "announce",
    "check_plan_timeline",
    "commit",
    "coverage",
    "deadline",
    "derive_seed",
    "disclosure_deadline",
    "forms_from_assignment",
    "match",
    "summarize",
    "track_disclosure",
    "verify_assignment",
    "verify_draw",
]


def __getattr__(name: str) -> Any:
    if name == "__version__":
        from importlib.metadata import PackageNotFoundError, version

        try:
            found = version("jointcheck")
        except PackageNotFoundError:  # pragma: no cover - running from a source tree
            found = "0.0.0+unknown"
        globals()["__version__"] = found
        return found
    module = _MODULE_OF.get(name)
    if module is None:
        raise AttributeError(f"module 'jointcheck' has no attribute {name!r}")
    value = getattr(importlib.import_module(module), name)
    globals()[name] = value
    return value


def __dir__() -> list[str]:
    return sorted({*globals(), *__all__, "__version__"})
