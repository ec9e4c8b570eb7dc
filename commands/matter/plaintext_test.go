package matter_test

import (
	"context"
	"testing"

	mattercmd "github.com/klient-crm/klient/commands/matter"
	"github.com/klient-crm/klient/domain/matter"
	"github.com/klient-crm/klient/projections/matters"
)

// Canaries: matter text that must never appear in stored bytes.
const (
	canaryTitle       = "Kanarieborgs arvstvist"
	canaryDescription = "Fjäderströms testamente"
	canaryPartyNote   = "Gulsparvens förmyndare"
	canaryNote        = "Domherrens telefonsamtal"
	canaryReason      = "Stenknäckens samtycke"
	canaryReopen      = "Talgoxens överklagande"
)

// A matter taken through its whole life stores none of its text in the
// clear, and its history (the read model) lists every event of its stream.
func TestMatterTextIsSealedAndEveryEventIsInTheHistory(t *testing.T) {
	t.Parallel()
	w := newMatterWorld(t)
	f := newConflictFlow(t, w)
	ctx := context.Background()
	details, err := mattercmd.NewMatterDetailsHandler(w.matters)
	must(t, err)
	id := f.res.MatterID
	res, err := details.HandleDetails(ctx, mattercmd.ChangeMatterDetails{Actor: staff, MatterID: id, ExpectedVersion: f.res.Version,
		Title: canaryTitle, Description: canaryDescription, PracticeArea: "arvsrätt"})
	must(t, err)
	w.settle(t)
	parties, err := matters.Parties(ctx, w.pool, id)
	must(t, err)
	res, err = f.parties.HandleRole(ctx, mattercmd.ChangeMatterPartyRole{Actor: staff, MatterID: id, ExpectedVersion: res.Version,
		PartyID: parties[0].PartyID, Role: parties[0].Role, Note: canaryPartyNote})
	must(t, err)
	f.res = res
	w.wrote(res.Position)
	must(t, f.decide(t, f.run(t), matter.DecisionWaived, canaryReason))
	must(t, f.activate())
	res, err = details.HandleNote(ctx, mattercmd.AddMatterNote{Actor: staff, MatterID: id, ExpectedVersion: f.res.Version, Text: canaryNote})
	must(t, err)
	status := mattercmd.ChangeMatterStatus{Actor: staff, MatterID: id, ExpectedVersion: res.Version}
	closed, err := f.lifecycle.HandleClose(ctx, status)
	must(t, err)
	status.ExpectedVersion, status.Reason = closed.Version, canaryReopen
	reopened, err := f.lifecycle.HandleReopen(ctx, status)
	must(t, err)
	w.wrote(reopened.Position)

	for _, c := range []string{canaryTitle, canaryDescription, canaryPartyNote, canaryNote, canaryReason, canaryReopen, "Öberg"} {
		var n int
		must(t, w.pool.QueryRow(ctx, `SELECT count(*) FROM events
			WHERE position(convert_to($1, 'UTF8') IN data) > 0 OR strpos(metadata::text, $1) > 0`, c).Scan(&n))
		if n != 0 {
			t.Errorf("%q is stored in the clear in %d events", c, n)
		}
	}
	m := w.readMatter(t, id)
	history, err := matters.History(ctx, w.pool, id)
	must(t, err)
	types := w.matterTypes(t, id)
	if len(history) != len(types) || m.Title != canaryTitle || m.Status != matter.StatusOpen {
		t.Fatalf("history of %d events for a stream of %d; matter %+v", len(history), len(types), m)
	}
	for i, c := range history {
		if c.Type != types[i] || c.Actor != staff.ID {
			t.Fatalf("history %d is %s by %s, stream has %s", i, c.Type, c.Actor, types[i])
		}
	}
}
