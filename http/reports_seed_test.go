package http_test

// seedSQL are the benchmark's bulk inserts; $1 is the benchmarked lawyer.
// IDs are fixed patterns (seededMatter), so the seed needs no round trip
// per row: 100,000 contacts, 40 lawyers, 20,000 matters on eight teams,
// 60,000 deadlines, 200,000 communications over two years, and the GDPR
// register's subjects, requests, certificates and deletion log.
var seedSQL = []string{
	`INSERT INTO contacts_v1 (id, kind, display_name, sort_name, search_name, version, created_at, updated_at)
	 SELECT 'c-' || i, 'person', 'Person ' || i, 'Person ' || i, 'person ' || i, 0, now(), now()
	 FROM generate_series(1, 100000) i WHERE $1::text <> ''`,
	`INSERT INTO staff_v1 (id, name, roles, version, created_at, updated_at)
	 SELECT 's-' || i, 'Jurist ' || i, '{lawyer}', 0, now(), now() FROM generate_series(1, 40) i WHERE $1::text <> ''`,
	`INSERT INTO matters_v1 (id, number, title, practice_area, status, opened_at, activated_at, responsible_lawyer,
	   teams, client_ids, conflict_decision, conflict_checked_version, version, created_at, updated_at)
	 SELECT '01900000-0000-7000-8000-' || lpad(i::text, 12, '0'), '2026-' || lpad(i::text, 5, '0'), 'Ärende ' || i,
	   (ARRAY['processrätt', 'familjerätt', 'affärsjuridik', 'fastighetsrätt', 'arbetsrätt', 'skatterätt'])[1 + i % 6],
	   CASE WHEN i % 10 = 0 THEN 'intake' WHEN i % 10 < 6 THEN 'open' WHEN i % 10 < 9 THEN 'closed' ELSE 'archived' END,
	   now() - (i % 900) * interval '1 day',
	   CASE WHEN i % 10 = 0 THEN NULL ELSE now() - (i % 800) * interval '1 day' END,
	   CASE WHEN i % 40 = 0 THEN $1 ELSE 's-' || (1 + i % 40) END,
	   ARRAY['team-' || (i % 8)], ARRAY['c-' || (1 + i * 5 % 100000)],
	   CASE WHEN i % 20 = 0 THEN 'declined' WHEN i % 10 = 0 THEN '' WHEN i % 7 = 0 THEN 'waived' ELSE 'clear' END,
	   1, 3, now(), now()
	 FROM generate_series(1, 20000) i`,
	`INSERT INTO deadlines_v1 (id, matter_id, title, kind, date, responsible, status, version, created_at, updated_at)
	 SELECT 'd-' || i, '01900000-0000-7000-8000-' || lpad((1 + i % 20000)::text, 12, '0'), 'Frist ' || i, 'filing',
	   current_date + (i % 120 - 30), CASE WHEN i % 40 = 0 THEN $1 ELSE 's-' || (1 + i % 40) END,
	   CASE WHEN i % 3 = 0 THEN 'met' ELSE 'pending' END, 0, now(), now()
	 FROM generate_series(1, 60000) i`,
	`INSERT INTO communications_v2 (id, kind, occurred_at, matter_id, contact_ids, data_subject, subject, logged_by,
	   logged_at, updated_at, version)
	 SELECT 'k-' || i, (ARRAY['email', 'phone_call', 'meeting', 'letter_incoming', 'letter_outgoing', 'note'])[1 + i % 6],
	   now() - (i % 730) * interval '1 day', '01900000-0000-7000-8000-' || lpad((1 + i % 20000)::text, 12, '0'),
	   ARRAY['c-' || (1 + i % 100000)], 'c-' || (1 + i % 100000), 'Ämne', $1, now(), now(), 0
	 FROM generate_series(1, 200000) i`,
	`INSERT INTO gdpr_subjects_v1 (subject_id, restricted, erased, updated_at)
	 SELECT 'c-' || (i * 50), i % 2 = 0, i % 2 = 1, now() FROM generate_series(1, 2000) i WHERE $1::text <> ''`,
	`INSERT INTO gdpr_requests_v1 (request_id, subject_id, kind, channel, status, received_at, deadline, version, updated_at)
	 SELECT 'r-' || i, 'c-' || i, 'access', 'email', (ARRAY['open', 'completed', 'refused'])[1 + i % 3],
	   now() - (i % 60) * interval '1 day', current_date + (30 - i % 60), 0, now()
	 FROM generate_series(1, 1000) i WHERE $1::text <> ''`,
	`INSERT INTO gdpr_erasure_certificates (erasure_id, subject_hash, started_at, erased_at)
	 SELECT 'e-' || i, md5(i::text), now() - (i % 365) * interval '1 day', now() - (i % 365) * interval '1 day'
	 FROM generate_series(1, 300) i WHERE $1::text <> ''`,
	`INSERT INTO gdpr_deletion_log (pseudonym, category, rule_period, rule_trigger, ground, records, triggered_by, deleted_at)
	 SELECT md5('x' || i), 'contact_without_basis', 'P2Y', 'last_activity', 'GDPR art. 5.1 e', 1, 'retention',
	   now() - (i % 400) * interval '1 day'
	 FROM generate_series(1, 5000) i WHERE $1::text <> ''`,
}

// seedAnalyze gives the planner the seeded volumes at once.
const seedAnalyze = `ANALYZE contacts_v1, staff_v1, matters_v1, deadlines_v1, communications_v2, communication_volume_v2, gdpr_subjects_v1, gdpr_requests_v1,
	   gdpr_erasure_certificates, gdpr_deletion_log`
