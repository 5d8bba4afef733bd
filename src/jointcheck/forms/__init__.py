"""One form per subject (一企一表): each department's check items, team and result.

After the two draws (subjects, then inspectors), each drawn subject gets one
:class:`InspectionForm` combining every department's applicable check items
(:func:`applicable_items`) and teams (:class:`FormTeam`); :func:`forms_from_assignment`
builds them from a match. Each department's :class:`InspectionResult` (谁检查、谁录入、谁公示)
goes into its :class:`FormSection`, checked by :func:`check_result`; the subject signs the
form or its refusal is recorded (:class:`Signature`). A subject drawn by several tasks
whose windows overlap is visited once (进一次门、查多项事): :class:`JointVisitForm` merges
every task's items and teams; :class:`AdvanceNotice` tells the subject beforehand what is
checked, when, and what to prepare (提前告知). The round's records (ledger, summary,
disclosure, coverage, plan changes) are in :mod:`jointcheck.records`.
"""

from jointcheck.forms._adapters import (
    draw_reference,
    drawn_subjects,
    forms_from_assignment,
)
from jointcheck.forms._form import InspectionForm
from jointcheck.forms._joint import JointItem, JointSection, JointVisit, JointVisitForm
from jointcheck.forms._notice import AdvanceNotice
from jointcheck.forms._result import (
    FollowUp,
    FollowUpKind,
    InspectionResult,
    ItemFinding,
    ItemOutcome,
    ResultStatus,
)
from jointcheck.forms._section import FormSection, applicable_items, check_result
from jointcheck.forms._signature import Signature, SignatureStatus
from jointcheck.forms._team import FormTeam, TeamMember

__all__ = [
    "AdvanceNotice",
    "FollowUp",
    "FollowUpKind",
    "FormSection",
    "FormTeam",
    "InspectionForm",
    "InspectionResult",
    "ItemFinding",
    "ItemOutcome",
    "JointItem",
    "JointSection",
    "JointVisit",
    "JointVisitForm",
    "ResultStatus",
    "Signature",
    "SignatureStatus",
    "TeamMember",
    "applicable_items",
    "check_result",
    "draw_reference",
    "drawn_subjects",
    "forms_from_assignment",
]
