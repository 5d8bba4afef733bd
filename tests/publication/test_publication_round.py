"""Honest bundles verify; seed shopping is caught; hostile input never crashes; the CLI."""

from __future__ import annotations

import io
import itertools
import json
import zipfile
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from jointcheck.cli import main
from jointcheck.errors import JointcheckError
from jointcheck.matching import verify_assignment
from jointcheck.model import RiskTier, SamplingRule
from jointcheck.publication import PublicRound, audit_bundle, build_bundle
from jointcheck.sampling import (
    DrawViolationKind,
    HashSampler,
    Reveal,
    announce,
    commit,
    derive_seed,
    draw_announced,
    verify_draw,
)
from jointcheck.strategies import populations
from jointcheck.strategies._sampling import exclusions, sampling_rules

from ._round import make_round, registry, secrets_for


@pytest.fixture(scope="module")
def made():  # type: ignore[no-untyped-def]
    return make_round()


# ---------------------------------------------------------------------- honest rounds
@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    population=populations(min_size=1, max_size=40),
    rule=sampling_rules(),
    data=st.data(),
    parties=st.integers(2, 4),
    waitlist=st.one_of(st.none(), st.integers(0, 4)),
    replacements=st.integers(0, 2),
    names=st.booleans(),
)
def test_every_honest_bundle_verifies(
    population, rule, data, parties, waitlist, replacements, names
) -> None:  # type: ignore[no-untyped-def]
    excluded = data.draw(exclusions(population))
    secrets = secrets_for(f"p{parties}", tuple(f"部门{i}" for i in range(parties)))
    announcement = announce(
        population,
        rule,
        task="任务",
        commitments=[commit(p, v) for p, v in secrets.items()],
        exclude=excluded,
        waitlist=waitlist,
    )
    reveals = [Reveal(party=p, value=v) for p, v in secrets.items()]
    draw = draw_announced(announcement, population, reveals)
    for _ in range(replacements):
        waiting = [t for t in RiskTier if draw.waitlist(t) and draw.selected_in(t)]
        if not waiting:
            break
        tier = data.draw(st.sampled_from(waiting))
        draw = draw.replace(draw.selected_in(tier)[0], reason="现场核实已关闭")
    files = build_bundle(PublicRound(announcement=announcement, draw=draw), inspector_names=names)
    report = audit_bundle(files, population, announced_digest=announcement.digest())
    assert report.passed, report.to_text()
    assert len(report.declared) >= len(draw.replacements)


def test_an_honest_round_with_teams_verifies_every_way(made) -> None:  # type: ignore[no-untyped-def]
    a = made.announcement
    assert (
        verify_draw(made.draw, made.population, announcement=a, inspections=made.inspections) == []
    )
    assert verify_assignment(made.assignment, made.problem, announcement=a) == ()
    for names in (True, False):
        files = build_bundle(made.public(), inspector_names=names)
        assert audit_bundle(files, made.population).passed
    assert made.assignment.seed == derive_seed(a, made.reveals, purpose="teams")
    assert made.assignment.seed != made.draw.seed


@pytest.mark.parametrize(("size", "seed"), [(150, 1), (450, 2), (900, 4)])
def test_honest_rounds_with_teams_of_other_sizes_verify(size: int, seed: int) -> None:
    other = make_round(size=size, label=f"size-{size}", seed=seed)
    files = build_bundle(other.public(), inspector_names=bool(seed % 2))
    report = audit_bundle(files, other.population, announced_digest=other.announcement.digest())
    assert report.passed, report.to_text()


# ---------------------------------------------------------------------- seed shopping
def test_seed_shopping_is_caught(made) -> None:  # type: ignore[no-untyped-def]
    """An operator re-draws with other seeds until a chosen subject is spared."""
    a, population = made.announcement, made.population
    tier = RiskTier.HIGH
    chosen = made.draw.selected_in(tier)[0]
    for attempt in itertools.count():
        shopped = HashSampler().draw(
            population, a.rule, seed=f"retry-{attempt}", exclude=a.exclusions, waitlist=5
        )
        if chosen not in shopped.selected:
            break
    assert attempt < 20  # sparing one subject takes a handful of retries
    # As a simulation the shopped draw is fine, which is exactly why it must not pass alone:
    assert verify_draw(shopped, population, allow_unbound_seed=True) == []
    assert [v.kind for v in verify_draw(shopped, population)] == [DrawViolationKind.UNBOUND_SEED]
    # Claimed as the round's draw, the seed is not the one the commitments give.
    claimed = shopped.model_copy(
        update={"announcement_digest": a.digest(), "reveals": made.draw.reveals}
    )
    kinds = {v.kind for v in verify_draw(claimed, population, announcement=a)}
    assert DrawViolationKind.SEED_NOT_DERIVED in kinds
    files = build_bundle(PublicRound(announcement=a, draw=claimed))
    report = audit_bundle(files, population)
    assert "随机种子非由承诺值生成" in report.to_text()


def test_shopping_by_re_announcing_is_caught_against_the_first_announcement(made) -> None:  # type: ignore[no-untyped-def]
    """After the notary reveals, the operator re-announces with a fresh own secret, shopping
    offline: only the digest published before the reveals exposes it."""
    a, population = made.announcement, made.population
    chosen = made.draw.selected_in(RiskTier.HIGH)[0]
    others = [r for r in made.reveals if r.party != "兴安盟市场监督管理局"]
    for attempt in itertools.count():
        mine = Reveal(party="兴安盟市场监督管理局", value=f"{attempt:064d}")
        commitments = [
            commit(mine.party, mine.value),
            *(c for c in a.commitments if c.party != mine.party),
        ]
        again = a.model_copy(
            update={"commitments": tuple(sorted(commitments, key=lambda c: c.party.encode()))}
        )
        draw = draw_announced(again, population, [mine, *others])
        if chosen not in draw.selected:
            break
    assert attempt < 20
    files = build_bundle(PublicRound(announcement=again, draw=draw))
    assert audit_bundle(files, population).passed  # self-consistent on its own…
    report = audit_bundle(files, population, announced_digest=a.digest())
    assert {f.kind for f in report.findings} == {
        "ANNOUNCEMENT_MISMATCH"
    }  # …but not the published one


def test_a_single_party_must_be_explicit_and_shows() -> None:
    population = registry(60)
    rule = SamplingRule.parse("高风险企业不低于50%")
    value = "1" * 64
    with pytest.raises(JointcheckError, match="at least two distinct parties"):
        announce(population, rule, task="t", commitments=[commit("局", value)])
    alone = announce(
        population, rule, task="t", commitments=[commit("局", value)], single_party=True
    )
    draw = draw_announced(alone, population, [Reveal(party="局", value=value)])
    page = build_bundle(PublicRound(announcement=alone, draw=draw))["index.html"].decode()
    assert "本次由单一方生成随机种子（经明确允许）" in page


# ---------------------------------------------------------------------- hostile input
FULL_WIDTH = "９１３５０２００７７６０４９６５３Ａ"


@pytest.mark.parametrize(
    "code",
    [
        FULL_WIDTH,
        "91350200776049653A" + "X",
        "91350200776049653\u0000",
        "\ud800",
        "",
        "é" * 18,
        "9" * 300,
    ],
    ids=["full-width", "too long", "NUL", "lone surrogate", "empty", "accented", "huge"],
)
def test_verify_draw_reports_a_strange_code(made, code: str) -> None:  # type: ignore[no-untyped-def]
    draw = made.draw
    strata = tuple(
        s.model_copy(update={"drawn": (code, *s.drawn[1:])}) if s.tier is RiskTier.HIGH else s
        for s in draw.strata
    )
    forged = draw.model_copy(update={"strata": strata})
    found = verify_draw(forged, made.population, announcement=made.announcement)
    assert DrawViolationKind.NOT_REPRODUCED in {v.kind for v in found}
    assert any(v.kind is DrawViolationKind.UNKNOWN_CODE for v in found) or code == ""
    forged_replacement = draw.model_copy(
        update={
            "replacements": (
                draw.replacements[0].model_copy(
                    update={"removed": code or "x", "status": "DEREGISTERED"}
                ),
            )
        }
    )
    assert verify_draw(forged_replacement, made.population, announcement=made.announcement)


def test_verify_assignment_reports_strange_codes(made) -> None:  # type: ignore[no-untyped-def]
    team = made.assignment.teams[0]
    odd = team.model_copy(update={"subject_code": FULL_WIDTH})
    forged = made.assignment.model_copy(update={"teams": (odd, *made.assignment.teams[1:])})
    codes = {
        v.code.value
        for v in verify_assignment(forged, made.problem, announcement=made.announcement)
    }
    assert {"MISSING_TEAM", "UNKNOWN_SUBJECT"} <= codes


@settings(max_examples=60, deadline=None)
@given(
    name=st.sampled_from(
        [
            "announcement.json",
            "draw.json",
            "reveals.json",
            "problem.json",
            "assignment.json",
            "results.json",
            "inspections.json",
            "manifest.json",
            "index.html",
        ]
    ),
    junk=st.one_of(
        st.binary(max_size=200),
        st.text(max_size=200).map(lambda t: t.encode("utf-8", "surrogatepass")),
        st.sampled_from([b"{}", b"[]", b"null", b'{"seed": 1}', b"\xff\xfe", '["９"]'.encode()]),
    ),
)
def test_audit_never_crashes_on_a_mangled_file(name: str, junk: bytes) -> None:
    files = dict(_SMALL_FILES)
    files[name] = junk
    report = audit_bundle(files)
    assert not report.passed
    assert report.to_text()


def _small_files() -> dict[str, bytes]:
    population = registry(60)
    secrets = secrets_for("small")
    a = announce(
        population,
        SamplingRule.parse("高风险企业不低于50%"),
        task="小",
        commitments=[commit(p, v) for p, v in secrets.items()],
    )
    draw = draw_announced(a, population, [Reveal(party=p, value=v) for p, v in secrets.items()])
    return build_bundle(PublicRound(announcement=a, draw=draw))


_SMALL_FILES = _small_files()


def test_audit_of_an_empty_or_foreign_bundle() -> None:
    assert {f.kind for f in audit_bundle({}).findings} == {"MISSING_FILE"}
    report = audit_bundle({**_SMALL_FILES, "../etc/passwd": b"x", "extra.exe": b"MZ"})
    assert {f.kind for f in report.findings} == {"UNLISTED_FILE"}


# ---------------------------------------------------------------------- the command
def run(*argv: str) -> tuple[int, str, str]:
    out, err = io.StringIO(), io.StringIO()
    code = main(list(argv), out=out, err=err)
    return code, out.getvalue(), err.getvalue()


def _inputs(made, folder: Path) -> list[str]:  # type: ignore[no-untyped-def]
    folder.mkdir()
    (folder / "announcement.json").write_text(made.announcement.model_dump_json(), "utf-8")
    (folder / "draw.json").write_text(made.draw.model_dump_json(), "utf-8")
    (folder / "problem.json").write_text(made.problem.model_dump_json(), "utf-8")
    (folder / "assignment.json").write_text(made.assignment.model_dump_json(), "utf-8")
    rows = "".join(f"{r.subject_code},{r.result}\n" for r in made.results)
    (folder / "results.csv").write_text("code,result\n" + rows, "utf-8")
    (folder / "inspections.json").write_text(
        json.dumps([r.model_dump(mode="json") for r in made.inspections]), "utf-8"
    )
    population = made.population
    lines = [
        f"{c},{RiskTier.from_code(t).value},{population.jurisdiction_labels[j]},{s}"
        for c, t, j, s in zip(
            population.code_strings(),
            population.tiers.tolist(),
            population.jurisdictions.tolist(),
            [
                ["OPERATING", "SUSPENDED", "DEREGISTERED", "REVOKED", "CANCELLED", "MOVED_OUT"][s]
                for s in population.statuses.tolist()
            ],
            strict=True,
        )
    ]
    (folder / "registry.csv").write_text(
        "code,tier,jurisdiction,status\n" + "\n".join(lines) + "\n", "utf-8"
    )
    return [
        "--announcement",
        str(folder / "announcement.json"),
        "--draw",
        str(folder / "draw.json"),
        "--problem",
        str(folder / "problem.json"),
        "--assignment",
        str(folder / "assignment.json"),
        "--results",
        str(folder / "results.csv"),
        "--inspections",
        str(folder / "inspections.json"),
    ]


@pytest.mark.parametrize("target", ["round", "round.zip"])
def test_publish_then_audit(made, tmp_path: Path, target: str) -> None:  # type: ignore[no-untyped-def]
    inputs = _inputs(made, tmp_path / "in")
    bundle = str(tmp_path / target)
    code, out, err = run("publish", *inputs, "-o", bundle)
    assert (code, err) == (0, ""), err
    assert "Verdict: PASSED" in out
    if target.endswith(".zip"):
        assert sorted(zipfile.ZipFile(bundle).namelist()) == sorted(build_bundle(made.public()))
    registry_csv = str(tmp_path / "in" / "registry.csv")
    code, out, _ = run(
        "audit", bundle, registry_csv, "--announcement-digest", made.announcement.digest()
    )
    assert code == 0, out
    assert out.startswith("核验对象 Round: xam-2023-1 医疗美容场所联合检查\n结论：通过。")
    assert "抽取名单由名录库复算一致" in out
    assert "配员表与公示的输入一致" in out  # staffing.csv written and checked
    code, out, _ = run("audit", bundle)
    assert code == 0
    assert "抽取名单未复算：未提供名录库" in out


def test_audit_of_a_tampered_folder_names_the_problem(made, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    inputs = _inputs(made, tmp_path / "in")
    run("publish", *inputs, "-o", str(tmp_path / "round"))
    draw = tmp_path / "round" / "draw.json"
    draw.write_text(draw.read_text("utf-8").replace(made.draw.seed, "0" * 64), "utf-8")
    code, out, _ = run("audit", str(tmp_path / "round"))
    assert code == 1
    assert "结论：未通过" in out
    assert "文件摘要不符 (a file differs from its digest in the manifest)" in out


@pytest.mark.parametrize(
    ("argv", "message"),
    [
        (["audit", "nope"], "does not exist"),
        (["audit", "notazip.zip"], "neither a folder nor a zip"),
        (["publish", "--announcement", "a.json", "--draw", "d.json", "-o", "x"], "does not exist"),
    ],
)
def test_bad_input_is_exit_code_2(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, argv: list[str], message: str
) -> None:
    monkeypatch.chdir(tmp_path)
    (tmp_path / "notazip.zip").write_bytes(b"not a zip")
    code, out, err = run(*argv)
    assert (code, out) == (2, "")
    assert err.startswith("jointcheck: error:")
    assert message in err


def test_results_csv_errors_name_the_line(made, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    inputs = _inputs(made, tmp_path / "in")
    (tmp_path / "in" / "results.csv").write_text("code,result\nA,B,C\n", "utf-8")
    code, _, err = run("publish", *inputs, "-o", str(tmp_path / "out"))
    assert code == 2
    assert "results.csv:2: expected 2 columns" in err


@pytest.mark.parametrize("bad", [None, "draw.json", 3, {"seed": "x"}])
def test_wrong_types_are_jointcheck_errors(made, bad: object) -> None:  # type: ignore[no-untyped-def]
    with pytest.raises(JointcheckError, match="draw must be a Draw"):
        verify_draw(bad, made.population)  # type: ignore[arg-type]
    with pytest.raises(JointcheckError, match="assignment must be an Assignment"):
        verify_assignment(bad, made.problem)  # type: ignore[arg-type]
    if bad is not None:  # None is allowed: no registry at hand, no announcement
        with pytest.raises(JointcheckError, match="population must be"):
            verify_draw(made.draw, bad)  # type: ignore[arg-type]
        with pytest.raises(JointcheckError, match="announcement must be an Announcement"):
            verify_assignment(made.assignment, made.problem, announcement=bad)  # type: ignore[arg-type]
    with pytest.raises(JointcheckError, match="files must map"):
        audit_bundle({"draw.json": bad} if bad is not None else bad)  # type: ignore[arg-type]


@settings(
    max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(
    codes=st.lists(st.text(max_size=30), min_size=1, max_size=4),
    where=st.sampled_from(["drawn", "waitlist"]),
)
def test_any_text_as_codes_never_crashes_verify_draw(made, codes: list[str], where: str) -> None:  # type: ignore[no-untyped-def]
    draw = made.draw
    strata = tuple(
        s.model_copy(update={where: tuple(codes)}) if s.tier is RiskTier.HIGH else s
        for s in draw.strata
    )
    found = verify_draw(
        draw.model_copy(update={"strata": strata}), made.population, announcement=made.announcement
    )
    assert found  # a changed stratum never passes


@settings(
    max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(subject=st.text(max_size=30), inspector=st.text(max_size=30))
def test_any_text_in_a_team_never_crashes_verify_assignment(
    made, subject: str, inspector: str
) -> None:  # type: ignore[no-untyped-def]
    team = made.assignment.teams[0]
    part = team.departments[0]
    odd = team.model_copy(
        update={
            "subject_code": subject or "x",
            "departments": (
                part.model_copy(update={"members": (inspector or "y", *part.members[1:])}),
                *team.departments[1:],
            ),
        }
    )
    forged = made.assignment.model_copy(update={"teams": (odd, *made.assignment.teams[1:])})
    assert verify_assignment(forged, made.problem, announcement=made.announcement)
