"""Check a jointcheck bundle with the standard library only: python verify_round.py DIR [REGISTRY.csv]"""

import csv
import hashlib
import json
import sys
from pathlib import Path

from verify_digest import check_digest  # the registry's digest (verify_digest.py, beside this)
from verify_teams import check_table  # the teams, recomputed (verify_teams.py, next to this)

folder = Path(sys.argv[1])
load = lambda name: json.loads((folder / name).read_text("utf-8"))  # noqa: E731
field = lambda s: f"{len(s.encode())}:".encode() + s.encode() + b","  # noqa: E731
problems = []
for entry in load("manifest.json")["files"]:  # 1. every file is the one the manifest lists
    if hashlib.sha256((folder / entry["name"]).read_bytes()).hexdigest() != entry["sha256"]:
        problems.append(f"{entry['name']} differs from the manifest")
announcement, draw = load("announcement.json"), load("draw.json")
digest = hashlib.sha256((folder / "announcement.json").read_bytes()).hexdigest()
committed = {c["party"]: c["digest"] for c in announcement["commitments"]}
revealed = {r["party"]: r["value"] for r in load("reveals.json")}
for party, value in revealed.items():  # 2. each reveal matches its commitment
    if hashlib.sha256(
        b"jointcheck-commit-v1:" + field(party) + field(value)
    ).hexdigest() != committed.get(party):
        problems.append(f"the value revealed by {party} does not match its commitment")
if set(revealed) != set(committed):
    problems.append("not every committed party revealed")


def seed(purpose):  # 3. the seeds come from the announcement and every reveal
    h = hashlib.sha256(b"jointcheck-seed-v2:" + field(digest) + field(purpose))
    for party in sorted(revealed, key=str.encode):
        h.update(field(party) + field(revealed[party]))
    return h.hexdigest()


records = [("subjects", draw)] + (
    [("teams", load("assignment.json"))] if (folder / "assignment.json").exists() else []
)
for purpose, record in records:
    if record["seed"] != seed(purpose) or record["announcement_digest"] != digest:
        problems.append(f"the {purpose} seed is not the one the ceremony gives")
for key in ("rule", "quotas", "exclusions", "algorithm", "population_digest", "population_size"):
    if draw[key] != announcement[key]:  # 4. the draw is the announced one
        problems.append(f"the draw's {key} is not the announced one")
if len(sys.argv) > 2:  # 5. the registry's digest, and the draw recomputed from the registry
    problems += check_digest(sys.argv[2], draw, announcement)
    excluded = {c for e in draw["exclusions"] for c in e["codes"]}
    key = hashlib.sha256(("jointcheck-hash-v1:" + draw["seed"]).encode()).digest()
    with open(sys.argv[2], encoding="utf-8-sig") as f:
        rows = [r for r in csv.DictReader(f) if r["code"] not in excluded]
    for stratum, wanted in zip(draw["strata"], announcement["waitlist_lengths"], strict=True):
        codes = sorted(
            (r["code"] for r in rows if r["tier"] == stratum["tier"]),
            key=lambda c: (hashlib.sha256(key + c.encode()).digest(), c),
        )
        quota = stratum["quota"]
        if (
            codes[:quota] != stratum["drawn"]
            or codes[quota : quota + wanted] != stratum["waitlist"]
        ):
            problems.append(f"the {stratum['tier']} stratum does not recompute from the registry")
if (folder / "assignment.json").exists():  # 6. one team per subject, big enough, no 回避 broken
    problem, teams = load("problem.json"), load("assignment.json")["teams"]
    needed = {r["department_id"]: r["min_members"] for r in problem["requirements"]}
    recused = {(r["subject_code"], r["inspector_id"]) for r in problem["conflicts"]["recusals"]}
    if sorted(t["subject_code"] for t in teams) != sorted(s["code"] for s in problem["subjects"]):
        problems.append("the teams are not one per drawn subject")
    for team, part in ((t, p) for t in teams for p in t["departments"]):
        if len(part["members"]) < needed.get(part["department_id"], 2):
            problems.append(f"{team['subject_code']}: too few members of {part['department_id']}")
        for inspector in part["members"] + part["specialists"]:
            if (team["subject_code"], inspector) in recused:
                problems.append(f"{team['subject_code']}: {inspector} should have recused (回避)")
if (folder / "assignment.json").exists():  # 7. every team recomputed from the staffing table
    problems += check_table(seed("teams"), folder / "staffing.csv", load("assignment.json"))
print("\n".join(problems) or "OK: the seeds, the announcement, the draw and the teams check out")
sys.exit(1 if problems else 0)
