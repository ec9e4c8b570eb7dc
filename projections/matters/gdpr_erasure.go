package matters

import (
	"context"
	"fmt"

	"github.com/jackc/pgx/v5"

	"github.com/klient-crm/klient/domain/gdpr"
	"github.com/klient-crm/klient/eventstore"
)

// probeOf matches a recorded check's inputs that probed for contact $1.
const probeOf = `jsonb_build_array(jsonb_build_object('contact_id', $1::text))`

// subjectErasedSQL forgets what the matters hold of an erased contact: the notes
// on their party roles (sealed with their key), and their names, numbers
// and addresses among a conflict check's inputs. Those inputs are sealed
// with the matter's key, so a replay opens them again: the SubjectErased
// that follows in the log blanks them again. The check keeps the probe's
// contact ID, so the record still says whom it covered.
var subjectErasedSQL = []string{
	`UPDATE matters_v1_parties SET note = '' WHERE contact_id = $1 AND note <> ''`,
	`UPDATE matters_v1_checks SET inputs = (SELECT jsonb_agg(CASE WHEN p->>'contact_id' = $1
			THEN jsonb_build_object('contact_id', $1::text) ELSE p END ORDER BY i)
		FROM jsonb_array_elements(inputs) WITH ORDINALITY AS x(p, i))
	WHERE inputs @> ` + probeOf,
}

// queueSubjectErased applies gdpr.SubjectErased; false if d is another
// event. It writes no history row: the subject's stream is not a matter's.
func queueSubjectErased(b *pgx.Batch, d eventstore.Decoded) bool {
	e, ok := d.Event.(gdpr.SubjectErased)
	if !ok {
		return false
	}
	for _, sql := range subjectErasedSQL {
		b.Queue(sql, e.SubjectID)
	}
	return true
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
