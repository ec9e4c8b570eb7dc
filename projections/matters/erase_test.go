package matters_test

import (
	"context"
	"testing"

	"github.com/jackc/pgx/v5"

	"github.com/klient-crm/klient/domain"
	"github.com/klient-crm/klient/domain/matter"
	"github.com/klient-crm/klient/eventstore"
	"github.com/klient-crm/klient/projections/matters"
)

// Shredding a party's key blanks its note only; shredding the matter's key
// blanks the file and marks the matter erased.
func TestErasureBlanksWhatWasSealed(t *testing.T) {
	t.Parallel()
	w := newWorld(t)
	client := newID()
	id := w.open("2026-0001", "Fru Svenssons skilsmässa", map[string]matter.PartyRole{client: matter.RoleClient})
	s := matter.StreamName(id)
	w.Write(s, matter.PartyRoleChanged{MatterID: id, PartyID: "party-" + client, ContactID: client, Role: matter.RoleClient, Note: "vill vara anonym"},
		matter.NoteAdded{MatterID: id, MatterSubject: matter.Subject(id), NoteID: "n1",
			TextSubject: domain.EntryKey(matter.Subject(id), "note-n1"), Text: "Ringde om vårdnaden"})
	w.caughtUp()
	ctx := context.Background()

	_, err := w.Keys.Shred(ctx, client)
	must(t, err)
	must(t, w.RT.Rebuild(ctx, matters.Name, nil))
	parties, err := matters.Parties(ctx, w.Pool, id)
	must(t, err)
	m, err := matters.Get(ctx, w.Pool, id)
	must(t, err)
	if parties[0].Note != "" || m.Title == "" {
		t.Fatalf("after the party's erasure: note %q, title %q", parties[0].Note, m.Title)
	}

	_, err = w.Keys.Shred(ctx, matter.Subject(id))
	must(t, err)
	must(t, w.RT.Rebuild(ctx, matters.Name, nil))
	m, err = matters.Get(ctx, w.Pool, id)
	notes, _ := matters.Notes(ctx, w.Pool, id)
	history, _ := matters.History(ctx, w.Pool, id)
	if !domain.IsKind(err, domain.KindErased) || !m.Erased || m.Title != "" || notes[0].Text != "" || history[0].Summary["erased"] != true {
		t.Fatalf("after the matter's erasure: %+v, %v; notes %+v; history %+v", m, err, notes, history[0])
	}
	if m.Number != "2026-0001" || len(m.ClientIDs) != 1 {
		t.Fatalf("an erased matter lost what is not personal: %+v", m)
	}
}

// Applying the whole history again, or older events after newer ones,
// changes nothing.
func TestApplyIsIdempotent(t *testing.T) {
	t.Parallel()
	w := newWorld(t)
	client, other := newID(), newID()
	id := w.open("2026-0002", "Först", map[string]matter.PartyRole{client: matter.RoleClient})
	w.Write(matter.StreamName(id),
		matter.PartyAdded{MatterID: id, PartyID: "p2", ContactID: other, Role: matter.RoleWitness},
		matter.PartyRemoved{MatterID: id, PartyID: "p2", ContactID: other},
		matter.MatterDetailsChanged{MatterID: id, MatterSubject: matter.Subject(id), PracticeArea: "arbetsrätt",
			DetailsSubject: domain.EntryKey(matter.Subject(id), "details"), Details: matter.Details{Title: "Sedan"}},
		matter.AccessGranted{MatterID: id, StaffID: "x"})
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
			return matters.NewProjector().Apply(context.Background(), tx, batch)
		}))
	}
	apply(decoded...)
	apply(decoded[2], decoded[0]) // the witness added again, then the opening
	if after := dump(t, w); after != before {
		t.Fatalf("replay changed the read model:\n before %s\n after  %s", before, after)
	}
}

func dump(t *testing.T, w *world) string {
	t.Helper()
	var s string
	must(t, w.Pool.QueryRow(context.Background(), `SELECT concat_ws(' | ',
		(SELECT string_agg(row_to_json(m)::text, ';') FROM matters_v1 m),
		(SELECT string_agg(row_to_json(p)::text, ';' ORDER BY party_id) FROM matters_v1_parties p),
		(SELECT string_agg(row_to_json(h)::text, ';' ORDER BY version) FROM matters_v1_history h))`).Scan(&s))
	return s
}
