"""The threat model's tamper table: each single tamper of a published round is detected.

Every case edits one thing the way a forger would (and then rewrites the page and the
manifest to match, so only the edit of substance remains), audits the bundle against the
registry, and names the finding that must appear.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from dataclasses import dataclass

import numpy as np
import pytest

from jointcheck.matching import Assignment, InspectorExclusion, MatchProblem, ReasonCode, match
from jointcheck.model import OperatingStatus, RiskTier, SamplingRule
from jointcheck.population import Population
from jointcheck.publication import audit_bundle, build_bundle
from jointcheck.sampling import Announcement, Draw, ExclusionReason, SubjectExclusion

from ._forge import load, put, reseal
from ._round import Round, make_round


@dataclass(frozen=True)
class Case:
    name: str
    expected: str
    forge: Callable[[Round, dict[str, bytes]], tuple[dict[str, bytes], Population]]


@pytest.fixture(scope="module")
def honest() -> tuple[Round, dict[str, bytes]]:
    made = make_round()
    return made, build_bundle(made.public())


def _draw_edit(
    edit: Callable[[Round, Draw], Draw],
) -> Callable[..., tuple[dict[str, bytes], Population]]:
    def forge(made: Round, files: dict[str, bytes]) -> tuple[dict[str, bytes], Population]:
        return reseal(
            put(files, "draw.json", edit(made, load(files, "draw.json")))
        ), made.population

    return forge


def _assignment_edit(
    edit: Callable[[Round, Assignment], Assignment],
) -> Callable[..., tuple[dict[str, bytes], Population]]:
    def forge(made: Round, files: dict[str, bytes]) -> tuple[dict[str, bytes], Population]:
        changed = edit(made, load(files, "assignment.json"))
        return reseal(put(files, "assignment.json", changed)), made.population

    return forge


def _registry_edit(
    edit: Callable[[Population], Population],
) -> Callable[..., tuple[dict[str, bytes], Population]]:
    def forge(made: Round, files: dict[str, bytes]) -> tuple[dict[str, bytes], Population]:
        return files, edit(made.population)

    return forge


def _busy(draw: Draw) -> RiskTier:
    return max(draw.strata, key=lambda s: (len(s.drawn), len(s.waitlist))).tier


def _stratum(draw: Draw, tier: RiskTier, **changes: object) -> Draw:
    strata = tuple(s.model_copy(update=changes) if s.tier is tier else s for s in draw.strata)
    return draw.model_copy(update={"strata": strata})


def _drop(made: Round, d: Draw) -> Draw:
    t = _busy(d)
    return _stratum(d, t, drawn=d.stratum(t).drawn[1:])


def _add(made: Round, d: Draw) -> Draw:
    t = _busy(d)
    s = d.stratum(t)
    return _stratum(d, t, drawn=(*s.drawn, s.waitlist[-1]), waitlist=s.waitlist[:-1])


def _swap(made: Round, d: Draw) -> Draw:
    t = _busy(d)
    s = d.stratum(t)
    return _stratum(
        d, t, drawn=(s.waitlist[-1], *s.drawn[1:]), waitlist=(*s.waitlist[:-1], s.drawn[0])
    )


def _reorder(made: Round, d: Draw) -> Draw:
    t = _busy(d)
    return _stratum(d, t, drawn=d.stratum(t).drawn[::-1])


def _weaker_rule(made: Round, d: Draw) -> Draw:
    # 高风险 10% → 1%, quotas and strata re-made consistently from the weaker rule
    from jointcheck.sampling import HashSampler

    weak = SamplingRule.parse(
        "高风险企业不低于1%、较高风险企业不低于1%、中风险企业不低于1%、低风险企业不低于0.5%"
    )
    again = HashSampler().draw(made.population, weak, seed=d.seed, exclude=d.exclusions)
    return again.model_copy(
        update={"announcement_digest": d.announcement_digest, "reveals": d.reveals}
    )


def _quotas(made: Round, d: Draw) -> Draw:
    t = _busy(d)
    records = tuple(
        r.model_copy(update={"quota": r.quota - 1, "base": r.base - 1}) if r.tier is t else r
        for r in d.quotas.tiers
    )
    return d.model_copy(update={"quotas": d.quotas.model_copy(update={"tiers": records})})


def _exclusion_added(made: Round, d: Draw) -> Draw:
    spared = d.selected_in(_busy(d))[0]
    extra = SubjectExclusion(reason=ExclusionReason.OTHER, detail="经研究不予抽取", codes=(spared,))
    return d.model_copy(update={"exclusions": (*d.exclusions, extra)})


def _exclusion_removed(made: Round, d: Draw) -> Draw:
    return d.model_copy(update={"exclusions": d.exclusions[1:]})


def _waitlist_truncated(made: Round, d: Draw) -> Draw:
    t = _busy(d)
    return _stratum(d, t, waitlist=d.stratum(t).waitlist[:1])


def _waitlist_emptied(made: Round, d: Draw) -> Draw:
    t = _busy(d)
    return _stratum(d, t, waitlist=())


def _waitlist_reordered(made: Round, d: Draw) -> Draw:
    t = _busy(d)
    return _stratum(d, t, waitlist=d.stratum(t).waitlist[::-1])


def _replacement_out_of_order(made: Round, d: Draw) -> Draw:
    r = d.replacements[0]
    later = d.stratum(r.tier).waitlist[1]
    return d.model_copy(update={"replacements": (r.model_copy(update={"added": later}),)})


def _false_reason(made: Round, d: Draw) -> Draw:
    r = d.replacements[0]
    fake = r.model_copy(update={"reason": "已注销", "status": OperatingStatus.DEREGISTERED})
    return d.model_copy(update={"replacements": (fake,)})


def _edit(**update: object) -> Callable[[Round, Draw], Draw]:
    return lambda made, d: d.model_copy(update=update)


def _seed(made: Round, d: Draw) -> Draw:
    return d.model_copy(update={"seed": "f" * 64})


def _rule_text(made: Round, d: Draw) -> Draw:
    return d.model_copy(update={"rule": d.rule.model_copy(update={"text": "高风险企业不低于1%"})})


def _reveal_changed(made: Round, d: Draw) -> Draw:
    first = d.reveals[0].model_copy(update={"value": "9" * 64})
    return d.model_copy(update={"reveals": (first, *d.reveals[1:])})


def _announcement_weakened(
    made: Round, files: dict[str, bytes]
) -> tuple[dict[str, bytes], Population]:
    a: Announcement = load(files, "announcement.json")
    weak = SamplingRule.parse("高风险企业不低于1%")
    changed = a.model_copy(
        update={
            "rule": weak,
            "quotas": weak.quotas({t: a.quotas.record(t).available for t in RiskTier}),
        }
    )
    return reseal(put(files, "announcement.json", changed)), made.population


def _announcement_pretty(
    made: Round, files: dict[str, bytes]
) -> tuple[dict[str, bytes], Population]:
    pretty = json.dumps(json.loads(files["announcement.json"]), ensure_ascii=False, indent=2)
    return reseal({**files, "announcement.json": pretty.encode()}), made.population


def _add_subject(p: Population) -> Population:
    from jointcheck.synthetic import synthetic_codes

    extra = next(
        c
        for c in synthetic_codes(5, region="152299", seed=9).tolist()
        if c not in set(p.codes.tolist())
    )
    return Population.from_arrays(
        np.append(p.codes, extra),
        np.append(p.tiers, 4).astype(np.uint8),
        statuses=np.append(p.statuses, 0).astype(np.uint8),
        jurisdictions=[*[p.jurisdiction_labels[j] for j in p.jurisdictions.tolist()], ""],
    )


def _remove_subject(p: Population) -> Population:
    keep = np.ones(len(p), dtype=bool)
    keep[np.flatnonzero(p.tiers == RiskTier.HIGH.code)[0]] = False
    return p.select(keep)


def _retier(p: Population) -> Population:
    tiers = p.tiers.copy()
    tiers[np.flatnonzero(tiers == RiskTier.HIGH.code)[0]] = RiskTier.LOW.code
    return Population.from_arrays(
        p.codes,
        tiers,
        statuses=p.statuses,
        jurisdictions=[p.jurisdiction_labels[j] for j in p.jurisdictions.tolist()],
    )


def _reassign(made: Round, a: Assignment) -> Assignment:
    other = match(made.problem.model_copy(update={"seed": "another seed"}))
    return other.model_copy(
        update={"announcement_digest": a.announcement_digest, "reveals": a.reveals}
    )


def _problem_recusal_dropped(
    made: Round, files: dict[str, bytes]
) -> tuple[dict[str, bytes], Population]:
    p: MatchProblem = load(files, "problem.json")
    changed = p.model_copy(update={"conflicts": p.conflicts.model_copy(update={"recusals": ()})})
    a = match(changed).model_copy(
        update={
            "announcement_digest": made.assignment.announcement_digest,
            "reveals": made.assignment.reveals,
        }
    )
    return reseal(put(put(files, "problem.json", changed), "assignment.json", a)), made.population


def _team_member(made: Round, a: Assignment) -> Assignment:
    team = a.teams[0]
    part = team.departments[0]
    outsider = next(
        i.id
        for i in made.problem.inspectors
        if i.department_id == part.department_id and not i.specialist and i.id not in part.members
    )
    forged = team.model_copy(
        update={
            "departments": (
                part.model_copy(update={"members": tuple(sorted((part.members[0], outsider)))}),
                *team.departments[1:],
            )
        }
    )
    return a.model_copy(update={"teams": (forged, *a.teams[1:])})


def _requirements(made: Round, a: Assignment) -> Assignment:
    r = a.requirements[0]
    return a.model_copy(
        update={
            "requirements": (
                r.model_copy(update={"min_members": 1, "required_certified": 1}),
                *a.requirements[1:],
            )
        }
    )


def _window(made: Round, a: Assignment) -> Assignment:
    w = a.inspection
    return a.model_copy(update={"inspection": w.model_copy(update={"end": w.start})})


def _a_edit(**update: object) -> Callable[[Round, Assignment], Assignment]:
    return lambda made, a: a.model_copy(update=update)


def _loads(made: Round, a: Assignment) -> Assignment:
    first = a.loads[0]
    return a.model_copy(
        update={"loads": (first.model_copy(update={"subjects": first.subjects + 1}), *a.loads[1:])}
    )


def _a_exclusions(made: Round, a: Assignment) -> Assignment:
    member = a.teams[0].departments[0]
    fake = InspectorExclusion(
        inspector_id=member.members[0],
        department_id=member.department_id,
        code=ReasonCode.RECUSED,
        message="回避 (近亲属)",
    )
    return a.model_copy(update={"exclusions": (*a.exclusions, fake)})


def _a_reveals(made: Round, a: Assignment) -> Assignment:
    return a.model_copy(update={"reveals": a.reveals[1:]})


def _file_edited(made: Round, files: dict[str, bytes]) -> tuple[dict[str, bytes], Population]:
    return {
        **files,
        "results.json": files["results.json"].replace(
            "未发现问题".encode(), "未发现问题。".encode(), 1
        ),
    }, made.population


def _page_edited(made: Round, files: dict[str, bytes]) -> tuple[dict[str, bytes], Population]:
    page = files["index.html"].replace("共抽取".encode(), "共抽取（已核验）".encode())
    return reseal_manifest_only({**files, "index.html": page}), made.population


def reseal_manifest_only(files: dict[str, bytes]) -> dict[str, bytes]:
    resealed = reseal(files)
    return {
        **resealed,
        "index.html": files["index.html"],
        "manifest.json": _manifest_for(resealed, files["index.html"]),
    }


def _manifest_for(files: dict[str, bytes], page: bytes) -> bytes:
    import hashlib

    from jointcheck.publication import Manifest

    m = Manifest.model_validate_json(files["manifest.json"])
    entries = tuple(
        e.model_copy(update={"sha256": hashlib.sha256(page).hexdigest(), "size": len(page)})
        if e.name == "index.html"
        else e
        for e in m.files
    )
    return m.model_copy(update={"files": entries}).model_dump_json(indent=1).encode()


def _file_missing(made: Round, files: dict[str, bytes]) -> tuple[dict[str, bytes], Population]:
    return {n: d for n, d in files.items() if n != "reveals.json"}, made.population


def _result_undrawn(made: Round, files: dict[str, bytes]) -> tuple[dict[str, bytes], Population]:
    rows = json.loads(files["results.json"])
    rows.append(
        {"subject_code": made.draw.stratum(_busy(made.draw)).waitlist[-1], "result": "未发现问题"}
    )
    return reseal(
        {**files, "results.json": json.dumps(rows, ensure_ascii=False).encode()}
    ), made.population


def _inspections_edited(
    made: Round, files: dict[str, bytes]
) -> tuple[dict[str, bytes], Population]:
    rows = json.loads(files["inspections.json"])
    return reseal({**files, "inspections.json": json.dumps(rows[1:]).encode()}), made.population


CASES = [
    # the draw
    Case("drop a drawn code", "QUOTA_NOT_MET", _draw_edit(_drop)),
    Case("add a code", "QUOTA_EXCEEDED", _draw_edit(_add)),
    Case("swap a drawn code for a waitlisted one", "NOT_REPRODUCED", _draw_edit(_swap)),
    Case("reorder the drawn codes", "NOT_REPRODUCED", _draw_edit(_reorder)),
    Case("another seed", "SEED_NOT_DERIVED", _draw_edit(_seed)),
    Case("a changed reveal", "SEED_NOT_DERIVED", _draw_edit(_reveal_changed)),
    Case(
        "bound to another announcement",
        "ANNOUNCEMENT_MISMATCH",
        _draw_edit(_edit(announcement_digest="0" * 64)),
    ),
    Case("registry: a subject added", "POPULATION_CHANGED", _registry_edit(_add_subject)),
    Case("registry: a subject removed", "POPULATION_CHANGED", _registry_edit(_remove_subject)),
    Case("registry: a tier changed", "POPULATION_CHANGED", _registry_edit(_retier)),
    Case("a weaker rule with consistent quotas", "NOT_ANNOUNCED", _draw_edit(_weaker_rule)),
    Case("the announcement re-made with a weaker rule", "SEED_NOT_DERIVED", _announcement_weakened),
    Case("the announcement's bytes reformatted", "NOT_CANONICAL", _announcement_pretty),
    Case("quotas edited", "NOT_ANNOUNCED", _draw_edit(_quotas)),
    Case(
        "an exclusion added (a chosen subject spared)",
        "NOT_ANNOUNCED",
        _draw_edit(_exclusion_added),
    ),
    Case("an exclusion removed", "NOT_ANNOUNCED", _draw_edit(_exclusion_removed)),
    Case("the waitlist truncated", "WAITLIST_LENGTH", _draw_edit(_waitlist_truncated)),
    Case("the waitlist emptied", "WAITLIST_LENGTH", _draw_edit(_waitlist_emptied)),
    Case("the waitlist reordered", "WAITLIST_NOT_REPRODUCED", _draw_edit(_waitlist_reordered)),
    Case(
        "a replacement out of order",
        "REPLACEMENT_OUT_OF_ORDER",
        _draw_edit(_replacement_out_of_order),
    ),
    Case("a replacement with a false reason", "FALSE_REASON", _draw_edit(_false_reason)),
    Case("population_size edited", "NOT_ANNOUNCED", _draw_edit(_edit(population_size=599))),
    Case(
        "the algorithm edited", "NOT_ANNOUNCED", _draw_edit(_edit(algorithm="numpy-generator-v1"))
    ),
    Case("rule.text edited", "NOT_ANNOUNCED", _draw_edit(_rule_text)),
    Case("inspection records edited", "EXCLUSION_NOT_SUPPORTED", _inspections_edited),
    # the teams: every field of the assignment
    Case("assignment.algorithm", "UNKNOWN_ALGORITHM", _assignment_edit(_a_edit(algorithm="other"))),
    Case("assignment.version", "UNKNOWN_ALGORITHM", _assignment_edit(_a_edit(version="0"))),
    Case("assignment.seed", "SEED_NOT_DERIVED", _assignment_edit(_a_edit(seed="another seed"))),
    Case(
        "assignment.inputs_digest",
        "INPUTS_CHANGED",
        _assignment_edit(_a_edit(inputs_digest="0" * 64)),
    ),
    Case("assignment.inspection window", "FIELD_DIFFERS", _assignment_edit(_window)),
    Case("assignment.requirements 不少于2人 → 1", "FIELD_DIFFERS", _assignment_edit(_requirements)),
    Case("assignment.teams: a member swapped", "NOT_REPRODUCIBLE", _assignment_edit(_team_member)),
    Case("assignment.loads", "LOAD_MISMATCH", _assignment_edit(_loads)),
    Case("assignment.exclusions", "FIELD_DIFFERS", _assignment_edit(_a_exclusions)),
    Case(
        "assignment.announcement_digest",
        "ANNOUNCEMENT_MISMATCH",
        _assignment_edit(_a_edit(announcement_digest="0" * 64)),
    ),
    Case("assignment.reveals", "SEED_NOT_DERIVED", _assignment_edit(_a_reveals)),
    Case(
        "teams re-derived wholesale with another seed",
        "SEED_NOT_DERIVED",
        _assignment_edit(_reassign),
    ),
    Case(
        "a recusal dropped after the seed was known",
        "INPUTS_NOT_ANNOUNCED",
        _problem_recusal_dropped,
    ),
    # the bundle
    Case("a file edited, manifest not updated", "DIGEST_MISMATCH", _file_edited),
    Case("the page edited by hand", "PAGE_DIFFERS", _page_edited),
    Case("a file removed", "MISSING_FILE", _file_missing),
    Case("a result for a subject not drawn", "RESULT_NOT_DRAWN", _result_undrawn),
]


def test_the_honest_bundle_passes(honest: tuple[Round, dict[str, bytes]]) -> None:
    made, files = honest
    report = audit_bundle(files, made.population)
    assert report.passed, report.to_text()
    assert audit_bundle(reseal(files), made.population).passed  # resealing alone changes nothing


@pytest.mark.parametrize("case", CASES, ids=lambda c: c.name)
def test_each_tamper_is_detected(case: Case, honest: tuple[Round, dict[str, bytes]]) -> None:
    made, files = honest
    forged, registry = case.forge(made, dict(files))
    report = audit_bundle(forged, registry)
    kinds = {f.kind for f in report.findings}
    assert case.expected in kinds, report.to_text()
    assert not report.passed
    text = report.to_text()
    assert "结论：未通过" in text
    assert "Verdict: FAILED" in text


def _announced_with(exclusion_of: Callable[[Round], SubjectExclusion]) -> list[str]:
    """A round whose announcement itself carries a false exclusion, announced before the
    seed (so the binding holds): only the evidence can show it."""
    from jointcheck.publication import PublicRound
    from jointcheck.sampling import Reveal, announce, commit, draw_announced

    from ._round import XINGAN, secrets_for

    made = make_round(size=300, label="evidence")
    secrets = secrets_for("evidence")
    announcement = announce(
        made.population,
        SamplingRule.parse(XINGAN),
        task="t",
        commitments=[commit(p, v) for p, v in secrets.items()],
        exclude=[exclusion_of(made)],
        inspections=made.inspections,
    )
    reveals = [Reveal(party=p, value=v) for p, v in secrets.items()]
    draw = draw_announced(announcement, made.population, reveals)
    public = PublicRound(announcement=announcement, draw=draw, inspections=made.inspections)
    report = audit_bundle(build_bundle(public), made.population)
    return [f.kind for f in report.findings]


def _operating_code(made: Round) -> str:
    operating = made.population.statuses == OperatingStatus.OPERATING.code
    high = made.population.tiers == RiskTier.HIGH.code
    return str(made.population.codes[np.flatnonzero(operating & high)[0]].decode())


def test_a_false_status_exclusion_is_detected_even_when_announced() -> None:
    def forged(made: Round) -> SubjectExclusion:
        gone = made.population.statuses == OperatingStatus.DEREGISTERED.code
        codes = [c.decode() for c in made.population.codes[gone].tolist()]
        return SubjectExclusion(
            reason=ExclusionReason.STATUS,
            detail="登记状态为注销",
            codes=(*codes, _operating_code(made)),
            statuses=(OperatingStatus.DEREGISTERED,),
        )

    assert "EXCLUSION_NOT_SUPPORTED" in _announced_with(forged)


def test_a_false_recently_inspected_exclusion_is_detected_even_when_announced() -> None:
    def forged(made: Round) -> SubjectExclusion:
        from jointcheck.sampling import exclude_recently_inspected

        from ._round import DRAW_DAY

        honest = exclude_recently_inspected(
            made.population, made.inspections, department_id="xam-samr", on=DRAW_DAY, months=6
        )
        return honest.model_copy(
            update={"codes": tuple(sorted({*honest.codes, _operating_code(made)}))}
        )

    assert "EXCLUSION_NOT_SUPPORTED" in _announced_with(forged)


def test_an_exclusion_no_record_can_confirm_is_listed_as_declared() -> None:
    from jointcheck.publication import PublicRound
    from jointcheck.sampling import Reveal, announce, commit, draw_announced

    from ._round import XINGAN, registry, secrets_for

    population = registry(200)
    code = str(population.codes[np.flatnonzero(population.tiers == RiskTier.HIGH.code)[0]].decode())
    secrets = secrets_for("declared")
    announcement = announce(
        population,
        SamplingRule.parse(XINGAN),
        task="t",
        commitments=[commit(p, v) for p, v in secrets.items()],
        exclude=[
            SubjectExclusion(
                reason=ExclusionReason.FREQUENCY_CAP, detail="已达年度上限", codes=(code,)
            )
        ],
    )
    draw = draw_announced(
        announcement, population, [Reveal(party=p, value=v) for p, v in secrets.items()]
    )
    files = build_bundle(PublicRound(announcement=announcement, draw=draw))
    report = audit_bundle(files, population)
    assert report.passed
    assert [d.what for d in report.declared] == ["exclusion FREQUENCY_CAP (1 subjects)"]
    assert "声明事项，无法核验 Declared, not verifiable:" in report.to_text()
    assert "声明事项，无法核验" in files["index.html"].decode()
