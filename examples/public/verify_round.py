"""Check a jointcheck bundle with the standard library only: python verify_round.py DIR [REGISTRY.csv]"""

import csv
import hashlib
import json
import sys
from pathlib import Path

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
if len(sys.argv) > 2:  # 5. the draw recomputed from the registry (code,tier columns)
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
print("\n".join(problems) or "OK: the seeds, the announcement and the draw check out")
sys.exit(1 if problems else 0)
