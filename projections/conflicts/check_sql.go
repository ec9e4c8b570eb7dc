package conflicts

// checkSQL finds the contacts that match each probe row ($1 party index,
// $2 kind, $3 key), keeps each contact's strongest match per party, and
// lists the matters it is a party to (but $4), strongest first, at most
// $5 rows. A name row searches the distinct names by trigrams (the %
// operator at the transaction's threshold, served by their GIN index),
// keeps the $6 most similar and finds their holders by the (kind, term)
// b-tree, which also serves the exact rows.
const checkSQL = `
WITH probe AS (
	SELECT p, kind, CASE WHEN kind = 'name' THEN conflict_index_v1_fold(key) ELSE key END AS key
	FROM unnest($1::int[], $2::text[], $3::text[]) AS u(p, kind, key)
), matched AS (
	SELECT pr.p, c.contact_id, 'contact' AS kind, 1::float8 AS score
	FROM probe pr JOIN conflict_index_v1_contacts c ON c.contact_id = pr.key
	WHERE pr.kind = 'contact'
	UNION ALL
	SELECT pr.p, t.contact_id, t.kind, 1::float8
	FROM probe pr JOIN conflict_index_v1 t ON t.kind = pr.kind AND t.term = pr.key
	WHERE pr.kind IN ('number', 'email')
	UNION ALL
	SELECT pr.p, t.contact_id, 'name', n.score
	FROM probe pr CROSS JOIN LATERAL (
		SELECT d.term, similarity(d.term, pr.key)::float8 AS score
		FROM conflict_index_v1_names d WHERE d.term % pr.key
		ORDER BY score DESC, d.term LIMIT $6) n
	JOIN conflict_index_v1 t ON t.kind = 'name' AND t.term = n.term
	WHERE pr.kind = 'name'
), best AS (
	SELECT DISTINCT ON (p, contact_id) p, contact_id, kind, score,
		array_position(ARRAY['contact', 'number', 'email', 'name'], kind) AS strength
	FROM matched
	ORDER BY p, contact_id, score DESC, strength
)
SELECT b.p, b.contact_id, coalesce(pa.matter_id, ''), coalesce(pa.matter_number, ''),
	coalesce(pa.role, ''), b.kind, round(b.score::numeric, 4)::float8
FROM best b
LEFT JOIN conflict_index_v1_parties pa ON pa.contact_id = b.contact_id AND pa.matter_id <> $4
ORDER BY b.score DESC, b.strength, pa.matter_number DESC NULLS LAST, b.contact_id, b.p
LIMIT $5`

// linksSQL follows the links from the contacts a check found ($1 party
// index, $2 contact, in pairs), at most $3 steps and never back to a
// contact on the way, and lists the matters (but $4) the contacts reached
// are parties to, each once per found contact by its shortest path; a
// contact reached that was itself found is left out (its own hits say
// it). At most $5 rows. It runs apart from checkSQL, after it: a single
// recursive query made the planner materialise the name search and
// tripled the check's time (BenchmarkCheck).
const linksSQL = `
WITH RECURSIVE found AS (
	SELECT DISTINCT p, c FROM unnest($1::int[], $2::text[]) AS u(p, c)
), reach AS (
	SELECT f.p, f.c AS start, f.c AS at, ARRAY[]::text[] AS path, 0 AS depth
	FROM found f
	UNION ALL
	SELECT r.p, r.start, l.other, r.path || ARRAY[l.relation, l.reverse, l.other], r.depth + 1
	FROM reach r CROSS JOIN LATERAL (
		SELECT k.b_id AS other, k.relation, '' AS reverse FROM conflict_index_v1_links k WHERE k.a_id = r.at
		UNION ALL
		SELECT k.a_id, k.relation, 'r' FROM conflict_index_v1_links k WHERE k.b_id = r.at) l
	WHERE r.depth < $3 AND l.other <> r.start AND NOT l.other = ANY(r.path)
), linked AS (
	SELECT DISTINCT ON (r.p, r.start, pa.matter_id) r.p, r.start, pa.matter_id, pa.matter_number, pa.role, r.path, r.depth
	FROM reach r JOIN conflict_index_v1_parties pa ON pa.contact_id = r.at AND pa.matter_id <> $4
	WHERE r.depth > 0 AND NOT EXISTS (SELECT 1 FROM found f WHERE f.p = r.p AND f.c = r.at)
	ORDER BY r.p, r.start, pa.matter_id, r.depth, r.path
)
SELECT p, start, matter_id, matter_number, role, path FROM linked
ORDER BY depth, matter_number DESC, start, p
LIMIT $5`
