"""The plan table of notice 000, as printed, read into a plan by the library's reader; it agrees
with the built-in plan, which makes the two sources check each other."""

from __future__ import annotations

import importlib
import re
import sys
from pathlib import Path
from types import ModuleType

import pytest

from jointcheck.model import (
    RiskTier,
)
from jointcheck.scenarios import xingan_2023_plan

EXAMPLES = Path(__file__).resolve().parents[2] / "examples"


def _load() -> ModuleType:
    sys.path.insert(0, str(EXAMPLES))
    try:
        return importlib.import_module("_plan_tables")
    finally:
        sys.path.remove(str(EXAMPLES))


tables = _load()


# ---------------------------------------------------------------------- 000 Xing'an


def test_xingan_table_agrees_with_the_builtin_plan() -> None:
    table = tables.xingan_2023_plan_from_table()
    builtin = xingan_2023_plan()
    assert tables.plan_differences(table, builtin) == []
    for a, b in zip(table.tasks, builtin.tasks, strict=True):
        assert a.sampling == b.sampling
        assert [(i.department_id, i.name) for i in a.check_items] == [
            (i.department_id, i.name) for i in b.check_items
        ]
        counts = {RiskTier.HIGH: 25, RiskTier.HIGHER: 300, RiskTier.MEDIUM: 1000, RiskTier.LOW: 50}
        counts[RiskTier.UNRATED] = 7
        assert a.sampling.quotas(counts) == b.sampling.quotas(counts)


def test_a_changed_table_cell_is_a_difference(tmp_path: Path) -> None:
    text = tables.XINGAN_TABLE.read_text(encoding="utf-8")
    changed = tmp_path / "plan.tsv"
    changed.write_text(text.replace("无风险等级抽取30%", "无风险等级抽取20%", 1), encoding="utf-8")
    found = tables.plan_differences(tables.xingan_2023_plan_from_table(changed), xingan_2023_plan())
    assert len(found) == 1
    assert found[0].startswith("task xam-2023-1 sampling")
    renamed = tmp_path / "renamed.tsv"
    renamed.write_text(text.replace("登记事项检查。", "登记事项核查。", 1), encoding="utf-8")
    found = tables.plan_differences(tables.xingan_2023_plan_from_table(renamed), xingan_2023_plan())
    assert found == [found[0]]
    assert "check items" in found[0]


def test_xingan_items_belong_to_the_department_of_their_column() -> None:
    task = tables.xingan_2023_plan_from_table().tasks[0]
    assert [i.department_id for i in task.check_items] == ["xam-samr"] * 4 + ["xam-nhc"]
    assert task.initiator_id == "xam-samr"
    assert task.participant_ids == ("xam-nhc",)


def test_xingan_rule_adds_the_tiered_ratios_only_to_an_unrated_phrase() -> None:
    only_a = tables.xingan_rule("A类企业1家，100%抽取")
    assert [r.tier for r in only_a.tiers] == [RiskTier.LOW]
    unrated = tables.xingan_rule("无风险等级抽取30%")
    assert [r.tier for r in unrated.tiers] == [
        RiskTier.UNRATED,
        RiskTier.LOW,
        RiskTier.MEDIUM,
        RiskTier.HIGHER,
        RiskTier.HIGH,
    ]
    assert unrated.text == f"{tables.XINGAN_TIERED}；无风险等级抽取30%"


def test_windows_outside_the_printed_months_are_rejected(tmp_path: Path) -> None:
    text = tables.XINGAN_TABLE.read_text(encoding="utf-8")
    changed = tmp_path / "plan.tsv"
    changed.write_text(text.replace("\t3-4月\t", "\t4月\t", 1), encoding="utf-8")
    with pytest.raises(
        tables.TableError, match=re.escape("row 1: the inspection 2023-03-07..2023-04-07")
    ):
        tables.xingan_2023_plan_from_table(changed)
