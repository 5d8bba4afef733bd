"""``jointcheck draw`` and ``jointcheck verify`` through main(), with files in tmp_path."""

from __future__ import annotations

import io
import json
from pathlib import Path

import pytest

from jointcheck.cli import main
from jointcheck.model import SamplingRule
from jointcheck.population import Population
from jointcheck.sampling import Draw, HashSampler, verify_draw
from jointcheck.synthetic import synthetic_codes

XINGAN = (
    "高风险企业抽取比例不低于10%、较高风险企业不低于5%、中风险企业不低于1%、低风险企业不低于0.5%"
)
CODES = [c.decode() for c in synthetic_codes(300, seed=11).tolist()]
TIERS = ["D", "C", "B", "A", "无风险等级"]


def run(*argv: str) -> tuple[int, str, str]:
    out, err = io.StringIO(), io.StringIO()
    code = main(list(argv), out=out, err=err)
    return code, out.getvalue(), err.getvalue()


@pytest.fixture
def registry(tmp_path: Path) -> Path:
    path = tmp_path / "registry.csv"
    rows = [f"{c},{TIERS[i % 5]},15220{i % 3}" for i, c in enumerate(CODES)]
    path.write_text("code,tier,jurisdiction\n" + "\n".join(rows) + "\n", encoding="utf-8")
    return path


def population() -> Population:
    return Population.from_arrays(
        CODES,
        [TIERS[i % 5] for i in range(len(CODES))],
        jurisdictions=[f"15220{i % 3}" for i in range(len(CODES))],
    )


def test_draw_prints_the_library_draw_as_json(registry: Path) -> None:
    code, out, err = run("draw", str(registry), "--rule", XINGAN, "--seed", "2023-03-03")
    assert code == 0
    # the rule names the four rated tiers only: the 60 unrated subjects get no share
    assert err == (
        "warning: 无风险等级(UNRATED): none of its 60 subjects is drawn — the rule sets no "
        "share for this tier\n"
    )
    draw = Draw.model_validate_json(out)
    expected = HashSampler().draw(population(), SamplingRule.parse(XINGAN), seed="2023-03-03")
    assert draw == expected
    assert verify_draw(draw, population(), allow_unbound_seed=True) == []


def test_draw_to_a_file_prints_a_summary(registry: Path, tmp_path: Path) -> None:
    target = tmp_path / "draw.json"
    code, out, _ = run(
        "draw", str(registry), "--rule", XINGAN, "--seed", "S", "--output", str(target)
    )
    assert code == 0
    draw = Draw.model_validate_json(target.read_text("utf-8"))
    assert "高风险(HIGH): 6/60 — 不低于10%: ceil(60 × 10%) = 6" in out
    assert f"selected {len(draw.selected)} subjects; draw digest {draw.digest()}" in out
    assert f"written to {target}" in out


def test_a_tier_left_without_a_share_is_a_warning_and_in_the_summary(
    registry: Path, tmp_path: Path
) -> None:
    target = tmp_path / "draw.json"
    code, out, err = run(
        "draw", str(registry), "--rule", "A类企业1家，100%抽取", "--seed", "S", "-o", str(target)
    )
    assert code == 0
    lines = err.splitlines()
    assert [line.split(":")[0] for line in lines] == ["warning"] * 4
    assert lines[0] == (
        "warning: 高风险(HIGH): none of its 60 subjects is drawn — the rule sets no share for "
        "this tier"
    )
    assert "  warning: 一般风险(MEDIUM): none of its 60 subjects is drawn" in out  # the summary
    assert "selected 60 subjects" in out  # all 60 低风险, as the rule says


def test_an_overall_minimum_draws_from_every_tier(registry: Path) -> None:
    code, out, err = run("draw", str(registry), "--rule", "抽查比例5%以上", "--seed", "S")
    assert (code, err) == (0, "")
    draw = Draw.model_validate_json(out)
    # ceil(300 × 5%) = 15 over five tiers of 60, weights 1:2:4:8 and UNRATED as 2:
    # λ = 15/(60 · 17) = 1/68; shares 60·λ·w = 0.88, 1.76, 3.53, 7.06 and 1.76 → floors
    # 0+1+3+7+1 = 12; the 3 left go to LOW (.88), then MEDIUM and UNRATED (.76, MEDIUM first)
    assert {s.tier.value: len(s.drawn) for s in draw.strata} == {
        "UNRATED": 2,
        "LOW": 1,
        "MEDIUM": 2,
        "HIGHER": 3,
        "HIGH": 7,
    }


def test_verify_ok_prints_the_digest(registry: Path, tmp_path: Path) -> None:
    target = tmp_path / "draw.json"
    run("draw", str(registry), "--rule", XINGAN, "--seed", "S", "-o", str(target))
    code, out, err = run("verify", str(target), str(registry), "--allow-unbound-seed")
    draw = Draw.model_validate_json(target.read_text("utf-8"))
    assert (code, err) == (0, "")
    assert out.startswith(f"OK: the draw reproduces from {registry}\n")
    assert f"draw digest        {draw.digest()}" in out
    assert "300 subjects" in out


def test_verify_a_tampered_draw_exits_1_with_each_violation(registry: Path, tmp_path: Path) -> None:
    target = tmp_path / "draw.json"
    run("draw", str(registry), "--rule", XINGAN, "--seed", "S", "-o", str(target))
    data = json.loads(target.read_text("utf-8"))
    high = data["strata"][4]
    high["drawn"][0], high["waitlist"][0] = high["waitlist"][0], high["drawn"][0]
    tampered = tmp_path / "tampered.json"
    tampered.write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8")
    code, out, _ = run("verify", str(tampered), str(registry), "--allow-unbound-seed")
    assert code == 1
    assert out.startswith(f"FAILED: 2 violations of the draw against {registry}")
    assert "  NOT_REPRODUCED: HIGH: seed 'S'" in out
    assert "  WAITLIST_NOT_REPRODUCED: HIGH" in out


def test_verify_against_a_changed_registry(registry: Path, tmp_path: Path) -> None:
    target = tmp_path / "draw.json"
    run("draw", str(registry), "--rule", XINGAN, "--seed", "S", "-o", str(target))
    lines = registry.read_text("utf-8").splitlines()
    changed = tmp_path / "changed.csv"
    changed.write_text("\n".join(lines[:-1]) + "\n", encoding="utf-8")
    code, out, _ = run("verify", str(target), str(changed), "--allow-unbound-seed")
    assert code == 1
    assert "POPULATION_CHANGED" in out


def test_a_file_that_is_not_a_draw_is_bad_input(registry: Path, tmp_path: Path) -> None:
    other = tmp_path / "other.json"
    other.write_text('{"seed": "S"}', encoding="utf-8")
    code, out, err = run("verify", str(other), str(registry), "--allow-unbound-seed")
    assert (code, out) == (2, "")
    assert err.startswith(f"jointcheck: error: {other}: not a valid draw (Draw JSON)")
    broken = tmp_path / "broken.json"
    broken.write_text('{"seed": ', encoding="utf-8")
    code, _, err = run("verify", str(broken), str(registry), "--allow-unbound-seed")
    assert code == 2
    assert f"{broken}:1:10: draw is not valid JSON" in err


def test_unknown_registry_file(tmp_path: Path) -> None:
    code, out, err = run("draw", str(tmp_path / "nope.csv"), "--rule", "5%", "--seed", "S")
    assert (code, out) == (2, "")
    assert (
        err == f"jointcheck: error: registry {str(tmp_path / 'nope.csv')!r} does not exist "
        f"(working directory: {Path.cwd()})\n"
    )


def test_bad_row_names_file_and_line(tmp_path: Path) -> None:
    path = tmp_path / "registry.csv"
    path.write_text(f"code,tier\n{CODES[0]},A\n{CODES[1]},A\n{CODES[2]},Z类\n", encoding="utf-8")
    code, out, err = run("draw", str(path), "--rule", "5%", "--seed", "S")
    assert (code, out) == (2, "")
    assert err.startswith(f"jointcheck: error: {path}:4: risk tier label 'Z类' is not known")


def test_unreadable_rule_is_bad_input_before_reading(tmp_path: Path) -> None:
    code, _, err = run("draw", str(tmp_path / "nope.csv"), "--rule", "随便抽几家", "--seed", "S")
    assert code == 2
    assert "jointcheck: error: sampling rule '随便抽几家': cannot read '随便抽几家'" in err


def test_rule_as_json_and_from_a_file(registry: Path, tmp_path: Path) -> None:
    rule = SamplingRule.parse(XINGAN)
    by_phrase = run("draw", str(registry), "--rule", XINGAN, "--seed", "S")[1]
    by_json = run("draw", str(registry), "--rule", rule.model_dump_json(), "--seed", "S")[1]
    rule_file = tmp_path / "rule.txt"
    rule_file.write_text(XINGAN + "\n", encoding="utf-8")
    by_file = run("draw", str(registry), "--rule", f"@{rule_file}", "--seed", "S")[1]
    assert by_phrase == by_json == by_file
    code, _, err = run("draw", str(registry), "--rule", '{"tiers": 3}', "--seed", "S")
    assert code == 2
    assert "--rule: not a valid SamplingRule JSON" in err


def test_bad_seed_is_bad_input(registry: Path) -> None:
    code, _, err = run("draw", str(registry), "--rule", "5%", "--seed", " S")
    assert code == 2
    assert "must not start or end with white space" in err


def test_exclude_status(tmp_path: Path) -> None:
    path = tmp_path / "registry.csv"
    path.write_text(
        f"code,tier,status\n{CODES[0]},D,注销\n{CODES[1]},D,OPERATING\n{CODES[2]},D,revoked\n",
        encoding="utf-8",
    )
    code, out, _ = run(
        "draw", str(path), "--rule", "100%", "--seed", "S", "--exclude-status", "DEREGISTERED,吊销"
    )
    assert code == 0
    draw = Draw.model_validate_json(out)
    assert draw.selected == (CODES[1],)
    assert draw.exclusions[0].codes == tuple(sorted((CODES[0], CODES[2])))
    code, _, err = run("draw", str(path), "--rule", "5%", "--seed", "S", "--exclude-status", "x")
    assert code == 2
    assert "status label 'x' is not known" in err


def test_generator_sampler_says_it_is_for_simulations(registry: Path, tmp_path: Path) -> None:
    target = tmp_path / "draw.json"
    argv = f"draw {registry} --rule 10% --seed S --sampler generator -o {target}".split()
    code, out, _ = run(*argv)
    assert code == 0
    assert "numpy-generator-v1 is for simulations" in out
    assert run("verify", str(target), str(registry), "--allow-unbound-seed")[0] == 0


def test_progress_line_on_request(registry: Path, tmp_path: Path) -> None:
    code, _, err = run(*f"draw {registry} --rule 10% --seed S --progress -o {tmp_path}/d".split())
    assert code == 0
    assert "jointcheck: reading [########################] 100% 300 rows" in err
    assert "jointcheck: drawing from 300 subjects: " in err
    quiet = run("draw", str(registry), "--rule", "10%", "--seed", "S", "-o", str(tmp_path / "e"))
    assert quiet[2] == ""  # not a terminal, few rows: no progress line


def test_help_has_an_example() -> None:
    code, out, _ = run("draw", "--help")
    assert code == 0
    assert "examples:\n  jointcheck draw registry.csv --rule" in out
    assert "code,tier,jurisdiction" in out


def test_missing_arguments_are_a_usage_error() -> None:
    code, out, err = run("draw", "registry.csv")
    assert (code, out) == (2, "")
    assert "jointcheck: error: the following arguments are required: --rule, --seed" in err
