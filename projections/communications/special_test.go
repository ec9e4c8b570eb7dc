package communications_test

import (
	"context"
	"slices"
	"testing"

	"github.com/klient-crm/klient/domain/communication"
	"github.com/klient-crm/klient/domain/dpo"
	"github.com/klient-crm/klient/projections/communications"
)

// TestMarkedEntries: an entry's marking (its own stream, special-<id>)
// reaches the log's row; a viewer who may not read special categories
// gets a log without it, in the query; the DPO's count has it; lifting
// it clears the row. Once the person the entry is about is erased the
// categories are blank — they were sealed with that person's key — but
// the entry stays marked by its grounds, and the count no longer has it.
func TestMarkedEntries(t *testing.T) {
	t.Parallel()
	w := newWorld(t)
	ctx := context.Background()
	marked := logged(communication.KindPhoneCall, 1, "", "c-gone")
	plain := logged(communication.KindNote, 2, "", "c-gone")
	w.write(marked.CommunicationID, marked)
	w.write(plain.CommunicationID, plain)
	mark := func(cats []dpo.SpecialCategory, grounds []dpo.SpecialGround) {
		w.Write(dpo.EntrySpecialStreamName(marked.CommunicationID), dpo.CommunicationSpecialMarked{CommunicationID: marked.CommunicationID,
			DataSubject: marked.DataSubject, Categories: cats, Grounds: grounds, MarkedAt: t0, MarkedBy: "staff-1"})
		w.caughtUp()
	}
	health := []dpo.SpecialCategory{dpo.CategoryHealth}
	legalClaims := []dpo.SpecialGround{dpo.GroundLegalClaims}
	mark(health, legalClaims)

	e, err := communications.Get(ctx, w.Pool, marked.CommunicationID)
	must(t, err)
	if !e.Special || !slices.Equal(e.SpecialCategories, health) || !slices.Equal(e.SpecialGrounds, legalClaims) {
		t.Fatalf("the marked entry reads %v %v %v", e.Special, e.SpecialCategories, e.SpecialGrounds)
	}
	all, err := communications.ForContact(ctx, w.Pool, "c-gone", communications.Filter{})
	must(t, err)
	without, err := communications.ForContact(ctx, w.Pool, "c-gone", communications.Filter{WithoutSpecial: true})
	must(t, err)
	if len(all) != 2 || len(without) != 1 || without[0].ID != plain.CommunicationID {
		t.Fatalf("the log: %v; without the marked: %v", ids(all), ids(without))
	}
	counts, err := communications.SpecialCategoriesInUse(ctx, w.Pool)
	must(t, err)
	if len(counts) != 1 || counts[dpo.CategoryHealth] != 1 {
		t.Fatalf("in use: %v, want health once", counts)
	}

	mark(nil, nil)
	if e, err = communications.Get(ctx, w.Pool, marked.CommunicationID); err != nil || e.Special || len(e.SpecialCategories) != 0 {
		t.Fatalf("lifted, the entry reads %+v, %v", e, err)
	}

	mark(health, legalClaims)
	_, err = w.Keys.Shred(ctx, "c-gone")
	must(t, err)
	must(t, w.RT.Rebuild(ctx, "communications", nil))
	e, _ = communications.Get(ctx, w.Pool, marked.CommunicationID)
	if !e.Special || len(e.SpecialCategories) != 0 || !slices.Equal(e.SpecialGrounds, legalClaims) {
		t.Fatalf("erased, the entry reads special %v, categories %v, grounds %v; want still marked, its categories blank",
			e.Special, e.SpecialCategories, e.SpecialGrounds)
	}
	if n, err := communications.SubjectRows(ctx, w.Pool, "c-gone"); err != nil || n != 0 {
		t.Fatalf("rows holding the erased person's data: %d, %v", n, err)
	}
	if counts, err = communications.SpecialCategoriesInUse(ctx, w.Pool); err != nil || len(counts) != 0 {
		t.Fatalf("in use after the erasure: %v, %v", counts, err)
	}
}
