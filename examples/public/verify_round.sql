-- Check a jointcheck bundle with DuckDB: run it in the bundle's folder, with the registry
-- as extracted saved there as registry.csv (columns code,tier):  duckdb < verify_round.sql
-- Every row must say true.
CREATE OR REPLACE MACRO field(s) AS octet_length(encode(s))::VARCHAR || ':' || s || ',';

WITH announced AS (
    SELECT sha256(content) AS digest FROM read_blob('announcement.json')
), announcement AS (
    SELECT * FROM read_json('announcement.json')
), commitments AS (
    SELECT unnest(commitments, recursive := true) FROM announcement
), reveals AS (
    SELECT party, value FROM read_json('reveals.json')
), seeds AS (
    SELECT purpose,
           sha256('jointcheck-seed-v2:' || field(digest) || field(purpose)
                  || string_agg(field(party) || field(value), '' ORDER BY encode(party))) AS seed
    FROM reveals, announced, (VALUES ('subjects'), ('teams')) AS p(purpose)
    GROUP BY purpose, digest
), draw AS (
    SELECT * FROM read_json('draw.json')
), strata AS (
    SELECT s.tier, s.quota, s.drawn, s.waitlist FROM (SELECT unnest(strata) AS s FROM draw)
), excluded AS (
    SELECT unnest(e.codes) AS code FROM (SELECT unnest(exclusions) AS e FROM draw)
), ranked AS (
    SELECT r.tier, r.code,
           row_number() OVER (
               PARTITION BY r.tier
               ORDER BY sha256(unhex(sha256('jointcheck-hash-v1:' || d.seed)) || encode(r.code)),
                        r.code
           ) AS n
    FROM read_csv('registry.csv', all_varchar = true) AS r, draw AS d
    WHERE r.code NOT IN (SELECT code FROM excluded)
), recomputed AS (
    SELECT s.tier, s.drawn, s.waitlist,
           coalesce(list(r.code ORDER BY r.n) FILTER (WHERE r.n <= s.quota), []) AS drawn_again,
           coalesce(list(r.code ORDER BY r.n) FILTER (
               WHERE r.n > s.quota AND r.n <= s.quota + len(s.waitlist)), []) AS waitlist_again
    FROM strata AS s LEFT JOIN ranked AS r ON r.tier = s.tier
    GROUP BY ALL
)
SELECT 'commitment of ' || c.party AS "check",
       coalesce(sha256('jointcheck-commit-v1:' || field(c.party) || field(v.value)) = c.digest,
                false) AS ok
FROM commitments AS c LEFT JOIN reveals AS v USING (party)
UNION ALL
SELECT 'seed of the draw', (SELECT seed FROM seeds WHERE purpose = 'subjects') = d.seed
       AND d.announcement_digest = (SELECT digest FROM announced)
FROM draw AS d
UNION ALL
SELECT 'seed of the teams', (SELECT seed FROM seeds WHERE purpose = 'teams') = t.seed
FROM read_json('assignment.json') AS t
UNION ALL
SELECT 'waitlist lengths as announced',
       [len(x.waitlist) FOR x IN d.strata] = (SELECT waitlist_lengths FROM announcement)
FROM draw AS d
UNION ALL
SELECT 'draw of ' || tier, drawn = drawn_again AND waitlist = waitlist_again FROM recomputed
ORDER BY 1;
