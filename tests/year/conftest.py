"""A small year to test against: an own task, a joint task, a dispatched city task."""

from __future__ import annotations

import datetime as dt

import numpy as np
import pytest

from jointcheck.model import CheckItem, DateWindow, Department, Plan, Task, Unit, UnitKind
from jointcheck.population import Population
from jointcheck.records import AnnualPlan, PlanEntry, PlanLevel
from jointcheck.sampling import HashSampler, Reveal, announce, commit, draw_announced
from jointcheck.synthetic import synthetic_codes

SAMR, NHC, CITY = "samr", "nhc", "city"
D = dt.date


def window(start: str, end: str) -> DateWindow:
    return DateWindow(start=D.fromisoformat(start), end=D.fromisoformat(end))


def departments() -> tuple[Department, ...]:
    return (
        Department(
            id=SAMR,
            name="县市场监督管理局",
            units=(
                Unit(id="st1", name="一所", kind=UnitKind.STATION, jurisdictions=("甲镇",)),
                Unit(id="st2", name="二所", kind=UnitKind.STATION, jurisdictions=("乙镇",)),
            ),
        ),
        Department(id=NHC, name="县卫生健康局"),
    )


def make_annual(**entry_changes: object) -> AnnualPlan:
    own = Plan(
        id="own",
        name="本级计划",
        year=2023,
        initiator_id=SAMR,
        departments=departments()[:1],
        tasks=(
            Task(
                id="t-own",
                name="企业双随机抽查",
                check_items=(CheckItem(id="reg", department_id=SAMR, name="登记事项检查"),),
                sampling="10%",
                extraction=window("2023-09-25", "2023-09-28"),
                inspection=window("2023-10-09", "2023-12-15"),
            ),
        ),
    )
    joint = Plan(
        id="joint",
        name="部门联合计划",
        year=2023,
        initiator_id=SAMR,
        departments=departments(),
        tasks=(
            Task(
                id="t-joint",
                name="公共场所联合抽查",
                check_items=(
                    CheckItem(id="reg", department_id=SAMR, name="登记事项检查"),
                    CheckItem(id="hyg", department_id=NHC, name="公共场所卫生检查"),
                ),
                sampling="10%",
                extraction=window("2023-09-25", "2023-09-28"),
                inspection=window("2023-10-09", "2023-11-30"),
            ),
        ),
    )
    city = Plan(
        id="city",
        name="市级统筹计划",
        year=2023,
        initiator_id=CITY,
        departments=(Department(id=CITY, name="市市场监督管理局"), departments()[0]),
        tasks=(
            Task(
                id="t-city",
                name="市抽县查",
                check_items=(CheckItem(id="ad", department_id=SAMR, name="广告行为检查"),),
                sampling="10%",
                extraction=window("2023-11-13", "2023-11-17"),
                inspection=window("2023-11-20", "2023-12-31"),
            ),
        ),
    )
    return AnnualPlan(
        id="y2023",
        name="县局2023年度双随机抽查工作计划",
        year=2023,
        entries=(
            PlanEntry(plan=own),
            PlanEntry(plan=joint),
            PlanEntry(plan=city, level=PlanLevel.CITY, dispatched=True),
        ),
        **entry_changes,
    )


@pytest.fixture(scope="session")
def annual() -> AnnualPlan:
    return make_annual()


def make_population(n: int = 100, seed: int = 7) -> Population:
    rng = np.random.default_rng(seed)
    return Population.from_arrays(
        synthetic_codes(n, region="140525", seed=seed),
        rng.choice(["A", "B", "C", "D"], size=n),
        jurisdictions=rng.choice(["甲镇", "乙镇"], size=n),
    )


@pytest.fixture(scope="session")
def population() -> Population:
    return make_population()


def draw_for(annual: AnnualPlan, task_id: str, population: Population, seed: str = "s"):  # type: ignore[no-untyped-def]
    """A simulation's draw (no ceremony): verify it with ``allow_unbound_seed=True``."""
    return HashSampler().draw(population, annual.task(task_id).sampling, seed=seed)


def announced_draw(annual: AnnualPlan, task_id: str, population: Population):  # type: ignore[no-untyped-def]
    """The draw of a seed ceremony (two parties commit, announce, reveal), and its
    announcement: the public record ``verify_draw`` checks against."""
    secrets = {"县局": "a" * 64, "公证处": "b" * 64}
    announcement = announce(
        population,
        annual.task(task_id).sampling,
        task=task_id,
        commitments=[commit(p, v) for p, v in secrets.items()],
    )
    reveals = [Reveal(party=p, value=v) for p, v in secrets.items()]
    return draw_announced(announcement, population, reveals), announcement


@pytest.fixture(scope="session")
def annual_factory():  # type: ignore[no-untyped-def]
    return make_annual


@pytest.fixture(scope="session")
def drawer():  # type: ignore[no-untyped-def]
    return draw_for


@pytest.fixture(scope="session")
def ceremony():  # type: ignore[no-untyped-def]
    return announced_draw
