-- Check a jointcheck bundle with DuckDB: run it in the folder of a bundle with teams, with
-- the registry as extracted saved there as registry.csv (columns
-- code,tier,jurisdiction,kind,status):
--     duckdb < verify_round.sql
-- It recomputes the seeds, the registry's population digest and the draw, and checks the teams (matching algorithm version 2,
-- see the matching specification) from staffing.csv. Every row must say true.
CREATE OR REPLACE MACRO field(s) AS octet_length(encode(s))::VARCHAR || ':' || s || ',';
-- A ticket: the first 8 bytes of SHA-256, read big-endian as an unsigned 64-bit integer.
CREATE OR REPLACE MACRO ticket(text) AS ('0x' || left(sha256(text), 16))::UBIGINT;
-- MurmurHash3's 64-bit finaliser, with products taken modulo 2^64 in 128-bit arithmetic.
CREATE OR REPLACE MACRO mul64(x, k) AS
    ((x::UHUGEINT * k::UHUGEINT) % 18446744073709551616::UHUGEINT)::UBIGINT;
CREATE OR REPLACE MACRO xorshift33(x) AS xor(x, x >> 33);
CREATE OR REPLACE MACRO fmix64(x) AS xorshift33(mul64(xorshift33(mul64(xorshift33(x),
    18397679294719823053)), 14181476777654086739));  -- 0xff51afd7ed558ccd, 0xc4ceb9fe1a85ec53

-- 1. The seeds: SHA-256 over the announcement's digest, the purpose and every reveal.
CREATE OR REPLACE TEMP TABLE announced AS
    SELECT sha256(content) AS digest FROM read_blob('announcement.json');
CREATE OR REPLACE TEMP TABLE reveals AS SELECT party, value FROM read_json('reveals.json');
CREATE OR REPLACE TEMP TABLE seeds AS
    SELECT purpose,
           sha256('jointcheck-seed-v2:' || field(digest) || field(purpose)
                  || string_agg(field(party) || field(value), '' ORDER BY encode(party))) AS seed
    FROM reveals, announced, (VALUES ('subjects'), ('teams')) AS p(purpose)
    GROUP BY purpose, digest;
CREATE OR REPLACE TEMP TABLE assignment AS
    SELECT * FROM read_json('assignment.json', maximum_object_size = 268435456);

-- 2. The draw recomputed from the registry: each tier sorted by SHA-256 ticket.
CREATE OR REPLACE TEMP TABLE recomputed AS
WITH draw AS (
    SELECT * FROM read_json('draw.json', maximum_object_size = 268435456)
), strata AS (
    SELECT s.tier, s.quota, s.drawn, s.waitlist FROM (SELECT unnest(strata) AS s FROM draw)
), excluded AS (  -- (typed through JSON: a draw may have no exclusions)
    SELECT unnest(e.codes) AS code
    FROM (SELECT unnest(from_json(to_json(exclusions), '[{"codes": ["VARCHAR"]}]')) AS e
          FROM draw)
), ranked AS (
    SELECT r.tier, r.code,
           row_number() OVER (
               PARTITION BY r.tier
               ORDER BY sha256(unhex(sha256('jointcheck-hash-v1:' || d.seed)) || encode(r.code)),
                        r.code
           ) AS n
    FROM read_csv('registry.csv', all_varchar = true) AS r, draw AS d
    WHERE r.code NOT IN (SELECT code FROM excluded)
)
SELECT s.tier, s.drawn, s.waitlist,
       coalesce(list(r.code ORDER BY r.n) FILTER (WHERE r.n <= s.quota), []) AS drawn_again,
       coalesce(list(r.code ORDER BY r.n) FILTER (
           WHERE r.n > s.quota AND r.n <= s.quota + len(s.waitlist)), []) AS waitlist_again
FROM strata AS s LEFT JOIN ranked AS r ON r.tier = s.tier
GROUP BY ALL;

-- 2b. The registry's population digest (draw specification, "Population digest") in the
--     version the draw records (absent: 1): 25-byte records in code order, hashed in one
--     chain (version 1) or in chunks of 65,536 rows whose digests are hashed (version 2).
CREATE OR REPLACE TEMP TABLE registry_digest AS
WITH recorded AS (
    SELECT coalesce(json_extract(content, '$.population_digest_version')::INTEGER, 1) AS v,
           json_extract_string(content, '$.population_digest') AS digest
    FROM read_text('draw.json')
), registry AS (
    SELECT code, coalesce(jurisdiction, '') AS label,
           list_position(['UNRATED', 'LOW', 'MEDIUM', 'HIGHER', 'HIGH'], tier) - 1 AS tier,
           CASE WHEN regexp_full_match(kind, '[0-9]') THEN kind::INTEGER ELSE list_position(
               ['ENTERPRISE', 'INDIVIDUAL_BUSINESS', 'FARMER_COOPERATIVE',
                'FOREIGN_REPRESENTATIVE_OFFICE', 'INSTITUTION', 'OTHER'], kind) - 1 END AS kind,
           CASE WHEN regexp_full_match(status, '[0-9]') THEN status::INTEGER ELSE list_position(
               ['OPERATING', 'SUSPENDED', 'DEREGISTERED', 'REVOKED', 'CANCELLED', 'MOVED_OUT'],
               status) - 1 END AS status
    FROM read_csv('registry.csv', all_varchar = true)
), labels AS (
    SELECT label, row_number() OVER (ORDER BY label) - 1 AS idx FROM (SELECT DISTINCT label FROM registry)
), records AS (
    SELECT code, (row_number() OVER (ORDER BY code) - 1) // 65536 AS chunk,
           hex(code) || repeat('00', 18 - strlen(code))
           || printf('%02x%02x%02x%08x', tier, coalesce(kind, 0), coalesce(status, 0), idx)
           AS record
    FROM registry JOIN labels USING (label)
), chunks AS (
    SELECT chunk, sha256(unhex(string_agg(record, '' ORDER BY code))) AS digest
    FROM records GROUP BY chunk
), header AS (
    SELECT 'jointcheck-population-v' || v || chr(10) || 'rows=' || (SELECT count(*) FROM registry)
           || chr(10) || 'jurisdictions=' || (SELECT count(*) FROM labels) || chr(10)
           || coalesce((SELECT string_agg(label || chr(10), '' ORDER BY label) FROM labels), '')
           AS text
    FROM recorded
)
SELECT sha256(encode(h.text) || unhex(coalesce(CASE WHEN r.v = 1
           THEN (SELECT string_agg(record, '' ORDER BY code) FROM records)
           ELSE (SELECT string_agg(digest, '' ORDER BY chunk) FROM chunks) END, '')))
       = r.digest AS ok
FROM recorded AS r, header AS h;

-- 3. The staffing table: one row per candidate arc (inspector → demand node) of each
--    staffing call (a department's members, or its specialists), with the stage at which the
--    greedy took it (empty: never) and whether it is in the final team. Tickets come from the
--    ceremony's team seed, so the orders below are the seed's, whatever the table says.
CREATE OR REPLACE TEMP TABLE arcs AS
WITH rows AS (
    SELECT department_id, role, node, subject_code, inspector_id,
           certified::INTEGER = 1 AS certified, demand::INTEGER AS demand,
           max_uncertified::INTEGER AS max_uncertified, cap::INTEGER AS cap,
           pool::INTEGER AS pool, level::INTEGER AS level, stage::INTEGER AS stage,
           chosen::INTEGER = 1 AS chosen,
           CASE WHEN node = subject_code THEN '' ELSE node[length(subject_code) + 2:] END
               AS qualification,
           -- every cell but the stage filled, the role and both flags one of their values
           (department_id || role || node || subject_code || inspector_id || certified
            || demand || max_uncertified || cap || pool || level || chosen) IS NOT NULL
           AND role IN ('member', 'specialist') AND certified IN ('0', '1')
           AND chosen IN ('0', '1') AS well_formed
    FROM read_csv('staffing.csv', header = true, all_varchar = true)
), tickets AS (
    SELECT r.*,
           ticket('jointcheck-match-v2' || chr(10) || t.seed || chr(10) || subject_code)
               AS subject_ticket,
           ticket('jointcheck-match-v2' || chr(10) || t.seed || chr(10) || chr(10) || inspector_id)
               AS inspector_ticket
    FROM rows AS r, (SELECT seed FROM seeds WHERE purpose = 'teams') AS t
)
SELECT *,
       fmix64(xor(subject_ticket, inspector_ticket)) AS pair_ticket,
       -- demand nodes in order of (subject ticket, code, qualification) within their call
       dense_rank() OVER (PARTITION BY department_id, role
                          ORDER BY subject_ticket, subject_code, qualification) AS node_rank,
       -- a node's candidates in order of (pair ticket, inspector id)
       row_number() OVER (PARTITION BY department_id, role, node
                          ORDER BY fmix64(xor(subject_ticket, inspector_ticket)), inspector_id)
           AS pair_rank
FROM tickets;

-- 4. The arcs against the published team inputs (problem.json): each joins a drawn subject
--    and an inspector of the call's department and role who is not recused from it; members'
--    certified flags follow the 执法证's validity over the window; a member node needs
--    min_members, of whom all but certified_members may be uncertified (a specialist need: 1);
--    caps are the workload cap (or the department's, or the number of subjects), at most the
--    inspector's arcs.
CREATE OR REPLACE TEMP TABLE inputs AS
    SELECT from_json(to_json(p), '{"subjects": [{"code": "VARCHAR"}],
               "inspectors": [{"id": "VARCHAR", "department_id": "VARCHAR", "specialist": "BOOLEAN",
                               "unit_id": "VARCHAR", "qualifications": ["VARCHAR"],
                               "certificate": {"valid_from": "DATE", "valid_until": "DATE"}}],
               "inspection": {"start": "DATE", "end": "DATE"},
               "requirements": [{"department_id": "VARCHAR", "min_members": "INTEGER",
                                 "certified_members": "INTEGER", "scope": "VARCHAR",
                                 "max_subjects_per_inspector": "INTEGER"}],
               "caps": [{"inspector_id": "VARCHAR", "max_subjects": "INTEGER"}],
               "conflicts": {"recusals": [{"inspector_id": "VARCHAR", "subject_code": "VARCHAR"}]}}'
           ) AS p
    FROM read_json('problem.json', maximum_object_size = 268435456) AS p;
CREATE OR REPLACE TEMP TABLE arc_inputs AS
WITH people AS (
    SELECT unnest(p.inspectors, recursive := true), p.inspection.start AS first_day,
           p.inspection.end AS last_day
    FROM inputs
), caps AS (SELECT unnest(p.caps, recursive := true) FROM inputs
), rules AS (SELECT unnest(p.requirements, recursive := true) FROM inputs
), recused AS (SELECT unnest(p.conflicts.recusals, recursive := true) FROM inputs
), subjects AS (SELECT unnest(p.subjects, recursive := true) FROM inputs
)
SELECT a.department_id, a.role, a.node, a.inspector_id,  -- (an unknown id: false, not NULL)
       coalesce(p.department_id = a.department_id AND p.specialist = (a.role = 'specialist')
                AND a.subject_code IN (SELECT code FROM subjects)
                AND (a.subject_code, a.inspector_id) NOT IN (SELECT (subject_code, inspector_id)
                                                             FROM recused), false) AS eligible,
       coalesce(a.certified = (a.role = 'specialist'
                               OR coalesce(p.valid_from <= p.first_day
                                           AND p.valid_until >= p.last_day, false)), false)
           AS certified_ok,
       coalesce(CASE a.role WHEN 'member'
                THEN a.demand = r.min_members AND a.max_uncertified
                     = r.min_members - coalesce(r.certified_members, r.min_members)
                ELSE a.demand = 1 AND a.max_uncertified = 1 END, false) AS demand_ok,
       coalesce(a.cap = least(coalesce(c.max_subjects, r.max_subjects_per_inspector,
                                       (SELECT count(*) FROM subjects)),
                              (SELECT count(*) FROM subjects),
                              count(*) OVER (PARTITION BY a.department_id, a.role, a.inspector_id)),
                false) AS cap_ok
FROM arcs AS a
LEFT JOIN people AS p ON p.id = a.inspector_id
LEFT JOIN caps AS c ON c.inspector_id = a.inspector_id
LEFT JOIN rules AS r ON r.department_id = a.department_id;

-- The candidate arcs the inputs give: for every member node (each drawn subject, for each
-- department) and every specialist need of the table, each inspector of the department and
-- role whom assignment.json does not list as excluded (执法证, availability, cap 0, 回避, 轮换:
-- jointcheck audit recomputes that list), within the unit scope (所内 / 所所随机, by the
-- covering units the teams record) and, for a need, holding its qualification.
CREATE OR REPLACE TEMP TABLE candidates AS
WITH people AS (SELECT unnest(p.inspectors, recursive := true) FROM inputs
), rules AS (SELECT unnest(p.requirements, recursive := true) FROM inputs
), excluded AS (
    SELECT unnest(from_json(to_json(exclusions),
                            '[{"inspector_id": "VARCHAR", "subject_code": "VARCHAR"}]'),
                  recursive := true)
    FROM assignment
), covering AS (
    SELECT t.subject_code, d.department_id, d.units
    FROM (SELECT unnest(from_json(to_json(teams), '[{"subject_code": "VARCHAR",
              "departments": [{"department_id": "VARCHAR", "units": ["VARCHAR"]}]}]')) AS t
          FROM assignment), unnest(t.departments) AS u(d)
), nodes AS (
    SELECT r.department_id, 'member' AS role, s.code AS node, s.code AS subject_code,
           '' AS qualification
    FROM rules AS r, (SELECT unnest(p.subjects, recursive := true) FROM inputs) AS s
    UNION
    SELECT department_id, role, node, subject_code, qualification FROM arcs
    WHERE role = 'specialist'
)
SELECT n.department_id, n.role, n.node, p.id AS inspector_id
FROM nodes AS n
JOIN rules AS r USING (department_id)
JOIN people AS p ON p.department_id = n.department_id AND p.specialist = (n.role = 'specialist')
LEFT JOIN covering AS c ON (c.subject_code, c.department_id) = (n.subject_code, n.department_id)
WHERE (n.role = 'member' OR list_contains(p.qualifications, n.qualification))
  AND NOT EXISTS (SELECT 1 FROM excluded AS e WHERE e.inspector_id = p.id
                  AND (e.subject_code IS NULL OR e.subject_code = n.subject_code))
  AND CASE r.scope
      WHEN 'SAME_UNIT' THEN coalesce(list_contains(c.units, p.unit_id), false)
      WHEN 'OTHER_UNIT' THEN NOT coalesce(list_contains(c.units, p.unit_id), false)
      ELSE true END;

-- 5. Pools: each node and each inspector of a call lies in one pool; a pool's level L is the
--    smallest with sum(min(cap, L)) >= the pool's demand (or its inspectors' whole capacity
--    when that is smaller, as for specialists who cover several needs of one subject).
CREATE OR REPLACE TEMP TABLE pools AS
WITH nodes AS (
    SELECT DISTINCT department_id, role, pool, node, demand FROM arcs
), heads AS (
    SELECT DISTINCT department_id, role, pool, inspector_id, cap FROM arcs
), levels AS (
    SELECT department_id, role, pool, min(level) AS level, count(DISTINCT level) AS levels
    FROM arcs GROUP BY ALL
)
SELECT l.*,
       (SELECT sum(demand) FROM nodes AS n
        WHERE (n.department_id, n.role, n.pool) = (l.department_id, l.role, l.pool)) AS want,
       (SELECT sum(cap) FROM heads AS h
        WHERE (h.department_id, h.role, h.pool) = (l.department_id, l.role, l.pool)) AS capacity,
       (SELECT sum(least(cap, l.level)) FROM heads AS h
        WHERE (h.department_id, h.role, h.pool) = (l.department_id, l.role, l.pool)) AS at_level,
       (SELECT sum(least(cap, l.level - 1)) FROM heads AS h
        WHERE (h.department_id, h.role, h.pool) = (l.department_id, l.role, l.pool)) AS below
FROM levels AS l;
CREATE OR REPLACE TEMP TABLE reached AS
WITH RECURSIVE walk(department_id, role, pool, node) AS (  -- from each pool's first node
    SELECT department_id, role, pool, min(node) FROM arcs GROUP BY ALL
    UNION  -- along arcs: node → inspector → node
    SELECT b.department_id, b.role, w.pool, b.node
    FROM walk AS w
    JOIN arcs AS a USING (department_id, role, node)
    JOIN arcs AS b ON (b.department_id, b.role, b.inspector_id)
                      = (a.department_id, a.role, a.inspector_id)
)
SELECT * FROM walk;

-- 6. The greedy, checked by its local rule. Stages j = 0, 1, 2, 3, 6, 12, … up to the first
--    whose caps min(cap, max(L - 1, 0) + j) reach every cap of the call. In each stage, nodes
--    in order walk their candidates in order: an arc is taken exactly when it is *open* at
--    its turn: not taken before, the node not yet full, the inspector below its stage cap,
--    and it is certified or the node's uncertified members are below their limit. Counting
--    what the table says was taken before each turn, every turn must agree with the table.
CREATE OR REPLACE TEMP TABLE stages AS
WITH steps AS (
    SELECT CASE WHEN k <= 3 THEN k ELSE 3 * (1::BIGINT << (k - 3)) END AS j
    FROM range(0, 48) AS r(k)
), tops AS (
    SELECT department_id, role, max(cap - greatest(level - 1, 0)) AS top FROM arcs GROUP BY ALL
)
SELECT department_id, role, j
FROM tops, steps
WHERE j <= (SELECT min(s.j) FROM steps AS s WHERE s.j >= tops.top);
CREATE OR REPLACE TEMP TABLE turns AS
WITH probes AS (
    SELECT a.*, s.j, least(a.cap, greatest(a.level - 1, 0) + s.j) AS stage_cap,
           coalesce(a.stage = s.j, false) AS taken_here
    FROM arcs AS a JOIN stages AS s USING (department_id, role)
), counted AS (
    SELECT *,
           count(*) FILTER (WHERE taken_here) OVER (
               PARTITION BY department_id, role, node ORDER BY j, pair_rank
               ROWS BETWEEN UNBOUNDED PRECEDING AND 1 PRECEDING) AS got_before,
           count(*) FILTER (WHERE taken_here AND NOT certified) OVER (
               PARTITION BY department_id, role, node ORDER BY j, pair_rank
               ROWS BETWEEN UNBOUNDED PRECEDING AND 1 PRECEDING) AS uncertified_before,
           count(*) FILTER (WHERE taken_here) OVER (
               PARTITION BY department_id, role, inspector_id ORDER BY j, node_rank
               ROWS BETWEEN UNBOUNDED PRECEDING AND 1 PRECEDING) AS load_before
    FROM probes
)
SELECT *,
       coalesce(stage >= j, true)  -- not taken at an earlier stage
       AND got_before < demand
       AND load_before < stage_cap
       AND (certified OR uncertified_before < max_uncertified) AS open
FROM counted;

-- 7. The final teams: the chosen arcs, and the teams in assignment.json.
CREATE OR REPLACE TEMP TABLE published AS
WITH teams AS (
    SELECT t.subject_code, unnest(t.departments) AS part
    FROM (SELECT unnest(teams) AS t FROM assignment)
)
SELECT subject_code, part.department_id, 'member' AS role,
       unnest(part.members::VARCHAR[]) AS inspector_id FROM teams
UNION ALL
SELECT subject_code, part.department_id, 'specialist',
       unnest(part.specialists::VARCHAR[]) FROM teams;
CREATE OR REPLACE TEMP TABLE chosen AS
    SELECT DISTINCT subject_code, department_id, role, inspector_id FROM arcs WHERE chosen;
CREATE OR REPLACE TEMP TABLE calls AS
WITH covered AS (  -- a specialist need met by a specialist taken for another need of the subject
    SELECT DISTINCT a.department_id, a.role, a.node
    FROM arcs AS a
    JOIN arcs AS b ON (b.department_id, b.role, b.subject_code, b.inspector_id)
                      = (a.department_id, a.role, a.subject_code, a.inspector_id)
    WHERE a.role = 'specialist' AND b.chosen AND b.node <> a.node
), greedy_got AS (
    SELECT department_id, role, node, any_value(demand) AS demand,
           count(*) FILTER (WHERE stage IS NOT NULL) AS greedy,
           count(*) FILTER (WHERE chosen) AS got,
           count(*) FILTER (WHERE chosen AND NOT certified) AS uncertified,
           any_value(max_uncertified) AS max_uncertified
    FROM arcs GROUP BY ALL
), loads AS (
    SELECT department_id, role, inspector_id, any_value(cap) AS cap,
           count(DISTINCT subject_code) FILTER (WHERE chosen) AS load
    FROM arcs GROUP BY ALL
)
SELECT department_id, role,
       coalesce(list(node ORDER BY node) FILTER (WHERE greedy < demand), []) AS short,
       bool_and(coalesce((got = demand OR got = 0 AND (department_id, role, node)
                                               IN (SELECT * FROM covered))
                         AND uncertified <= max_uncertified, false)) AS all_full,
       (SELECT bool_and(coalesce(load <= cap, false)) FROM loads AS l
        WHERE (l.department_id, l.role) = (g.department_id, g.role)) AS within_caps,
       (SELECT bool_and(coalesce(chosen = (stage IS NOT NULL), false)) FROM arcs AS a
        WHERE (a.department_id, a.role) = (g.department_id, g.role)) AS greedy_is_final
FROM greedy_got AS g
GROUP BY ALL;

SELECT 'commitment of ' || c.party AS "check",
       coalesce(sha256('jointcheck-commit-v1:' || field(c.party) || field(v.value)) = c.digest,
                false) AS ok
FROM (SELECT unnest(commitments, recursive := true) FROM read_json('announcement.json')) AS c
LEFT JOIN reveals AS v USING (party)
UNION ALL
SELECT 'seed of the draw', (SELECT seed FROM seeds WHERE purpose = 'subjects') = d.seed
       AND d.announcement_digest = (SELECT digest FROM announced)
FROM read_json('draw.json', maximum_object_size = 268435456) AS d
UNION ALL
SELECT 'seed of the teams', (SELECT seed FROM seeds WHERE purpose = 'teams') = a.seed
       AND a.announcement_digest = (SELECT digest FROM announced)
FROM assignment AS a
UNION ALL
SELECT 'waitlist lengths as announced',
       [len(x.waitlist) FOR x IN d.strata]
       = (SELECT waitlist_lengths FROM read_json('announcement.json'))
FROM read_json('draw.json', maximum_object_size = 268435456) AS d
UNION ALL
SELECT 'draw of ' || tier, drawn = drawn_again AND waitlist = waitlist_again FROM recomputed
UNION ALL
SELECT 'population digest of the registry', coalesce(ok, false) FROM registry_digest
UNION ALL
SELECT 'staffing: one row per arc, every cell well formed, nodes and inspectors each in one pool',
       (SELECT count(*) = count(DISTINCT (department_id, role, node, inspector_id))
               AND coalesce(bool_and(well_formed), true) FROM arcs)
       AND NOT EXISTS (SELECT 1 FROM arcs GROUP BY department_id, role, node
                       HAVING count(DISTINCT (pool, demand, max_uncertified, subject_code)) > 1)
       AND NOT EXISTS (SELECT 1 FROM arcs GROUP BY department_id, role, inspector_id
                       HAVING count(DISTINCT (pool, cap, certified)) > 1)
UNION ALL
SELECT 'staffing: arcs of drawn subjects and of the department''s inspectors, none recused',
       coalesce(bool_and(eligible), true) FROM arc_inputs
UNION ALL
SELECT 'staffing: the candidate arcs are those the inputs give (eligibility, scope, qualification)',
       NOT EXISTS (SELECT department_id, role, node, inspector_id FROM arcs
                   EXCEPT SELECT * FROM candidates)
       AND NOT EXISTS (SELECT * FROM candidates
                       EXCEPT SELECT department_id, role, node, inspector_id FROM arcs)
UNION ALL
SELECT 'staffing: certified flags, demands and caps as the inputs give',
       coalesce(bool_and(certified_ok AND demand_ok AND cap_ok), true) FROM arc_inputs
UNION ALL
SELECT 'staffing: each pool connected',
       (SELECT count(*) FROM reached)
       = (SELECT count(DISTINCT (department_id, role, node)) FROM arcs)
UNION ALL
SELECT 'staffing: level of ' || department_id || '/' || role || ' pool ' || pool,
       coalesce(levels = 1 AND at_level >= least(want, capacity)
                AND (level = 0 OR below < least(want, capacity)), false)
FROM pools
UNION ALL
SELECT 'staffing: greedy of ' || department_id || '/' || role
       || CASE WHEN any_value(repaired) THEN ' (a repair ran between stages: verify_round.py '
                                            || 'or jointcheck audit recompute it)' ELSE '' END,
       any_value(repaired)  -- later stages start from the repair's flow, which SQL cannot redo
       OR bool_and(coalesce(taken_here = open, false))  -- each turn as the table says
          AND bool_and(stage IS NULL OR stage IN (SELECT j FROM stages AS s  -- a real stage
                                                  WHERE (s.department_id, s.role)
                                                        = (t.department_id, t.role)))
FROM turns AS t
JOIN (SELECT department_id, role, NOT greedy_is_final AS repaired FROM calls) USING (department_id, role)
GROUP BY department_id, role
UNION ALL
SELECT CASE WHEN len(short) = 0
            THEN 'teams of ' || department_id || '/' || role || ' are the greedy''s'
            ELSE 'repair ' || CASE WHEN role = 'specialist' THEN 'or covering ' ELSE '' END
                 || 'ran in ' || department_id || '/' || role || ' for nodes '
                 || array_to_string(short[:5], ', ')
                 || CASE WHEN len(short) > 5 THEN ', …' ELSE '' END
                 || ' (recompute it with verify_round.py or jointcheck audit)' END,
       coalesce(all_full AND within_caps AND (len(short) > 0 OR greedy_is_final), false)
FROM calls
UNION ALL
SELECT 'teams in assignment.json are the chosen arcs',
       NOT EXISTS (SELECT * FROM published EXCEPT SELECT * FROM chosen)
       AND NOT EXISTS (SELECT * FROM chosen EXCEPT SELECT * FROM published)
ORDER BY 1;
