package conflicts

import (
	"github.com/jackc/pgx/v5"

	"github.com/klient-crm/klient/domain/contact"
	"github.com/klient-crm/klient/eventstore"
)

// A contact merged into another is one person or organisation with it
// (issue 14), so the index files what was the merged one's under the
// survivor: its party roles, its links (both ways, none to itself), and
// its names, numbers and addresses as the survivor's former terms — a
// check that finds either finds the survivor and every matter either was
// a party to. The survivor's own details change (the fields chosen) sets
// its current terms; the moved ones stay findable as former ones, as a
// changed name does. Repeating the statements finds nothing left to move.
const (
	partiesMergedSQL = `UPDATE conflict_index_v1_parties SET contact_id = $2 WHERE contact_id = $1`
	linksMergedSQL   = `WITH gone AS (DELETE FROM conflict_index_v1_links WHERE a_id = $1 OR b_id = $1 RETURNING *),
	moved AS (SELECT CASE WHEN a_id = $1 THEN $2 ELSE a_id END AS a_id,
		CASE WHEN b_id = $1 THEN $2 ELSE b_id END AS b_id, relation FROM gone)
	INSERT INTO conflict_index_v1_links (a_id, b_id, relation)
	SELECT a_id, b_id, relation FROM moved WHERE a_id <> b_id
	ON CONFLICT DO NOTHING`
	termsMergedSQL = `WITH gone AS (DELETE FROM conflict_index_v1 WHERE contact_id = $1 RETURNING kind, term, written)
	INSERT INTO conflict_index_v1 (contact_id, kind, term, written, current)
	SELECT $2, kind, term, written, false FROM gone
	ON CONFLICT (contact_id, kind, term) DO NOTHING`
)

// queueMerged queues a merge's moves; false if d is no merge.
func queueMerged(b *pgx.Batch, d eventstore.Decoded) bool {
	e, ok := d.Event.(contact.ContactMerged)
	if !ok {
		return false
	}
	for _, sql := range []string{partiesMergedSQL, linksMergedSQL, termsMergedSQL} {
		b.Queue(sql, e.ContactID, e.SurvivorID)
	}
	return true
}
