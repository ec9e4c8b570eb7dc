package dpo

import (
	"context"
	"fmt"
	"time"

	"github.com/jackc/pgx/v5"

	domaindpo "github.com/klient-crm/klient/domain/dpo"
	"github.com/klient-crm/klient/domain/gdpr"
	"github.com/klient-crm/klient/eventstore"
	"github.com/klient-crm/klient/projections"
)

// The contacts' special-category markings (art. 9, 10) are a read model
// of their own, beside the registers' tables: a marking is read on every
// contact page and joined by the campaign audience and the analysts'
// schema, and a projector of its own lets it grow without rebuilding the
// DPO's registers (and the registers change without rebuilding it).

// contactSpecialSchema is the one table: one row per marked field of a
// contact (field "contact": the whole contact); the categories are sealed
// in the log with the contact's key and blanked here when the person is
// erased; a lifted marking deletes its row.
const contactSpecialSchema = `
CREATE TABLE special_contacts_v1 (
	contact_id text        NOT NULL,
	field      text        NOT NULL,
	categories text[]      NOT NULL,
	grounds    text[]      NOT NULL,
	marked_by  text        NOT NULL,
	marked_at  timestamptz NOT NULL,
	version    bigint      NOT NULL,
	PRIMARY KEY (contact_id, field)
);`

// SpecialContactsProjector keeps special_contacts_v1.
type SpecialContactsProjector struct{}

var (
	_ projections.Projector    = SpecialContactsProjector{}
	_ projections.EventFilter  = SpecialContactsProjector{}
	_ projections.Holder       = SpecialContactsProjector{}
	_ projections.PersonalData = SpecialContactsProjector{}
)

// NewSpecialContactsProjector returns the projector for the runtime.
func NewSpecialContactsProjector() SpecialContactsProjector { return SpecialContactsProjector{} }

// SpecialContactsName is the read model's stored identifier, which the
// pages wait for after a marking (read-your-writes).
const SpecialContactsName = "special_contacts"

// Name is the read model's stored identifier.
func (SpecialContactsProjector) Name() string { return SpecialContactsName }

// Version is the schema version of the table.
func (SpecialContactsProjector) Version() int { return 1 }

// Handles: the markings, and an erasure, which blanks the categories.
func (SpecialContactsProjector) Handles(eventType string) bool {
	return eventType == domaindpo.TypeContactSpecialCategoryMarked || eventType == gdpr.TypeSubjectErased
}

// PersonalTables names the table an erasure blanks.
func (SpecialContactsProjector) PersonalTables() []string { return []string{"special_contacts_v1"} }

// Holdings declares where the sealed categories are kept.
func (SpecialContactsProjector) Holdings() []projections.Holding {
	return []projections.Holding{{Fields: []string{domaindpo.TypeContactSpecialCategoryMarked + ".categories"},
		Table: "special_contacts_v1", Of: "contact_id = $1", Columns: []string{"categories"}}}
}

// Setup creates the table.
func (SpecialContactsProjector) Setup(ctx context.Context, tx pgx.Tx) error {
	_, err := tx.Exec(ctx, contactSpecialSchema)
	return err
}

// Drop removes it.
func (SpecialContactsProjector) Drop(ctx context.Context, tx pgx.Tx) error {
	_, err := tx.Exec(ctx, `DROP TABLE IF EXISTS special_contacts_v1`)
	return err
}

// Apply queues one idempotent, version-guarded statement per event.
func (SpecialContactsProjector) Apply(ctx context.Context, tx pgx.Tx, events []eventstore.Decoded) error {
	b := &pgx.Batch{}
	for _, d := range events {
		switch e := d.Event.(type) {
		case domaindpo.ContactSpecialCategoryMarked:
			if len(e.Categories) == 0 {
				b.Queue(`DELETE FROM special_contacts_v1 WHERE contact_id = $1 AND field = $2 AND version < $3`,
					e.ContactID, string(e.Field), int64(d.Version))
				continue
			}
			b.Queue(`INSERT INTO special_contacts_v1 (contact_id, field, categories, grounds, marked_by, marked_at, version)
				VALUES ($1, $2, $3, $4, $5, $6, $7)
				ON CONFLICT (contact_id, field) DO UPDATE SET categories = $3, grounds = $4, marked_by = $5, marked_at = $6, version = $7
				WHERE special_contacts_v1.version < $7`,
				e.ContactID, string(e.Field), texts(e.Categories), texts(e.Grounds), e.MarkedBy, e.MarkedAt, int64(d.Version))
		case gdpr.SubjectErased:
			// The marking stays (the field is still one that was marked);
			// what it said of the person goes.
			b.Queue(`UPDATE special_contacts_v1 SET categories = '{}' WHERE contact_id = $1`, e.SubjectID)
		}
	}
	return tx.SendBatch(ctx, b).Close()
}

func texts[T ~string](xs []T) []string {
	out := make([]string, len(xs))
	for i, x := range xs {
		out[i] = string(x)
	}
	return out
}

// ContactMark is one marked field of a contact (Field "contact": the whole
// contact).
type ContactMark struct {
	Field      domaindpo.ContactField
	Categories []domaindpo.SpecialCategory // empty once the person is erased
	Grounds    []domaindpo.SpecialGround
	MarkedBy   string
	MarkedAt   time.Time
}

// ContactMarksIn is ContactMarks and MarkedContacts bound to one
// database (a *pgxpool.Pool), for the web edge.
type ContactMarksIn struct{ DB DB }

// ContactMarks is ContactMarks over m's database.
func (m ContactMarksIn) ContactMarks(ctx context.Context, id string) ([]ContactMark, error) {
	return ContactMarks(ctx, m.DB, id)
}

// MarkedContacts is MarkedContacts over m's database.
func (m ContactMarksIn) MarkedContacts(ctx context.Context, ids []string) (map[string][]domaindpo.ContactField, error) {
	return MarkedContacts(ctx, m.DB, ids)
}

// ContactMarks reads the markings of contact id, in the order of
// domaindpo.ContactFields; none when it has none.
func ContactMarks(ctx context.Context, db DB, id string) ([]ContactMark, error) {
	rows, err := db.Query(ctx, `SELECT field, categories, grounds, marked_by, marked_at
		FROM special_contacts_v1 WHERE contact_id = $1`, id)
	if err != nil {
		return nil, fmt.Errorf("dpo: contact marks: %w", err)
	}
	marks, err := pgx.CollectRows(rows, func(r pgx.CollectableRow) (ContactMark, error) {
		var m ContactMark
		var field string
		var cats, grounds []string
		err := r.Scan(&field, &cats, &grounds, &m.MarkedBy, &m.MarkedAt)
		m.Field = domaindpo.ContactField(field)
		for _, c := range cats {
			m.Categories = append(m.Categories, domaindpo.SpecialCategory(c))
		}
		for _, g := range grounds {
			m.Grounds = append(m.Grounds, domaindpo.SpecialGround(g))
		}
		return m, err
	})
	if err != nil {
		return nil, fmt.Errorf("dpo: contact marks: %w", err)
	}
	var out []ContactMark
	for _, f := range domaindpo.ContactFields {
		for _, m := range marks {
			if m.Field == f {
				out = append(out, m)
			}
		}
	}
	return out, nil
}

// MarkedContacts reads which fields of each of ids are marked (the
// whole contact: domaindpo.ContactWhole); a contact without markings has
// no entry. What lists and exports leave out or cut down.
func MarkedContacts(ctx context.Context, db DB, ids []string) (map[string][]domaindpo.ContactField, error) {
	out := map[string][]domaindpo.ContactField{}
	if len(ids) == 0 {
		return out, nil
	}
	rows, err := db.Query(ctx, `SELECT contact_id, field FROM special_contacts_v1 WHERE contact_id = ANY($1)`, ids)
	if err != nil {
		return nil, fmt.Errorf("dpo: marked contacts: %w", err)
	}
	var id, field string
	_, err = pgx.ForEachRow(rows, []any{&id, &field}, func() error {
		out[id] = append(out[id], domaindpo.ContactField(field))
		return nil
	})
	if err != nil {
		return nil, fmt.Errorf("dpo: marked contacts: %w", err)
	}
	return out, nil
}
