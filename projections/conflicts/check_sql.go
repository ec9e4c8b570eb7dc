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
