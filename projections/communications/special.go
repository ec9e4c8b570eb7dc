package communications

import (
	"context"
	"fmt"

	"github.com/jackc/pgx/v5"

	"github.com/klient-crm/klient/domain/dpo"
	"github.com/klient-crm/klient/eventstore"
)

// specialSQL sets an entry's marking, guarded by the marking stream's own
// version (the entry's version counts its own stream). A lifted marking
// clears it; categories whose key is gone arrive empty, and the entry
// stays marked by its grounds.
const specialSQL = `UPDATE communications_v2 SET special = $3, special_categories = $4, special_grounds = $5,
	special_version = $2 WHERE id = $1 AND special_version < $2`

// queueSpecial applies dpo.CommunicationSpecialMarked; false if d is
// another event. The entry was logged before it could be marked, so its
// row is there.
func queueSpecial(b *pgx.Batch, d eventstore.Decoded) bool {
	e, ok := d.Event.(dpo.CommunicationSpecialMarked)
	if !ok {
		return false
	}
	cats, grounds := make([]string, 0, len(e.Categories)), make([]string, 0, len(e.Grounds))
	if !d.IsErased(e.DataSubject) {
		for _, c := range e.Categories {
			cats = append(cats, string(c))
		}
	}
	for _, g := range e.Grounds {
		grounds = append(grounds, string(g))
	}
	b.Queue(specialSQL, e.CommunicationID, int64(d.Version), e.Marked(), cats, grounds)
	return true
}

// SpecialCategoriesInUse counts the entries, neither deleted nor erased,
// marked with each special category: what the record of processing lists
// and the DPO's page counts beside the documents.
func SpecialCategoriesInUse(ctx context.Context, db DB) (map[dpo.SpecialCategory]int, error) {
	rows, err := db.Query(ctx, `SELECT c, count(*) FROM communications_v2, unnest(special_categories) c
		WHERE special AND NOT deleted AND NOT erased GROUP BY c`)
	if err != nil {
		return nil, fmt.Errorf("communications: special categories: %w", err)
	}
	out := map[dpo.SpecialCategory]int{}
	var c string
	var n int
	if _, err := pgx.ForEachRow(rows, []any{&c, &n}, func() error { out[dpo.SpecialCategory(c)] = n; return nil }); err != nil {
		return nil, fmt.Errorf("communications: special categories: %w", err)
	}
	return out, nil
}
