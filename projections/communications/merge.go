package communications

import (
	"github.com/jackc/pgx/v5"

	"github.com/klient-crm/klient/domain/contact"
	"github.com/klient-crm/klient/eventstore"
)

// mergedSQL files the entries of a contact merged into another under the
// survivor (issue 14): among the entry's contacts (in their order, once)
// and its participants, so the survivor's log and access package hold
// them. The text stays sealed with whoever's key sealed it (data_subject):
// erasing the survivor erases the merged contact too, which blanks it.
// Repeating it finds nothing left to move.
const mergedSQL = `UPDATE communications_v2 SET
	contact_ids = ARRAY(SELECT c FROM unnest(array_replace(contact_ids, $1, $2)) WITH ORDINALITY u(c, n) GROUP BY c ORDER BY min(n)),
	participants = (SELECT coalesce(jsonb_agg(CASE WHEN p->>'kind' = 'contact' AND p->>'id' = $1
			THEN jsonb_set(p, '{id}', to_jsonb($2::text)) ELSE p END ORDER BY n), '[]')
		FROM jsonb_array_elements(participants) WITH ORDINALITY x(p, n))
	WHERE contact_ids @> ARRAY[$1::text] OR participants @> jsonb_build_array(jsonb_build_object('kind', 'contact', 'id', $1::text))`

// queueMerged queues a merge's move; false if d is no merge.
func queueMerged(b *pgx.Batch, d eventstore.Decoded) bool {
	e, ok := d.Event.(contact.ContactMerged)
	if ok {
		b.Queue(mergedSQL, e.ContactID, e.SurvivorID)
	}
	return ok
}
