"""兴安盟2023年医疗美容行业联合抽查: draw, publish and verify, with the notice's ratios.

The ratios are those of 兴市监办字〔2023〕61号: 高风险不低于10%、较高风险不低于5%、中风险不低于1%、
低风险不低于0.5%, and 无风险等级抽取30% from the plan table. The registry is synthetic
(fixed seed), so the output is the same on every run.

Run: ``python examples/xingan_sampling.py``
"""

from __future__ import annotations

import datetime as dt
import hashlib
from collections import Counter

import numpy as np

from jointcheck.model import OperatingStatus, RiskTier, SamplingRule
from jointcheck.population import Population
from jointcheck.sampling import (
    Reveal,
    announce,
    commit,
    declared_facts,
    derive_seed,
    draw_announced,
    exclude_recently_inspected,
    exclude_statuses,
    verify_draw,
)
from jointcheck.synthetic import SubjectGroup, synthetic_registry

TIERED = (
    "高风险企业抽取比例不低于10%、较高风险企业不低于5%、中风险企业不低于1%、低风险企业不低于0.5%"
)
JURISDICTIONS = ("152201", "152202", "152221", "152222", "152223", "152224")  # 兴安盟 旗县市
SHARES = (0.15, 0.45, 0.28, 0.08, 0.04)  # UNRATED, LOW, MEDIUM, HIGHER, HIGH


def registry(size: int = 1_200) -> tuple[Population, list[tuple[str, str, dt.date]]]:
    """A synthetic 检查对象名录库 of medical-beauty places (3% 注销) and last year's inspections."""
    places = synthetic_registry(
        [
            SubjectGroup(
                size,
                tags=("医疗美容机构",),
                tier_shares=dict(zip(RiskTier.in_code_order(), SHARES, strict=True)),
                status_shares={OperatingStatus.OPERATING: 0.97, OperatingStatus.DEREGISTERED: 0.03},
            )
        ],
        region="152201",
        jurisdictions=JURISDICTIONS,
        seed=2023,
    )
    codes = places.population.code_strings()
    rng = np.random.default_rng(2023)
    history = [
        (codes[int(i)], "xam-samr", dt.date(2022, 9, 1) + dt.timedelta(days=int(d)))
        for i, d in zip(rng.choice(size, 60, replace=False), rng.integers(0, 180, 60), strict=True)
    ]
    return places.population, history


def main() -> None:
    rule = SamplingRule.parse(TIERED + "；无风险等级抽取30%")
    population, history = registry()
    print(f"名录库: {population!r}")
    print(f"population digest: {population.digest()}")

    exclusions = [
        exclude_statuses(population),
        exclude_recently_inspected(
            population, history, department_id="xam-samr", on=dt.date(2023, 3, 3), months=6
        ),
    ]
    for exclusion in exclusions:
        print(f"excluded {len(exclusion.codes)}: {exclusion.reason.value} — {exclusion.detail}")

    # 1. Before the seed exists: every party commits to a secret (in real use
    #    secrets.token_hex(32)), and the digest, quotas and commitments are published.
    secrets = {
        party: hashlib.sha256(f"example secret of {party}".encode()).hexdigest()
        for party in ("兴安盟市场监督管理局", "兴安盟卫生健康委员会", "公证处")
    }
    commitments = [commit(party, value) for party, value in secrets.items()]
    announcement = announce(
        population,
        rule,
        task="xam-2023-1 医疗美容场所联合检查",
        commitments=commitments,
        exclude=exclusions,
        inspections=history,  # their digest is announced: the exclusion can be checked
    )
    print(f"\nannouncement digest (published 2023-03-03): {announcement.digest()}")
    print(announcement.quotas.explain())

    # 2. After publication the parties reveal; the seed follows from every value.
    reveals = [Reveal(party=p, value=v) for p, v in secrets.items()]
    seed = derive_seed(announcement, reveals)
    print(f"\nseed: {seed}")

    # 3. The draw the announcement fixed, bound to it (jointcheck-hash-v1 tickets).
    draw = draw_announced(announcement, population, reveals)
    assert draw.seed == seed
    print(draw.summary())
    for tier in reversed(RiskTier.rated()):
        print(f"  {tier.label}: {', '.join(draw.selected_in(tier))}")

    # 4. 两个工作日内完成比对和确认: one drawn place turns out to be closed.
    closed = draw.selected_in(RiskTier.HIGH)[0]
    confirmed = draw.replace(closed, reason="经比对已停业关闭")
    substitute = confirmed.replacements[-1].added
    print(f"\nreplaced {closed} by {substitute} (next on the 高风险 waitlist)")

    # 5. Anyone with the registry, the announcement and the records can check the draw;
    #    the closure was found on site, so it is listed as declared, not verifiable.
    problems = verify_draw(confirmed, population, announcement=announcement, inspections=history)
    print(f"verify_draw: {problems or 'no violations'}")
    for fact in declared_facts(confirmed, inspections=history):
        print(f"declared, not verifiable: {fact}")
    tampered = confirmed.model_copy(update={"seed": "another seed"})
    kinds = Counter(
        v.kind.value
        for v in verify_draw(tampered, population, announcement=announcement, inspections=history)
    )
    print("with another seed:", ", ".join(f"{k} ×{n}" for k, n in sorted(kinds.items())))
    print(
        f"record: {len(confirmed.model_dump_json()):,} bytes of JSON, digest {confirmed.digest()}"
    )

    # Task 2 of the plan table: "A类企业1家，100%抽取" (all of the tier; the 1 is kept).
    a_class = SamplingRule.parse("A类企业1家，100%抽取")
    for count in (1, 2):
        record = a_class.quotas({RiskTier.LOW: count}).record(RiskTier.LOW)
        print(f"任务2 with {count} A类: quota {record.quota} — {record.reason}")


if __name__ == "__main__":
    main()
