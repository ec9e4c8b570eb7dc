package reporting_test

import (
	"context"
	"testing"

	"github.com/jackc/pgx/v5/pgxpool"
)

// The fixture's identifiers. c3 is erased, c4 restricted, s3 an erased
// staff member, m2 an erased matter: none may show in a report; nor may
// comm-id-3, a log entry marked as special categories (art. 9, 10).
const (
	c1, c2, c3, c4 = "contact-id-1", "contact-id-2", "contact-id-3", "contact-id-4"
	s1, s2, s3     = "staff-id-1", "staff-id-2", "staff-id-3"
	m1, m2         = "matter-id-1", "matter-id-2"
)

// everyID is every identifier the fixture writes: none may appear raw in
// a report.
var everyID = []string{c1, c2, c3, c4, s1, s2, s3, m1, m2, "task-id-1", "task-id-2", "deadline-id-1", "comm-id-1", "comm-id-2", "comm-id-3"}

// fixtureSQL fills the read models' tables as the projectors would.
var fixtureSQL = []string{
	`INSERT INTO contacts_v1 (id, kind, display_name, archived, erased, version, created_at, updated_at) VALUES
		('` + c1 + `', 'person', 'Åsa Lindqvist', false, false, 0, '2026-01-15 10:00+01', now()),
		('` + c2 + `', 'organisation', 'Norrsken AB', true, false, 1, '2026-02-03 10:00+01', now()),
		('` + c3 + `', 'person', '', false, true, 2, '2026-02-10 10:00+01', now()),
		('` + c4 + `', 'person', 'Johan Ek', false, false, 0, '2026-02-11 10:00+01', now())`,
	`INSERT INTO gdpr_subjects_v1 (subject_id, restricted, updated_at) VALUES ('` + c4 + `', true, now())`,
	`INSERT INTO staff_v1 (id, name, roles, erased, version, created_at, updated_at) VALUES
		('` + s1 + `', 'Eva Jurist', '{lawyer}', false, 0, now(), now()),
		('` + s2 + `', 'Per Assistent', '{assistant}', false, 0, now(), now()),
		('` + s3 + `', '', '{lawyer}', true, 1, now(), now())`,
	`INSERT INTO audit_trail_v1 (commit, prepare, event_id, stream, version, type, actor, occurred_at, recorded_at) VALUES
		(1, 1, gen_random_uuid(), 'contact-x', 0, 'contact.PersonRegistered', '` + s1 + `', '2026-03-02 09:00+01', now()),
		(1, 2, gen_random_uuid(), 'contact-x', 1, 'contact.PersonDetailsChanged', '` + s1 + `', '2026-03-02 09:30+01', now()),
		(2, 1, gen_random_uuid(), 'contact-y', 0, 'contact.PersonRegistered', '` + s1 + `', '2026-03-03 23:30+01', now()),
		(3, 1, gen_random_uuid(), 'task-x', 0, 'work.TaskCreated', '` + s2 + `', '2026-03-04 09:00+01', now()),
		(4, 1, gen_random_uuid(), 'contact-z', 0, 'contact.PersonRegistered', '` + s3 + `', '2026-03-04 10:00+01', now()),
		(5, 1, gen_random_uuid(), 'staff-x', 0, 'access.StaffRegistered', 'system-cli', '2026-02-27 10:00+01', now())`,
	`INSERT INTO matters_v1 (id, number, title, practice_area, status, opened_at, responsible_lawyer, team_members, client_ids,
		erased, version, created_at, updated_at) VALUES
		('` + m1 + `', '2026-0001', 'Arvskifte Lindqvist', 'familjerätt', 'open', '2026-02-20 10:00+01', '` + s1 + `',
			'{` + s1 + `,` + s2 + `}', '{` + c1 + `,` + c3 + `}', false, 3, now(), now()),
		('` + m2 + `', '2026-0002', '', 'straffrätt', 'open', '2026-02-21 10:00+01', '` + s1 + `', '{}', '{}', true, 1, now(), now())`,
	`INSERT INTO matters_v1_parties (matter_id, party_id, contact_id, role, added_at) VALUES
		('` + m1 + `', 'party-1', '` + c1 + `', 'client', now()), ('` + m1 + `', 'party-2', '` + c3 + `', 'client', now())`,
	`INSERT INTO tasks_v1 (id, title, assignee_staff, due, priority, urgency, status, matter_id, contact_id, version, created_by, created_at, updated_at) VALUES
		('task-id-1', 'Ring Åsa', '` + s1 + `', '2026-03-10', 'high', 1, 'open', '` + m1 + `', '', 0, '` + s1 + `', '2026-03-01 10:00+01', now()),
		('task-id-2', 'Ring Johan', '` + s2 + `', '2026-03-11', 'normal', 2, 'open', '', '` + c4 + `', 0, '` + s2 + `', '2026-03-01 10:00+01', now())`,
	`INSERT INTO deadlines_v1 (id, matter_id, title, kind, date, responsible, status, version, created_at, updated_at) VALUES
		('deadline-id-1', '` + m1 + `', 'Bouppteckning', 'filing', '2026-04-30', '` + s2 + `', 'pending', 0, now(), now())`,
	`INSERT INTO communications_v2 (id, kind, occurred_at, matter_id, contact_ids, data_subject, subject, body, logged_by, logged_at, updated_at, version) VALUES
		('comm-id-1', 'phone_call', '2026-03-02 11:00+01', '` + m1 + `', '{` + c1 + `}', '` + c1 + `', 'Samtal', 'Om arvet', '` + s1 + `', now(), now(), 0),
		('comm-id-2', 'email', '2026-03-03 11:00+01', '', '{` + c3 + `}', '` + c3 + `', '', '', '` + s1 + `', now(), now(), 0)`,
	`INSERT INTO communications_v2 (id, kind, occurred_at, matter_id, contact_ids, data_subject, subject, body, logged_by, logged_at,
		updated_at, version, special, special_categories, special_grounds, special_version) VALUES
		('comm-id-3', 'meeting', '2026-03-04 11:00+01', '` + m1 + `', '{` + c1 + `}', '` + m1 + `', 'Läkarbesök', '', '` + s1 + `', now(),
			now(), 0, true, '{health}', '{art9_2_f}', 0)`,
}

func fillFixture(t *testing.T, pool *pgxpool.Pool) {
	t.Helper()
	for _, sql := range fixtureSQL {
		if _, err := pool.Exec(context.Background(), sql); err != nil {
			t.Fatalf("%v\n%s", err, sql)
		}
	}
}
