package matter_test

import (
	"context"
	"testing"

	mattercmd "github.com/klient-crm/klient/commands/matter"
	"github.com/klient-crm/klient/domain"
	"github.com/klient-crm/klient/domain/matter"
)

// conflictFlow is one intake and the handlers that take it through its
// conflict check.
type conflictFlow struct {
	w         *matterWorld
	res       mattercmd.MatterResult
	check     *mattercmd.ConflictCheckHandler
	lifecycle *mattercmd.MatterLifecycleHandler
	parties   *mattercmd.MatterPartiesHandler
}

func newConflictFlow(t *testing.T, w *matterWorld) *conflictFlow {
	t.Helper()
	lawyer := w.lawyer(t)
	client := w.person(t, "Åsa", "Öberg", "19811218-9876", "asa@example.se")
	counterparty := w.person(t, "Bo", "Hyresvärd", "")
	f := &conflictFlow{w: w, res: w.intake(t, lawyer, client, counterparty)}
	var err error
	f.check, err = mattercmd.NewConflictCheckHandler(w.matters, w.checker, w.checker)
	must(t, err)
	f.lifecycle, err = mattercmd.NewMatterLifecycleHandler(w.matters)
	must(t, err)
	f.parties, err = mattercmd.NewMatterPartiesHandler(w.matters)
	must(t, err)
	return f
}

func (f *conflictFlow) run(t *testing.T) mattercmd.ConflictReport {
	t.Helper()
	f.w.settle(t)
	r, err := f.check.HandleRun(context.Background(), mattercmd.RunConflictCheck{Actor: staff, MatterID: f.res.MatterID, ExpectedVersion: f.res.Version})
	must(t, err)
	return r
}

func (f *conflictFlow) decide(t *testing.T, r mattercmd.ConflictReport, d matter.ConflictDecision, reason string) error {
	t.Helper()
	res, err := f.check.HandleDecision(context.Background(), mattercmd.RecordConflictDecision{Actor: staff,
		MatterID: f.res.MatterID, ExpectedVersion: f.res.Version, Fingerprint: r.Fingerprint, Decision: d, Reason: reason})
	if err == nil {
		f.res = res
		f.w.wrote(res.Position)
	}
	return err
}

func (f *conflictFlow) activate() error {
	res, err := f.lifecycle.HandleActivate(context.Background(), mattercmd.ChangeMatterStatus{Actor: staff, MatterID: f.res.MatterID, ExpectedVersion: f.res.Version})
	if err == nil {
		f.res = res
	}
	return err
}

func TestIntakeOpensOnlyAfterACurrentCheck(t *testing.T) {
	t.Parallel()
	f := newConflictFlow(t, newMatterWorld(t))
	refusedWith(t, f.activate(), domain.KindConflict, "matter.conflict.check_required")
	must(t, f.decide(t, f.run(t), matter.DecisionClear, ""))

	witness := f.w.person(t, "Vera", "Vittne", "")
	added, err := f.parties.HandleAdd(context.Background(), mattercmd.AddMatterParty{Actor: staff, MatterID: f.res.MatterID,
		ExpectedVersion: f.res.Version, Party: mattercmd.MatterParty{ContactID: witness, Role: matter.RoleWitness}})
	must(t, err)
	f.res = added
	f.w.wrote(added.Position)
	refusedWith(t, f.activate(), domain.KindConflict, "matter.conflict.check_required")

	r := f.run(t)
	if len(r.Inputs) != 3 || r.Inputs[0].ContactID == "" || r.Position.Commit == 0 {
		t.Fatalf("report %+v", r)
	}
	refusedWith(t, f.decide(t, r, matter.DecisionWaived, " "), domain.KindInvalid, "matter.conflict.waiver_reason")
	must(t, f.decide(t, r, matter.DecisionWaived, "Klienterna har samtyckt skriftligen"))
	must(t, f.activate())
	f.w.wrote(f.res.Position)
	if m := f.w.readMatter(t, f.res.MatterID); m.Status != matter.StatusOpen || m.ActivatedAt.IsZero() {
		t.Fatalf("after activation: %+v", m)
	}
}

func TestDeclinedIntakeCannotOpen(t *testing.T) {
	t.Parallel()
	f := newConflictFlow(t, newMatterWorld(t))
	must(t, f.decide(t, f.run(t), matter.DecisionDeclined, "motpart är befintlig klient"))
	refusedWith(t, f.activate(), domain.KindConflict, "matter.conflict.declined")
	_, err := f.check.HandleRun(context.Background(), mattercmd.RunConflictCheck{Actor: staff, MatterID: f.res.MatterID, ExpectedVersion: f.res.Version})
	refusedWith(t, err, domain.KindConflict, "matter.conflict.declined")
}

// A decision must be on what the lawyer saw: a hit that appeared since
// the check ran sends them back to review it.
func TestDecisionOnAStaleResultIsRefused(t *testing.T) {
	t.Parallel()
	f := newConflictFlow(t, newMatterWorld(t))
	r := f.run(t)
	other := f.w.intake(t, f.w.lawyer(t), f.w.person(t, "Ny", "Klient", ""), f.w.person(t, "Asa", "Oberg", "")) // "Åsa Öberg", folded
	f.w.wrote(other.Position)
	f.w.settle(t)
	refusedWith(t, f.decide(t, r, matter.DecisionClear, ""), domain.KindConflict, "matter.conflict.result_changed")
	refusedWith(t, f.decide(t, mattercmd.ConflictReport{}, matter.DecisionClear, ""), domain.KindInvalid, "matter.conflict.not_reviewed")

	again := f.run(t)
	if len(again.Hits) == 0 || again.Hits[0].MatterNumber != other.Number || again.Hits[0].Kind != matter.MatchName {
		t.Fatalf("hits %+v", again.Hits)
	}
	must(t, f.decide(t, again, matter.DecisionClear, "namnlikhet, annan person"))
	if m := f.w.readMatter(t, f.res.MatterID); m.ConflictDecision != matter.DecisionClear || !m.ConflictCheckCurrent {
		t.Fatalf("recorded %s, current %v", m.ConflictDecision, m.ConflictCheckCurrent)
	}
}
