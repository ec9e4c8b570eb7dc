package matters

import (
	"context"
	"fmt"

	"github.com/jackc/pgx/v5"

	"github.com/klient-crm/klient/domain/contact"
	"github.com/klient-crm/klient/domain/gdpr"
	"github.com/klient-crm/klient/domain/matter"
	"github.com/klient-crm/klient/eventstore"
)

// erasureEvents are the other contexts' events this read model follows:
// an erasure, and each contact's registration, which a replay decodes as
// erased once their key is gone. The latter is what keeps a replay from
// reopening an erased contact's probes where no SubjectErased follows in
// the log: after a restore of a backup taken before the erasure.
var erasureEvents = map[string]bool{
	gdpr.TypeSubjectErased:             true,
	contact.TypePersonRegistered:       true,
	contact.TypeOrganisationRegistered: true,
}

// probeOf matches a recorded check's inputs that probed for contact $1.
const probeOf = `jsonb_build_array(jsonb_build_object('contact_id', $1::text))`

const forgetSQL = `INSERT INTO matters_v1_erased_contacts (contact_id) VALUES ($1) ON CONFLICT DO NOTHING`

// subjectErasedSQL forgets what the matters hold of an erased contact: the
// notes on their party roles (sealed with their key), and their names,
// numbers and addresses among the conflict checks' inputs (sealed with
// the matter's key). The check keeps the probe's contact ID, so the record
// still says whom it covered.
var subjectErasedSQL = []string{
	forgetSQL,
	`UPDATE matters_v1_parties SET note = '' WHERE contact_id = $1 AND note <> ''`,
	`UPDATE matters_v1_checks SET inputs = (SELECT jsonb_agg(CASE WHEN p->>'contact_id' = $1
			THEN jsonb_build_object('contact_id', $1::text) ELSE p END ORDER BY i)
		FROM jsonb_array_elements(inputs) WITH ORDINALITY AS x(p, i))
	WHERE inputs @> ` + probeOf,
}

// queueErasure queues an erasure or a contact's registration; false if d
// is neither. It writes no history row: these streams are not matters'.
func queueErasure(b *pgx.Batch, d eventstore.Decoded) bool {
	switch e := d.Event.(type) {
	case gdpr.SubjectErased:
		for _, sql := range subjectErasedSQL {
			b.Queue(sql, e.SubjectID)
		}
	case contact.PersonRegistered:
		queueForgotten(b, d, e.ContactID)
	case contact.OrganisationRegistered:
		queueForgotten(b, d, e.ContactID)
	default:
		return false
	}
	return true
}

func queueForgotten(b *pgx.Batch, d eventstore.Decoded, contactID string) {
	if d.IsErased(contactID) {
		b.Queue(forgetSQL, contactID)
	}
}

// erasedProbesSQL blanks, in check $2 of matter $1, the probes of contacts
// already erased.
const erasedProbesSQL = `UPDATE matters_v1_checks c SET inputs = (SELECT jsonb_agg(CASE WHEN e.contact_id IS NULL
		THEN p ELSE jsonb_build_object('contact_id', e.contact_id) END ORDER BY i)
	FROM jsonb_array_elements(c.inputs) WITH ORDINALITY AS x(p, i)
	LEFT JOIN matters_v1_erased_contacts e ON e.contact_id = p->>'contact_id')
WHERE c.matter_id = $1 AND c.check_id = $2 AND EXISTS (SELECT 1 FROM jsonb_array_elements(c.inputs) p
	JOIN matters_v1_erased_contacts e ON e.contact_id = p->>'contact_id')`

// queueErasedProbes follows a recorded conflict check with erasedProbesSQL.
func queueErasedProbes(b *pgx.Batch, d eventstore.Decoded) {
	if e, ok := d.Event.(matter.ConflictCheckRecorded); ok {
		b.Queue(erasedProbesSQL, e.MatterID, e.CheckID)
	}
}

// holdingSQL counts party notes and check inputs that still hold $1's data.
const holdingSQL = `SELECT (SELECT count(*) FROM matters_v1_parties WHERE contact_id = $1 AND note <> '')
	+ (SELECT count(*) FROM matters_v1_checks c WHERE c.inputs @> ` + probeOf + ` AND EXISTS (
		SELECT 1 FROM jsonb_array_elements(c.inputs) p
		WHERE p->>'contact_id' = $1 AND (p ? 'names' OR p ? 'numbers' OR p ? 'emails')))`

// SubjectRows counts the rows of this read model that hold subjectID's
// personal data: what an erasure blanks, and zero once it has.
func SubjectRows(ctx context.Context, db DB, subjectID string) (int64, error) {
	var n int64
	if err := db.QueryRow(ctx, holdingSQL, subjectID).Scan(&n); err != nil {
		return 0, fmt.Errorf("matters: subject rows: %w", err)
	}
	return n, nil
}

// PersonalTables names the tables an erasure blanks or deletes rows in:
// notes on party roles and the conflict checks' inputs. The runtime
// rewrites them once it has (projections.PersonalData).
func (Projector) PersonalTables() []string {
	return []string{"matters_v1_parties", "matters_v1_checks"}
}
