package subjectexport_test

import (
	"context"
	"testing"

	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgxpool"

	klientcrypto "github.com/klient-crm/klient/crypto"
	"github.com/klient-crm/klient/internal/pgmigrate"
	"github.com/klient-crm/klient/internal/pgtest"
	"github.com/klient-crm/klient/projections"
	"github.com/klient-crm/klient/projections/accesslog"
	"github.com/klient-crm/klient/projections/audit"
	"github.com/klient-crm/klient/projections/communications"
	"github.com/klient-crm/klient/projections/contacts"
	"github.com/klient-crm/klient/projections/documents"
	dpomodel "github.com/klient-crm/klient/projections/dpo"
	"github.com/klient-crm/klient/projections/gdpr"
	"github.com/klient-crm/klient/projections/matters"
	"github.com/klient-crm/klient/projections/work"
)

// The fixture's people: Åsa (the subject) is the client in m1 and the
// counterparty in m2, whose client is Bo; Cilla is taken part elsewhere.
const (
	asa, bo, cilla = "c-asa", "c-bo", "c-cilla"
	m1, m2         = "m-arv", "m-tvist"
)

// fixtureSQL fills every read model as the projectors would.
var fixtureSQL = []string{
	`INSERT INTO contacts_v1 (id, kind, display_name, given_name, family_name, personnummer, emails, phones, addresses, version, created_at, updated_at) VALUES
		('` + asa + `', 'person', 'Åsa Lindqvist', 'Åsa', 'Lindqvist', '19800101-1234', '[{"address": "asa@exempel.se"}]',
			'[{"number": "+46701234567"}]', '[{"street": "Storgatan 1", "postal_code": "11122", "city": "Stockholm", "country": "SE"}]', 3, '2024-01-15 10:00+01', '2025-06-01 10:00+02'),
		('` + bo + `', 'person', 'Bo Berg', 'Bo', 'Berg', '', '[]', '[]', '[]', 0, now(), now()),
		('` + cilla + `', 'person', 'Cilla Ceder', 'Cilla', 'Ceder', '', '[]', '[]', '[]', 0, now(), now())`,
	`INSERT INTO matters_v1 (id, number, title, description, practice_area, status, opened_at, closed_at, responsible_lawyer, version, created_at, updated_at) VALUES
		('` + m1 + `', '2025-0001', 'Arvskifte efter far', 'Bodelning och arv', 'familjerätt', 'closed', '2025-01-10 10:00+01', '2025-09-01 10:00+02', 's-1', 5, now(), now()),
		('` + m2 + `', '2025-0002', 'Berg mot Lindqvist', 'Hemlig processtrategi', 'tvistemål', 'open', '2025-03-01 10:00+01', NULL, 's-1', 3, now(), now())`,
	`INSERT INTO matters_v1_parties (matter_id, party_id, contact_id, role, note, added_at) VALUES
		('` + m1 + `', 'p-1', '` + asa + `', 'client', 'Vill ha snabb lösning', '2025-01-10 10:00+01'),
		('` + m2 + `', 'p-2', '` + bo + `', 'client', '', '2025-03-01 10:00+01'),
		('` + m2 + `', 'p-3', '` + asa + `', 'counterparty', 'Motparten verkar pressad', '2025-03-01 10:00+01')`,
	`INSERT INTO matters_v1_notes (matter_id, note_id, text, author, added_at) VALUES
		('` + m1 + `', 'n-1', 'Bouppteckningen är klar', 's-1', now()), ('` + m2 + `', 'n-2', 'Förlikningsbud högst 200 000 kr', 's-1', now())`,
	`INSERT INTO communications_v2 (id, kind, occurred_at, participants, matter_id, contact_ids, data_subject, subject, body, logged_by, logged_at, updated_at, version) VALUES
		('k-1', 'phone_call', '2025-02-01 10:00+01', '[{"kind": "contact", "id": "` + asa + `"}, {"kind": "staff", "id": "s-1"}]', '` + m1 + `', '{` + asa + `}', 'matter-` + m1 + `', 'Om arvet', 'Åsa vill sälja huset', 's-1', now(), now(), 0),
		('k-2', 'email', '2025-04-01 10:00+02', '[{"kind": "contact", "id": "` + asa + `"}, {"kind": "contact", "id": "` + bo + `"}]', '` + m2 + `', '{` + bo + `}', 'matter-` + m2 + `', 'Strategi', 'Pressa Lindqvist på förlikning', 's-1', now(), now(), 0),
		('k-3', 'meeting', '2025-05-01 10:00+02', '[{"kind": "contact", "id": "` + asa + `"}, {"kind": "contact", "id": "` + cilla + `"}]', '', '{` + asa + `}', '` + asa + `', 'Fika', 'Pratade om framtiden', 's-1', now(), now(), 0)`,
	`INSERT INTO documents_v1 (id, matter_id, communication_id, data_subject, name, sha256, size, content_type, uploaded_by, uploaded_at, version) VALUES
		('d-1', '` + m1 + `', 'k-1', 'matter-` + m1 + `', 'testamente.pdf', '\x0102', 2048, 'application/pdf', 's-1', now(), 0),
		('d-2', '` + m2 + `', 'k-2', 'matter-` + m2 + `', 'strategi-mot-lindqvist.docx', '\x0304', 4096, 'application/msword', 's-1', now(), 0),
		('d-3', '` + m1 + `', '', 'matter-` + m1 + `', 'bouppteckning.pdf', '\x0506', 1000, 'application/pdf', 's-1', now(), 0)`,
	// Åsa's addresses are marked (a care home: health), as are the
	// testament in her matter (offences), the strategy in Bo's (health:
	// privileged, its marking as much as its name) and the call of k-1.
	`INSERT INTO special_contacts_v1 (contact_id, field, categories, grounds, marked_by, marked_at, version) VALUES
		('` + asa + `', 'addresses', '{health}', '{art9_2_h}', 's-1', '2025-02-03 10:00+01', 0)`,
	`INSERT INTO dpo_special_v3 (document_id, matter_id, data_subject, categories, grounds, marked_by, marked_at, version) VALUES
		('d-1', '` + m1 + `', 'matter-` + m1 + `', '{criminal}', '{art10}', 's-1', '2025-02-04 10:00+01', 0),
		('d-2', '` + m2 + `', 'matter-` + m2 + `', '{health}', '{art9_2_f}', 's-1', '2025-04-04 10:00+02', 0)`,
	`UPDATE communications_v2 SET special = true, special_categories = '{religious}', special_grounds = '{art9_2_f}' WHERE id IN ('k-1', 'k-2')`,
	`INSERT INTO tasks_v1 (id, title, description, assignee_staff, due, priority, urgency, status, matter_id, contact_id, version, created_by, created_at, updated_at) VALUES
		('t-1', 'Ring Åsa om deklarationen', '', 's-1', '2025-06-10', 'high', 1, 'open', '', '` + asa + `', 0, 's-1', now(), now()),
		('t-2', 'Kartlägg Lindqvists tillgångar', 'Inför kvarstad', 's-1', '2025-06-11', 'normal', 2, 'open', '` + m2 + `', '` + asa + `', 0, 's-1', now(), now())`,
	`INSERT INTO audit_trail_v1 (commit, prepare, event_id, stream, version, type, actor, occurred_at, recorded_at, subjects) VALUES
		(1, 1, gen_random_uuid(), 'task-t-1', 0, 'work.TaskCreated', 's-1', now(), now(), '{` + asa + `}')`,
	`INSERT INTO gdpr_bases_v1 (subject_id, basis_id, seq, basis, purpose, note, recorded_by, recorded_at) VALUES
		('` + asa + `', 'b-1', 0, 'contract', 'client_relationship', '', 's-1', '2025-01-10 10:00+01')`,
	`INSERT INTO gdpr_consents_v1 (subject_id, consent_id, seq, purpose, scope, given_at, how, where_given, evidence, recorded_by, recorded_at, withdrawn_at, withdrawn_via) VALUES
		('` + asa + `', 'co-1', 1, 'marketing', 'Nyhetsbrev', '2025-01-10 10:00+01', 'form', 'Webbformulär', 'Formulär 17', 's-1', now(), '2025-03-01 10:00+01', 'link')`,
	`INSERT INTO gdpr_requests_v1 (request_id, subject_id, kind, channel, status, received_at, deadline, version, updated_at) VALUES
		('r-1', '` + asa + `', 'access', 'email', 'open', '2025-06-01 10:00+02', '2025-07-01', 0, now())`,
}

// newFixture migrates a fresh database as the application does, creates
// the read models' tables, fills them and logs two looks at Åsa's data.
func newFixture(t *testing.T) *pgxpool.Pool {
	pool, _ := newFixtureWithKeys(t)
	return pool
}

// newFixtureWithKeys is newFixture with the key ring that sealed the
// access log's purposes.
func newFixtureWithKeys(t *testing.T) (*pgxpool.Pool, *klientcrypto.Keyring) {
	t.Helper()
	ctx := context.Background()
	pool := pgtest.NewPool(t)
	_, err := pgmigrate.Apply(ctx, pool, projections.Migrations(), accesslog.Migrations(), documents.Migrations(),
		work.Migrations(), gdpr.Migrations(), klientcrypto.Migrations())
	must(t, err)
	master, err := klientcrypto.LoadMasterKey("", t.TempDir())
	must(t, err)
	keys, err := klientcrypto.NewKeyring(ctx, pool, master)
	must(t, err)
	t.Cleanup(func() { _ = keys.Close() })
	must(t, pgx.BeginFunc(ctx, pool, func(tx pgx.Tx) error {
		for _, p := range []projections.Projector{contacts.NewProjector(), matters.NewProjector(), communications.NewProjector(),
			documents.NewProjector(), work.NewProjector(), gdpr.NewProjector(), audit.NewProjector(),
			dpomodel.NewProjector(), dpomodel.NewSpecialContactsProjector()} {
			if err := p.Setup(ctx, tx); err != nil {
				return err
			}
		}
		for _, sql := range fixtureSQL {
			if _, err := tx.Exec(ctx, sql); err != nil {
				return err
			}
		}
		return nil
	}))
	for _, route := range []string{"/contacts/{id}", "/matters/{id}"} {
		must(t, accesslog.Record(ctx, pool, keys, accesslog.Entry{StaffID: "s-2", Subjects: []string{asa}, Route: route,
			Action: "contact.view", Purpose: "Förbereda möte", Via: accesslog.ViaPage}))
	}
	return pool, keys
}

func must(t testing.TB, err error) {
	t.Helper()
	if err != nil {
		t.Fatal(err)
	}
}
