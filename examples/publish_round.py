"""One round of 双随机、一公开 published and audited: the Xing'an 2023 joint task.

Two departments and a notary commit before anything is random; the announcement fixes the
registry, the rule and its quotas, the exclusions with their evidence, the waitlists and the
inputs of the teams. After the reveals the draw and the teams follow, bound to the
announcement; the bundle (JSON files, manifest and a static page for the bureau's website)
is written to a folder and audited, first with the registry, then after a forger spares a
subject.

Run: python examples/publish_round.py [FOLDER]   (default: a temporary folder)
"""

from __future__ import annotations

import csv
import datetime as dt
import hashlib
import sys
import tempfile
from pathlib import Path

from jointcheck.matching import MatchProblem, match_announced, team_inputs_digest
from jointcheck.model import InspectionRecord, OperatingStatus, RiskTier, SubjectKind
from jointcheck.publication import PublicRound, PublishedResult, audit_bundle, build_bundle
from jointcheck.sampling import (
    Reveal,
    announce,
    commit,
    derive_seed,
    draw_announced,
    exclude_recently_inspected,
    exclude_statuses,
)
from jointcheck.scenarios import xingan_2023_plan
from jointcheck.synthetic import synthetic_inspectors, synthetic_population, synthetic_subjects

PARTIES = ("兴安盟市场监督管理局", "兴安盟卫生健康委员会", "兴安盟公证处")
DRAW_DAY = dt.date(2023, 3, 3)


def main(folder: Path) -> None:
    plan = xingan_2023_plan()
    task = plan.tasks[0]
    registry = synthetic_population(2_000, seed=7)  # 名录库 as extracted on the draw day
    codes = registry.code_strings()
    history = [  # inspections the exclusion rests on (their digest is announced)
        InspectionRecord(subject_code=codes[i], department_id="xam-samr", day=DRAW_DAY)
        for i in range(0, 200, 20)
    ]
    directory = synthetic_inspectors(  # 执法检查人员名录库
        plan.departments,
        per_unit=8,
        on=DRAW_DAY,
        qualifications={"xam-samr": ["医疗器械"], "xam-nhc": ["公共场所卫生"]},
    )
    team_inputs = MatchProblem.build([], directory, seed=0, task=task, departments=plan.departments)

    # 1. Each party commits to a secret (in real use secrets.token_hex(32), on its own machine).
    secrets = {p: hashlib.sha256(f"example:{p}".encode()).hexdigest() for p in PARTIES}
    announcement = announce(
        registry,
        task.sampling,
        task=f"{task.id} {task.name}",
        commitments=[commit(p, v) for p, v in secrets.items()],
        exclude=[
            exclude_statuses(registry),
            exclude_recently_inspected(
                registry, history, department_id="xam-samr", on=DRAW_DAY, months=6
            ),
        ],
        inspections=history,
        team_inputs_digest=team_inputs_digest(team_inputs),
    )
    published = announcement.digest()
    print(f"announcement published before the reveals: {published}")

    # 2. The reveals give both seeds; the draw and the teams are bound to the announcement.
    reveals = [Reveal(party=p, value=v) for p, v in secrets.items()]
    draw = draw_announced(announcement, registry, reveals)
    closed = draw.selected_in(RiskTier.HIGH)[0]
    draw = draw.replace(closed, reason="现场核实已关闭")  # declared: only the visit shows it
    subjects = synthetic_subjects(registry, draw.selected, tags=task.required_tags)
    problem = MatchProblem.build(
        subjects,
        directory,
        seed=derive_seed(announcement, reveals, purpose="teams"),
        task=task,
        departments=plan.departments,
    )
    assignment = match_announced(problem, announcement, reveals)
    results = [PublishedResult(subject_code=code, result="未发现问题") for code in draw.selected]

    # 3. The bundle: bytes by name, written here; inspectors shown by id only.
    public = PublicRound(
        announcement=announcement,
        draw=draw,
        problem=problem,
        assignment=assignment,
        results=tuple(results),
        inspections=tuple(history),
    )
    files = build_bundle(public, inspector_names=False)
    folder.mkdir(parents=True, exist_ok=True)
    for name, data in files.items():
        (folder / name).write_bytes(data)
    print(f"wrote {', '.join(sorted(files))} to {folder}")
    # The registry as extracted, kept beside the bundle for the public's checks (the draw
    # and the population digest are recomputed from it).
    places, kinds, statuses = registry.jurisdiction_labels, list(SubjectKind), list(OperatingStatus)
    with (folder / "registry.csv").open("w", encoding="utf-8", newline="") as out:
        writer = csv.writer(out, lineterminator="\n")
        writer.writerow(["code", "tier", "jurisdiction", "kind", "status"])
        for code, tier, place, kind, status in zip(
            registry.code_strings(),
            registry.tiers.tolist(),
            registry.jurisdictions.tolist(),
            registry.kinds.tolist(),
            registry.statuses.tolist(),
            strict=True,
        ):
            tier_name = RiskTier.from_code(tier).value
            writer.writerow(
                [code, tier_name, places[place], kinds[kind].value, statuses[status].value]
            )
    public_checks = Path(__file__).resolve().parent / "public"
    print(
        "check it without jointcheck:\n"
        f"  python {public_checks / 'verify_round.py'} {folder} {folder / 'registry.csv'}\n"
        f"  cd {folder} && duckdb < {public_checks / 'verify_round.sql'}   (DuckDB's command line)"
    )

    # 4. Anyone audits it: with the registry, and against the digest published first.
    print(audit_bundle(files, registry, announced_digest=published).to_text())

    # 5. A forger spares the first 高风险 subject and rewrites the draw: caught.
    high = draw.stratum(RiskTier.HIGH)
    spared = high.model_copy(update={"drawn": (*high.drawn[1:], high.waitlist[-1])})
    forged = draw.model_copy(
        update={"strata": tuple(spared if s.tier is RiskTier.HIGH else s for s in draw.strata)}
    )
    tampered = {**files, "draw.json": forged.model_dump_json().encode()}
    print(audit_bundle(tampered, registry, announced_digest=published).to_text())


if __name__ == "__main__":
    target = Path(sys.argv[1]) if len(sys.argv) > 1 else Path(tempfile.mkdtemp()) / "round"
    main(target)
