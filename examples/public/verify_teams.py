"""Recompute the teams (matching algorithm v2) from staffing.csv and the seed: stdlib only."""

import csv
import hashlib
from collections import Counter, defaultdict, deque

TAG, MASK = "jointcheck-match-v2", (1 << 64) - 1


def ticket(*lines):  # the first 8 bytes of SHA-256 of the lines, big-endian
    return int.from_bytes(hashlib.sha256("\n".join(lines).encode()).digest()[:8], "big")


def fmix64(x):  # MurmurHash3's 64-bit finaliser
    x ^= x >> 33
    x = x * 0xFF51AFD7ED558CCD & MASK
    x ^= x >> 33
    x = x * 0xC4CEB9FE1A85EC53 & MASK
    return x ^ (x >> 33)


def staff(seed, rows):
    """One staffing call (its rows of staffing.csv): chosen arcs, greedy stages, pools, levels."""
    node = {r["node"]: r for r in rows}
    a = {r["subject_code"]: ticket(TAG, seed, r["subject_code"]) for r in rows}
    b = {r["inspector_id"]: ticket(TAG, seed, "", r["inspector_id"]) for r in rows}
    order = sorted(node, key=lambda n: (a[node[n]["subject_code"]], node[n]["subject_code"], n))
    need = {n: int(node[n]["demand"]) for n in order}
    most = {n: int(node[n]["max_uncertified"]) for n in order}
    cap = {r["inspector_id"]: int(r["cap"]) for r in rows}
    cert = {(r["node"], r["inspector_id"]): r["certified"] == "1" for r in rows}
    cands, arcs = defaultdict(list), defaultdict(list)  # a node's inspectors, an inspector's nodes
    for n, i in cert:
        cands[n].append(i)
    for n in order:
        cands[n].sort(key=lambda i: (fmix64(a[node[n]["subject_code"]] ^ b[i]), i))
        for i in cands[n]:
            arcs[i].append(n)
    pool, seen, want, heads = {}, set(), Counter(), defaultdict(set)
    for n in order:  # pools: connected components, numbered in node order
        if n not in pool:
            pool[n], stack = len(want) + 1, [n]
            while stack:  # every node reachable through a shared candidate
                for i in set(cands[stack.pop()]) - seen:
                    seen.add(i)
                    stack.extend(m for m in arcs[i] if m not in pool)
                    pool.update((m, pool[n]) for m in arcs[i])
        want[pool[n]] += need[n]
        heads[pool[n]].update(cands[n])
    level = {}
    for p, people in heads.items():  # the smallest L with sum(min(cap, L)) >= the demand
        caps, level[p] = [cap[i] for i in people], 0
        while sum(min(c, level[p]) for c in caps) < min(want[p], sum(caps)):
            level[p] += 1
    base = {i: max(level[pool[arcs[i][0]]] - 1, 0) for i in arcs}
    stages = [0]
    while stages[-1] < max(cap[i] - base[i] for i in arcs):
        stages.append(stages[-1] + 1 if stages[-1] < 3 else 2 * stages[-1])
    load, got, unc, stage, chosen = Counter(), Counter(), Counter(), {}, set()

    def into(v):  # residual arcs into node v, in the specified order
        kind, x = v
        if kind == "i":  # it leaves a node it serves (its nodes in node order)
            return [(("n" if cert[n, x] else "u", n), (n, x)) for n in arcs[x] if (n, x) in chosen]
        want = kind == "n"  # a certified arc joins N, an uncertified one U
        found = [
            (("i", i), (x, i)) for i in cands[x] if cert[x, i] == want and (x, i) not in chosen
        ]
        if kind == "n" and unc[x] < most[x]:
            found.append((("u", x), None))  # through the node's uncertified places
        if kind == "u" and unc[x] > 0:
            found.append((("n", x), None))  # an uncertified member leaves
        return found

    for j in stages:  # each stage: the greedy, then the repair, at the stage's caps
        for n in order:
            for i in cands[n]:
                if got[n] >= need[n]:
                    break
                if (n, i) in chosen or load[i] >= min(cap[i], base[i] + j):
                    continue
                if cert[n, i] or unc[n] < most[n]:
                    chosen.add((n, i))
                    stage[n, i], load[i], got[n] = j, load[i] + 1, got[n] + 1
                    unc[n] += not cert[n, i]
        for n in order:  # breadth-first augmenting paths, short nodes in order
            while got[n] < need[n]:
                via, queue, found = {("n", n): None}, deque([("n", n)]), None
                while queue and not found:
                    v = queue.popleft()
                    for u, arc in into(v):
                        if u not in via:
                            via[u] = (v, arc)
                            if u[0] == "i" and load[u[1]] < min(cap[u[1]], base[u[1]] + j):
                                found = u
                                break
                            queue.append(u)
                if not found:
                    break
                load[found[1]], got[n], u = load[found[1]] + 1, got[n] + 1, found
                while via[u]:
                    (v, arc), joins = via[u], u[0] == "i"
                    if arc:
                        chosen.add(arc) if joins else chosen.discard(arc)
                        unc[arc[0]] += 0 if cert[arc] else 1 if joins else -1
                    u = v
    if rows and rows[0]["role"] == "specialist":  # needs still open: covered together
        team = defaultdict(set)
        for n, i in chosen:
            team[node[n]["subject_code"]].add(i)
        held = Counter(i for s in team for i in team[s])
        for n in (n for n in order if got[n] < need[n]):
            s = node[n]["subject_code"]
            spare = [i for i in cands[n] if held[i] < cap[i]]
            if spare and not team[s] & set(cands[n]):
                chosen.add((n, spare[0]))
                team[s].add(spare[0])
                held[spare[0]] += 1
    return chosen, stage, pool, level


def check_teams(seed, rows, assignment):
    """Problems found when the teams are recomputed from the staffing table's rows."""
    if assignment["version"] != "2":
        return [f"teams of algorithm version {assignment['version']} cannot be recomputed here"]
    problems, calls, teams = [], defaultdict(list), defaultdict(list)
    for r in rows:
        calls[r["department_id"], r["role"]].append(r)
    for (department, role), call in calls.items():
        chosen, stage, pool, level = staff(seed, call)
        for r in call:
            arc, p = (r["node"], r["inspector_id"]), pool[r["node"]]
            got = (str(stage.get(arc, "")), str(int(arc in chosen)), str(p), str(level[p]))
            if (r["stage"], r["chosen"], r["pool"], r["level"]) != got:
                problems.append(f"staffing.csv: {department} {role} {arc} does not recompute")
            if (
                arc in chosen
                and r["inspector_id"] not in teams[r["subject_code"], department, role]
            ):
                teams[r["subject_code"], department, role].append(r["inspector_id"])
    recorded = {
        (t["subject_code"], part["department_id"], role): part[role + "s"]
        for t in assignment["teams"]
        for part in t["departments"]
        for role in ("member", "specialist")
    }
    for key in sorted(set(recorded) | set(teams)):
        if sorted(teams.get(key, [])) != recorded.get(key, []):
            problems.append(f"{key[0]}: the {key[2]}s of {key[1]} do not recompute from the seed")
    return problems


def check_table(seed, table, assignment):
    """Problems found recomputing the teams from the bundle's staffing.csv (a path)."""
    if assignment["version"] == "1":  # Dinic's flow: only `jointcheck audit` redoes it
        print("note: teams of algorithm version 1 are recomputed by jointcheck audit, not here")
        return []
    if not table.exists():
        return ["staffing.csv is missing: the teams cannot be recomputed"]
    with open(table, encoding="utf-8", newline="") as f:
        return check_teams(seed, list(csv.DictReader(f)), assignment)
