package matters

import (
	"github.com/jackc/pgx/v5"

	"github.com/klient-crm/klient/domain/contact"
	"github.com/klient-crm/klient/eventstore"
)

// A contact merged into another is one person or organisation with it
// (issue 14): its party roles, its place among a matter's clients and the
// history's record of them become the survivor's, so the survivor's page,
// its access package and retention's facts find every matter either was
// a party to. The party keeps its ID (removing or changing it still
// names it). Repeating the statements finds nothing left to move.
const (
	partiesMergedSQL = `UPDATE matters_v1_parties SET contact_id = $2 WHERE contact_id = $1`
	clientsMergedSQL = `UPDATE matters_v1 SET client_ids = ARRAY(SELECT DISTINCT c FROM unnest(array_replace(client_ids, $1, $2)) c ORDER BY c)
		WHERE client_ids @> ARRAY[$1::text]`
	historyMergedSQL = `UPDATE matters_v1_history SET summary = jsonb_set(summary, '{contact_id}', to_jsonb($2::text))
		WHERE summary->>'contact_id' = $1 AND type IN ('matter.PartyAdded', 'matter.PartyRoleChanged')`
)

// queueMerged queues a merge's moves; false if d is no merge.
func queueMerged(b *pgx.Batch, d eventstore.Decoded) bool {
	e, ok := d.Event.(contact.ContactMerged)
	if !ok {
		return false
	}
	for _, sql := range []string{partiesMergedSQL, clientsMergedSQL, historyMergedSQL} {
		b.Queue(sql, e.ContactID, e.SurvivorID)
	}
	return true
}
