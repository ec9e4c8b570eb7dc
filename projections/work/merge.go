package work

import (
	"github.com/jackc/pgx/v5"

	"github.com/klient-crm/klient/domain/contact"
	"github.com/klient-crm/klient/eventstore"
)

// mergedSQL files the tasks about a contact merged into another under the
// survivor (issue 14). A task about a contact alone is sealed with that
// contact's key; erasing the survivor erases the merged contact as well,
// so both blankings reach it. Repeating it finds nothing left to move.
const mergedSQL = `UPDATE tasks_v1 SET contact_id = $2 WHERE contact_id = $1`

// queueMerged queues a merge's move; false if d is no merge.
func queueMerged(b *pgx.Batch, d eventstore.Decoded) bool {
	e, ok := d.Event.(contact.ContactMerged)
	if ok {
		b.Queue(mergedSQL, e.ContactID, e.SurvivorID)
	}
	return ok
}
