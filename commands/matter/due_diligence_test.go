package matter_test

import (
	"cmp"
	"context"
	"fmt"
	"slices"
	"testing"
	"time"

	cddcmd "github.com/klient-crm/klient/commands/cdd"
	"github.com/klient-crm/klient/commands/journal"
	mattercmd "github.com/klient-crm/klient/commands/matter"
	staffcmd "github.com/klient-crm/klient/commands/staff"
	"github.com/klient-crm/klient/domain"
	"github.com/klient-crm/klient/domain/access"
	"github.com/klient-crm/klient/domain/cdd"
	"github.com/klient-crm/klient/domain/matter"
	"github.com/klient-crm/klient/internal/pgmigrate"
	"github.com/klient-crm/klient/internal/pgtest"
	"github.com/klient-crm/klient/projections"
	cddmodel "github.com/klient-crm/klient/projections/cdd"
	"github.com/klient-crm/klient/projections/cdd/cddtest"
	"github.com/klient-crm/klient/projections/matters"
)

// Issue 17: in a practice area the firm says the act covers, an intake
// whose conflict check is clear still does not open without an approved
// due-diligence record — none, or one not yet approved, is refused with
// its own code and nothing written; once the record (screened against an
// imported EU list, its one hit reviewed) is approved, the matter opens.
// Another practice area opens as before.
func TestOpeningNeedsAnApprovedDueDiligenceRecord(t *testing.T) {
	t.Parallel()
	w := newMatterWorld(t)
	must(t, w.codec.Register(cdd.Events()...))
	ctx := context.Background()
	_, err := mattercmd.NewMatters(w.store, w.codec, func() time.Time { return today }, mattercmd.MatterConfig{DueDiligenceAreas: []string{"skeppsrätt"}})
	if err == nil {
		t.Error("a due-diligence area that is no practice area was accepted")
	}
	gated, err := mattercmd.NewMatters(w.store, w.codec, func() time.Time { return today }, mattercmd.MatterConfig{DueDiligenceAreas: []string{"Fastighetsrätt"}})
	must(t, err)
	if !gated.NeedsDueDiligence("fastighetsrätt") || gated.NeedsDueDiligence("familjerätt") {
		t.Error("the gate's practice areas are not the configured one")
	}
	records, err := cddcmd.NewRecords(w.store, w.codec, func() time.Time { return today })
	must(t, err)
	lifecycle, err := mattercmd.NewMatterLifecycleHandler(gated)
	must(t, err)
	lifecycle = lifecycle.WithDueDiligence(records)

	f := newConflictFlow(t, w) // a fastighetsrätt intake of Åsa Öberg
	must(t, f.decide(t, f.run(t), matter.DecisionClear, ""))
	activate := func() error {
		_, err := lifecycle.HandleActivate(ctx, mattercmd.ChangeMatterStatus{Actor: staff, MatterID: f.res.MatterID, ExpectedVersion: f.res.Version})
		return err
	}
	refusedWith(t, activate(), domain.KindConflict, "matter.cdd.required")

	lawyer := journal.Actor{ID: w.lawyer(t), CorrelationID: "req-cdd"}
	officer := w.member(t, access.RoleAMLOfficer)
	publish, _ := cddcmd.NewPublishAssessmentHandler(records)
	_, err = publish.Handle(ctx, cddcmd.PublishAssessment{Actor: officer, New: true, NormalFrom: 3, HighFrom: 7, Summary: "Allmän riskbedömning.",
		Factors: []cdd.Factor{{Code: "property", Category: cdd.CategoryService, Label: "Fastighetstransaktion", Weight: 3}}})
	must(t, err)
	start, _ := cddcmd.NewStartRecordHandler(records)
	res, err := start.Handle(ctx, cddcmd.StartRecord{Actor: lawyer, MatterID: f.res.MatterID})
	must(t, err)
	part, _ := cddcmd.NewRecordPartHandler(records)
	for _, p := range []cddcmd.RecordPart{
		{Risk: &cddcmd.RiskPart{Factors: []string{"property"}, Risk: cdd.RiskNormal, Reasons: "Köp av bostadsrätt med banklån."}},
		{Identity: &cddcmd.IdentityPart{Method: cdd.MethodBankID}},
		{PEP: &cddcmd.PEPPart{Answer: cdd.PEPNo}},
	} {
		p.Actor, p.MatterID, p.ExpectedVersion = lawyer, f.res.MatterID, res.Version
		res, err = part.Handle(ctx, p)
		must(t, err)
	}

	listsPool := pgtest.NewPool(t)
	_, err = pgmigrate.Apply(ctx, listsPool, projections.Migrations(), cddmodel.Migrations())
	must(t, err)
	lists, err := cddmodel.NewLists(listsPool)
	must(t, err)
	sanctions, err := cddcmd.NewSanctionsHandler(records, lists, lists)
	must(t, err)
	file := cddtest.List(today.Add(-24*time.Hour), "184900", 50,
		cddtest.Entry{ID: "77001", Person: true, Names: []string{"OBERG, Asa"}, BirthDate: "1950-01-01"})
	info, err := sanctions.HandleImport(ctx, cddcmd.ImportList{Actor: officer, File: file})
	must(t, err)
	if info.Entries != 50 || info.Version != "184900" {
		t.Fatalf("imported %+v, want the file's 50 entries and its version", info)
	}
	res, err = sanctions.HandleScreen(ctx, cddcmd.ScreenRecord{Actor: lawyer, MatterID: f.res.MatterID, ExpectedVersion: res.Version})
	must(t, err)
	decide, _ := cddcmd.NewDecideRecordHandler(records)
	_, err = decide.Handle(ctx, cddcmd.DecideRecord{Actor: lawyer, MatterID: f.res.MatterID, ExpectedVersion: res.Version,
		Decision: cdd.DecisionApproved, Reason: "Normal risk."})
	refusedWith(t, err, domain.KindConflict, "cdd.decision.incomplete")
	refusedWith(t, activate(), domain.KindConflict, "matter.cdd.not_approved")
	res, err = decide.HandleReview(ctx, cddcmd.ReviewHit{Actor: lawyer, MatterID: f.res.MatterID, ExpectedVersion: res.Version,
		EntryID: "77001", Reason: "Den listade är född 1950, klienten 1981 (BankID)."})
	must(t, err)
	_, err = decide.Handle(ctx, cddcmd.DecideRecord{Actor: lawyer, MatterID: f.res.MatterID, ExpectedVersion: res.Version,
		Decision: cdd.DecisionApproved, Reason: "Normal risk, identitet med BankID, träffen en annan person."})
	must(t, err)

	// The approval is of the client the record was started for: with
	// another client in that one's place (the conflict check run and
	// cleared again), the matter has no record of its client.
	swap := func() {
		t.Helper()
		w.settle(t)
		parties, err := matters.Parties(ctx, w.pool, f.res.MatterID)
		must(t, err)
		slices.SortStableFunc(parties, func(a, b matters.Party) int { // the new client first: a matter keeps one
			return cmp.Compare(a.Role, b.Role) // "client" sorts before "counterparty": reverse it
		})
		slices.Reverse(parties)
		for _, p := range parties {
			role := matter.RoleClient
			if p.Role == matter.RoleClient {
				role = matter.RoleCounterparty
			}
			f.res, err = f.parties.HandleRole(ctx, mattercmd.ChangeMatterPartyRole{Actor: staff, MatterID: f.res.MatterID,
				ExpectedVersion: f.res.Version, PartyID: p.PartyID, Role: role, Note: p.Note})
			must(t, err)
			w.wrote(f.res.Position)
		}
		must(t, f.decide(t, f.run(t), matter.DecisionClear, ""))
	}
	swap()
	refusedWith(t, activate(), domain.KindConflict, "matter.cdd.required")
	swap()

	before := len(w.matterTypes(t, f.res.MatterID))
	must(t, activate())
	if got := w.matterTypes(t, f.res.MatterID); len(got) != before+1 || got[len(got)-1] != matter.TypeMatterActivated {
		t.Errorf("activation wrote %v after %d events", got, before)
	}
}

// member registers an active staff member holding roles, as an actor.
func (w *matterWorld) member(t *testing.T, roles ...access.Role) journal.Actor {
	t.Helper()
	h, err := staffcmd.NewRegisterStaffMemberHandler(w.staff)
	must(t, err)
	n := staffCount.Add(1)
	res, err := h.Handle(context.Background(), staffcmd.RegisterStaffMember{Actor: staff,
		Details: access.StaffDetails{Name: fmt.Sprintf("Medarbetare %d", n), Email: fmt.Sprintf("medarbetare%d@byran.se", n)}, Roles: roles})
	must(t, err)
	return journal.Actor{ID: res.StaffID, CorrelationID: "req-cdd"}
}
