package contacts

import (
	"context"
	"fmt"
	"strings"

	"github.com/jackc/pgx/v5"
)

// ByEmail maps each address (compared in lower case) to the contacts that
// have it, through the lookup keys' index. Erased, restricted (art. 18)
// and merged contacts are left out: incoming e-mail is not filed under
// them. Walls are the caller's to apply.
func ByEmail(ctx context.Context, db DB, addresses []string) (map[string][]string, error) {
	keys := make([]string, 0, len(addresses))
	for _, a := range addresses {
		keys = append(keys, "e:"+strings.ToLower(strings.TrimSpace(a)))
	}
	rows, err := db.Query(ctx, `SELECT id, lookup_keys FROM contacts_v1
		WHERE lookup_keys && $1::text[] AND NOT erased AND NOT restricted AND merged_into = '' ORDER BY id`, keys)
	if err != nil {
		return nil, fmt.Errorf("contacts: by e-mail: %w", err)
	}
	out := map[string][]string{}
	var id string
	var found []string
	_, err = pgx.ForEachRow(rows, []any{&id, &found}, func() error {
		for _, k := range found {
			if addr, ok := strings.CutPrefix(k, "e:"); ok {
				for _, want := range keys {
					if k == want {
						out[addr] = append(out[addr], id)
					}
				}
			}
		}
		return nil
	})
	if err != nil {
		return nil, fmt.Errorf("contacts: by e-mail: %w", err)
	}
	return out, nil
}

// EmailsOf lists the e-mail addresses of contact id as the read model
// holds them now (lower-cased; none once erased): an erasure finds by
// them the held mail that came from or went to the person.
func EmailsOf(ctx context.Context, db DB, id string) ([]string, error) {
	rows, err := db.Query(ctx, `SELECT substr(k, 3) FROM contacts_v1, unnest(lookup_keys) AS k
		WHERE id = $1 AND NOT erased AND k LIKE 'e:%' ORDER BY 1`, id)
	if err != nil {
		return nil, fmt.Errorf("contacts: e-mails of %s: %w", id, err)
	}
	out, err := pgx.CollectRows(rows, pgx.RowTo[string])
	if err != nil {
		return nil, fmt.Errorf("contacts: e-mails of %s: %w", id, err)
	}
	return out, nil
}
