package communications_test

import (
	"context"
	"testing"

	"github.com/jackc/pgx/v5"

	"github.com/klient-crm/klient/domain"
	"github.com/klient-crm/klient/domain/communication"
	"github.com/klient-crm/klient/eventstore"
	"github.com/klient-crm/klient/projections/communications"
)

// Shredding the first contact's key erases the text of the entries
// sealed for that contact, and of no other; the facts around it stay.
func TestErasedSubjectBlanksText(t *testing.T) {
	t.Parallel()
	w := newWorld(t)
	matter := newID()
	mine := logged(communication.KindPhoneCall, 1, "", "c-gone", "c-kept")
	inMatter := logged(communication.KindPhoneCall, 2, matter, "c-gone")
	w.write(mine.CommunicationID, mine)
	w.write(inMatter.CommunicationID, inMatter)
	w.caughtUp()
	ctx := context.Background()
	_, err := w.Keys.Shred(ctx, "c-gone")
	must(t, err)
	must(t, w.RT.Rebuild(ctx, "communications", nil))

	e, err := communications.Get(ctx, w.Pool, mine.CommunicationID)
	if domain.KindOf(err) != domain.KindErased || !e.Erased || e.SubjectLine != "" || e.Body != "" ||
		e.Kind != communication.KindPhoneCall || len(e.ContactIDs) != 2 {
		t.Fatalf("erased entry %+v, %v", e, err)
	}
	kept, err := communications.Get(ctx, w.Pool, inMatter.CommunicationID)
	if err != nil || kept.Erased || kept.SubjectLine != inMatter.Content.SubjectLine {
		t.Fatalf("the matter's entry lost its text with the contact: %+v, %v", kept, err)
	}
	list, err := communications.ForContact(ctx, w.Pool, "c-gone", communications.Filter{})
	must(t, err)
	if len(list) != 2 {
		t.Fatalf("contact's log after erasure: %v", ids(list))
	}
}

func TestApplyIsIdempotent(t *testing.T) {
	t.Parallel()
	w := newWorld(t)
	e := logged(communication.KindNote, 1, newID())
	w.write(e.CommunicationID, e,
		communication.FollowUpFlagged{CommunicationID: e.CommunicationID, DueOn: "2026-04-01", AssignedTo: "s"},
		communication.CommunicationCorrected{CommunicationID: e.CommunicationID, DataSubject: e.DataSubject, TextSubject: e.TextSubject,
			Kind: communication.KindEmail, OccurredAt: t0, Content: communication.Content{Body: "Ny"}})
	w.caughtUp()
	before := row(t, w, e.CommunicationID)
	envs, err := w.Store.ReadAll(context.Background(), eventstore.Start, 100)
	must(t, err)
	p := communications.NewProjector()
	for _, batch := range [][]eventstore.Envelope{envs, envs[1:2], envs[:1]} {
		var decoded []eventstore.Decoded
		for _, env := range batch {
			d, err := w.Codec.Decode(context.Background(), env)
			must(t, err)
			decoded = append(decoded, d)
		}
		must(t, pgx.BeginFunc(context.Background(), w.Pool, func(tx pgx.Tx) error {
			return p.Apply(context.Background(), tx, decoded)
		}))
	}
	if after := row(t, w, e.CommunicationID); after != before {
		t.Fatalf("replay changed the row:\n before %s\n after  %s", before, after)
	}
}

func row(t *testing.T, w *world, id string) string {
	t.Helper()
	var s string
	must(t, w.Pool.QueryRow(context.Background(), `SELECT row_to_json(c)::text FROM communications_v2 c WHERE id = $1`, id).Scan(&s))
	return s
}
