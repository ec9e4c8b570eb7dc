package conflicts_test

import (
	"context"
	"testing"

	"github.com/jackc/pgx/v5"

	"github.com/klient-crm/klient/domain/contact"
	"github.com/klient-crm/klient/domain/matter"
	"github.com/klient-crm/klient/eventstore"
	"github.com/klient-crm/klient/projections/conflicts"
)

// Applying the whole history again, or older events after newer ones,
// changes nothing.
func TestApplyIsIdempotent(t *testing.T) {
	t.Parallel()
	w := newWorld(t)
	ida := w.person("Ida", "Först", "", "ida@example.se")
	w.Write(contact.StreamName(ida), contact.PersonDetailsChanged{ContactID: ida,
		Details: contact.PersonDetails{GivenName: "Ida", FamilyName: "Sedan", Emails: []contact.Email{{Address: "ida@example.se"}}}})
	m := w.matter("2026-0009", map[string]matter.PartyRole{ida: matter.RoleClient})
	w.Write(matter.StreamName(m), matter.PartyRoleChanged{MatterID: m, PartyID: "party-" + ida, ContactID: ida, Role: matter.RoleCoClient})
	w.caughtUp()
	before := dump(t, w)

	envs, err := w.Store.ReadAll(context.Background(), eventstore.Start, 100)
	must(t, err)
	var decoded []eventstore.Decoded
	for _, env := range envs {
		d, err := w.Codec.Decode(context.Background(), env)
		must(t, err)
		decoded = append(decoded, d)
	}
	apply := func(batch ...eventstore.Decoded) {
		must(t, pgx.BeginFunc(context.Background(), w.Pool, func(tx pgx.Tx) error {
			return conflicts.NewProjector().Apply(context.Background(), tx, batch)
		}))
	}
	apply(decoded...)
	apply(decoded[0], decoded[1])  // the registration, then the old name's change
	apply(decoded[len(decoded)-2]) // the party as first added
	if after := dump(t, w); after != before {
		t.Fatalf("replay changed the index:\n before %s\n after  %s", before, after)
	}
}

func dump(t *testing.T, w *world) string {
	t.Helper()
	var s string
	must(t, w.Pool.QueryRow(context.Background(), `SELECT concat_ws(' | ',
		(SELECT string_agg(concat_ws(',', kind, term, written, current), ';' ORDER BY kind, term) FROM conflict_index_v1),
		(SELECT string_agg(concat_ws(',', contact_id, version, erased), ';') FROM conflict_index_v1_contacts),
		(SELECT string_agg(concat_ws(',', matter_id, party_id, role, matter_number), ';') FROM conflict_index_v1_parties))`).Scan(&s))
	return s
}
