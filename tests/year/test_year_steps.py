"""Dispatch, claim and confirmation as records; refusals replaced from the waitlist."""

from __future__ import annotations

import datetime as dt

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from jointcheck.errors import InspectionError, InvalidInputError, ModelValidationError
from jointcheck.model import OperatingStatus
from jointcheck.records import (
    ClaimEvent,
    ConfirmationEvent,
    DispatchEvent,
    DrawEvent,
    RefusalReason,
    Step,
    StepState,
    YearRecord,
)
from jointcheck.sampling import DrawViolationKind, Replacement, verify_draw
from jointcheck.workdays import ChinaCalendar

D = dt.date
CAL = ChinaCalendar()


@pytest.fixture
def joint(annual, population, drawer):  # type: ignore[no-untyped-def]
    draw = drawer(annual, "t-joint", population)
    return YearRecord(annual=annual).add(DrawEvent(task_id="t-joint", on=D(2023, 9, 27), draw=draw))


def test_initiator_confirms_and_participant_claims_then_confirms(joint) -> None:  # type: ignore[no-untyped-def]
    codes = joint.selected("t-joint")
    report = joint.steps(as_of=D(2023, 9, 27), calendar=CAL)
    # Each subject: the initiator's confirmation, the participant's claim (its confirmation waits).
    assert len(report.rows) == 2 * len(codes)
    assert {(r.step, r.party) for r in report.rows} == {
        (Step.CONFIRMATION, "samr"),
        (Step.CLAIM, "nhc"),
    }
    assert report.count(StepState.PENDING) == len(report.rows)
    record = joint.add(
        ClaimEvent(task_id="t-joint", subject_code=codes[0], department_id="nhc", on=D(2023, 9, 28))
    )
    rows = record.steps(as_of=D(2023, 9, 28), calendar=CAL).rows
    assert any(
        r.step is Step.CONFIRMATION and r.party == "nhc" and r.subject_code == codes[0]
        for r in rows
    )


def test_events_after_as_of_are_not_yet_known(joint) -> None:  # type: ignore[no-untyped-def]
    code = joint.selected("t-joint")[0]
    record = joint.add(
        ClaimEvent(task_id="t-joint", subject_code=code, department_id="nhc", on=D(2023, 10, 9))
    )
    before = record.steps(as_of=D(2023, 10, 8), calendar=CAL)
    claim = next(r for r in before.rows if r.subject_code == code and r.step is Step.CLAIM)
    assert claim.done_on is None
    assert claim.state is StepState.OVERDUE
    after = record.steps(as_of=D(2023, 10, 9), calendar=CAL)
    claim = next(r for r in after.rows if r.subject_code == code and r.step is Step.CLAIM)
    assert claim.state is StepState.LATE
    assert record.steps(as_of=D(2023, 9, 26), calendar=CAL).rows == ()


def test_refusal_replaces_from_the_waitlist_and_the_draw_verifies(
    annual, population, ceremony
) -> None:  # type: ignore[no-untyped-def]
    """The public record of the round: an announced draw stays verifiable after refusals."""
    draw, announcement = ceremony(annual, "t-joint", population)
    joint = YearRecord(annual=annual).add(
        DrawEvent(task_id="t-joint", on=D(2023, 9, 27), draw=draw)
    )
    codes = joint.selected("t-joint")
    tier = next(s.tier for s in draw.strata if codes[0] in s.drawn)
    expected = draw.waitlist(tier)[0]
    record = joint.add(
        ClaimEvent(task_id="t-joint", subject_code=codes[0], department_id="nhc", on=D(2023, 9, 28))
    )
    record = record.add(
        ConfirmationEvent(
            task_id="t-joint",
            subject_code=codes[0],
            department_id="nhc",
            on=D(2023, 9, 28),
            confirmed=False,
            reason=RefusalReason.NOT_FOUND_AT_ADDRESS,
            note="实地核查查无此户",
        )
    )
    (replacement,) = record.replacements
    assert (replacement.removed, replacement.added) == (codes[0], expected)
    assert replacement.reason_text == "登记住所查无此户：实地核查查无此户"
    current = record.current_draw("t-joint")
    assert current.replacements[-1].reason == replacement.reason_text
    assert expected in record.selected("t-joint")
    assert codes[0] not in record.selected("t-joint")
    assert verify_draw(current, population, announcement=announcement) == []
    # The replacement's steps start on the day of the refusal; the refused subject's do not go on.
    report = record.steps(as_of=D(2023, 9, 28), calendar=CAL)
    new = [r for r in report.rows if r.subject_code == expected]
    assert {r.since for r in new} == {D(2023, 9, 28)}
    assert not any(r.subject_code == codes[0] and r.party == "samr" for r in report.rows)
    assert report.replacements == record.replacements
    # Nothing more can be recorded for the refused subject after the refusal.
    with pytest.raises(InspectionError, match="refused and replaced"):
        record.add(
            ConfirmationEvent(
                task_id="t-joint", subject_code=codes[0], department_id="samr", on=D(2023, 9, 29)
            )
        )


def test_a_false_registry_status_claimed_by_a_refusal_is_caught(
    annual, population, ceremony
) -> None:  # type: ignore[no-untyped-def]
    """Threat: a department refuses an operating subject as deregistered to pick another."""
    draw, announcement = ceremony(annual, "t-own", population)
    record = YearRecord(annual=annual).add(DrawEvent(task_id="t-own", on=D(2023, 9, 27), draw=draw))
    code = record.selected("t-own")[0]
    record = record.add(
        ConfirmationEvent(
            task_id="t-own",
            subject_code=code,
            department_id="samr",
            on=D(2023, 9, 28),
            confirmed=False,
            reason=RefusalReason.DEREGISTERED,
            status=OperatingStatus.DEREGISTERED,
        )
    )
    assert record.current_draw("t-own").replacements[0].status is OperatingStatus.DEREGISTERED
    violations = verify_draw(record.current_draw("t-own"), population, announcement=announcement)
    assert violations != []
    assert all(v.code in (code, None) for v in violations)


@pytest.mark.parametrize("tamper", ["added", "removed", "order"])
def test_a_tampered_replacement_fails_verification(joint, population, tamper) -> None:  # type: ignore[no-untyped-def]
    """Threat: a department swaps in a subject of its choosing instead of the next waitlisted one."""
    codes = joint.selected("t-joint")
    record = joint
    for code in codes[:2]:
        record = record.add(
            ClaimEvent(task_id="t-joint", subject_code=code, department_id="nhc", on=D(2023, 9, 28))
        )
        record = record.add(
            ConfirmationEvent(
                task_id="t-joint",
                subject_code=code,
                department_id="nhc",
                on=D(2023, 9, 28),
                confirmed=False,
                reason=RefusalReason.DEREGISTERED,
            )
        )
    draw = record.current_draw("t-joint")
    replacements = list(draw.replacements)
    if tamper == "added":
        outsider = next(c for c in population.code_strings() if c not in draw.selected)
        replacements[0] = replacements[0].model_copy(update={"added": outsider})
        kind = DrawViolationKind.REPLACEMENT_OUT_OF_ORDER
    elif tamper == "removed":
        replacements[0] = Replacement(
            tier=replacements[0].tier,
            removed="91140525000000999X",
            added=replacements[0].added,
            reason="x",
        )
        kind = DrawViolationKind.BAD_REPLACEMENT
    else:
        replacements.reverse()
        kind = DrawViolationKind.REPLACEMENT_OUT_OF_ORDER
    tampered = draw.model_copy(update={"replacements": tuple(replacements)})
    # With this seed both refused subjects are of one tier, so their order is checked.
    assert tamper != "order" or replacements[0].tier is replacements[1].tier
    assert kind in {v.kind for v in verify_draw(tampered, population, allow_unbound_seed=True)}


def test_a_subject_dropped_or_slipped_in_without_a_replacement_fails_verification(
    joint, population
) -> None:  # type: ignore[no-untyped-def]
    """Threat: a subject disappears from the selection, or one joins it, outside the record."""
    draw = joint.current_draw("t-joint")
    stratum = next(s for s in draw.strata if s.drawn)
    outsider = next(c for c in population.code_strings() if c not in draw.selected)
    for drawn in (stratum.drawn[1:], (*stratum.drawn, outsider)):
        strata = tuple(
            s.model_copy(update={"drawn": drawn}) if s is stratum else s for s in draw.strata
        )
        tampered = draw.model_copy(update={"strata": strata})
        assert verify_draw(tampered, population, allow_unbound_seed=True) != []


def test_waitlist_used_up_is_bad_input(annual, population, drawer) -> None:  # type: ignore[no-untyped-def]
    from jointcheck.sampling import HashSampler

    draw = HashSampler().draw(population, annual.task("t-own").sampling, seed="s", waitlist=0)
    record = YearRecord(annual=annual).add(DrawEvent(task_id="t-own", on=D(2023, 9, 27), draw=draw))
    with pytest.raises(InvalidInputError, match="waitlist"):
        record.add(
            ConfirmationEvent(
                task_id="t-own",
                subject_code=record.selected("t-own")[0],
                department_id="samr",
                on=D(2023, 9, 28),
                confirmed=False,
                reason=RefusalReason.DEREGISTERED,
            )
        )


def test_bad_events_name_what_is_wrong(joint, annual, population, drawer) -> None:  # type: ignore[no-untyped-def]
    code = joint.selected("t-joint")[0]
    with pytest.raises(InspectionError, match="not drawn"):
        joint.add(
            ClaimEvent(
                task_id="t-joint",
                subject_code="91140525000000999X",
                department_id="nhc",
                on=D(2023, 9, 28),
            )
        )
    with pytest.raises(InspectionError, match="only participating departments"):
        joint.add(
            ClaimEvent(
                task_id="t-joint", subject_code=code, department_id="samr", on=D(2023, 9, 28)
            )
        )
    with pytest.raises(InspectionError, match="before"):
        joint.add(
            ClaimEvent(task_id="t-joint", subject_code=code, department_id="nhc", on=D(2023, 9, 26))
        )
    with pytest.raises(InspectionError, match="not dispatched"):
        joint.add(
            DispatchEvent(task_id="t-joint", subject_code=code, unit_id="st1", on=D(2023, 9, 28))
        )
    with pytest.raises(InspectionError, match="not been claimed"):
        joint.add(
            ConfirmationEvent(
                task_id="t-joint", subject_code=code, department_id="nhc", on=D(2023, 9, 28)
            )
        )
    with pytest.raises(InspectionError, match="does not confirm"):
        joint.add(
            ConfirmationEvent(
                task_id="t-joint", subject_code=code, department_id="city", on=D(2023, 9, 28)
            )
        )
    with pytest.raises(InspectionError, match="no plan of the year"):
        joint.add(
            ClaimEvent(task_id="nope", subject_code=code, department_id="nhc", on=D(2023, 9, 28))
        )
    with pytest.raises(InspectionError, match="no draw"):
        joint.add(
            ConfirmationEvent(
                task_id="t-own", subject_code=code, department_id="samr", on=D(2023, 9, 28)
            )
        )
    with pytest.raises(InspectionError, match="already has a draw"):
        joint.add(
            DrawEvent(task_id="t-joint", on=D(2023, 9, 28), draw=joint.current_draw("t-joint"))
        )
    claimed = joint.add(
        ClaimEvent(task_id="t-joint", subject_code=code, department_id="nhc", on=D(2023, 9, 28))
    )
    with pytest.raises(InspectionError, match="already recorded"):
        claimed.add(
            ClaimEvent(task_id="t-joint", subject_code=code, department_id="nhc", on=D(2023, 9, 29))
        )
    city = YearRecord(annual=annual).add(
        DrawEvent(task_id="t-city", on=D(2023, 11, 15), draw=drawer(annual, "t-city", population))
    )
    city_code = city.selected("t-city")[0]
    with pytest.raises(InspectionError, match="not a unit"):
        city.add(
            DispatchEvent(
                task_id="t-city", subject_code=city_code, unit_id="nowhere", on=D(2023, 11, 15)
            )
        )
    with pytest.raises(InspectionError, match="not been dispatched"):
        city.add(
            ClaimEvent(
                task_id="t-city", subject_code=city_code, department_id="samr", on=D(2023, 11, 15)
            )
        )


def test_refusal_needs_a_reason() -> None:
    with pytest.raises(ModelValidationError, match="reason"):
        ConfirmationEvent(
            task_id="t", subject_code="c", department_id="d", on=D(2023, 1, 3), confirmed=False
        )
    with pytest.raises(ModelValidationError, match="note"):
        ConfirmationEvent(
            task_id="t",
            subject_code="c",
            department_id="d",
            on=D(2023, 1, 3),
            confirmed=False,
            reason=RefusalReason.OTHER,
        )
    with pytest.raises(ModelValidationError, match="no refusal reason"):
        ConfirmationEvent(
            task_id="t",
            subject_code="c",
            department_id="d",
            on=D(2023, 1, 3),
            reason=RefusalReason.DEREGISTERED,
        )


def test_record_round_trips_through_json(joint) -> None:  # type: ignore[no-untyped-def]
    assert YearRecord.model_validate_json(joint.model_dump_json()) == joint


@settings(max_examples=25, deadline=None)
@given(
    delays=st.lists(st.integers(min_value=0, max_value=12), min_size=1, max_size=10),
    as_of=st.integers(min_value=0, max_value=20),
)
def test_states_follow_the_deadline(annual, population, drawer, delays, as_of) -> None:  # type: ignore[no-untyped-def]
    """ON_TIME/LATE iff done (by as_of) on/after the due day; OVERDUE iff not done and past it."""
    start = D(2023, 9, 27)
    record = YearRecord(annual=annual).add(
        DrawEvent(task_id="t-own", on=start, draw=drawer(annual, "t-own", population))
    )
    for code, delay in zip(record.selected("t-own"), delays, strict=False):
        record = record.add(
            ConfirmationEvent(
                task_id="t-own",
                subject_code=code,
                department_id="samr",
                on=start + dt.timedelta(days=delay),
            )
        )
    day = start + dt.timedelta(days=as_of)
    for row in record.steps(as_of=day, calendar=CAL).rows:
        assert row.due == D(2023, 10, 7)
        if row.done_on is not None:
            assert row.done_on <= day
            assert row.state is (StepState.ON_TIME if row.done_on <= row.due else StepState.LATE)
        else:
            assert row.state is (StepState.OVERDUE if day > row.due else StepState.PENDING)


def test_add_all_equals_adding_one_by_one_and_names_the_bad_event(joint) -> None:  # type: ignore[no-untyped-def]
    codes = joint.selected("t-joint")
    events = [
        ClaimEvent(task_id="t-joint", subject_code=c, department_id="nhc", on=D(2023, 9, 28))
        for c in codes
    ] + [
        ConfirmationEvent(
            task_id="t-joint",
            subject_code=codes[0],
            department_id="nhc",
            on=D(2023, 9, 29),
            confirmed=False,
            reason=RefusalReason.DEREGISTERED,
        )
    ]
    one_by_one = joint
    for event in events:
        one_by_one = one_by_one.add(event)
    assert joint.add_all(events) == one_by_one
    bad = [*events, events[0]]
    labels = [f"claims.csv:{n}" for n in range(2, 2 + len(bad))]
    with pytest.raises(InspectionError, match=rf"^{labels[-1]}: a claim of subject"):
        joint.add_all(bad, labels=labels)
    with pytest.raises(InspectionError, match="already recorded"):
        joint.add_all(bad)
    assert joint.claims == ()  # all or none
