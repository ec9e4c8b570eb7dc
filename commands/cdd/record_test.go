package cdd_test

import (
	"context"
	"testing"

	cddcmd "github.com/klient-crm/klient/commands/cdd"
	"github.com/klient-crm/klient/commands/commandtest"
	"github.com/klient-crm/klient/commands/journal"
	mattercmd "github.com/klient-crm/klient/commands/matter"
	"github.com/klient-crm/klient/domain"
	"github.com/klient-crm/klient/domain/access"
	"github.com/klient-crm/klient/domain/cdd"
)

// An organisation client's record, part by part (issue 17): the personal
// parts never reach the log in the clear, a decision without a reason is
// refused, the lawyer escalates a high risk, and only a member holding the
// AML officer's role (read from the staff stream) decides it.
func TestRecordIsSealedAndDecidedByItsRules(t *testing.T) {
	t.Parallel()
	w := newWorld(t, mattercmd.MatterConfig{})
	ctx := context.Background()
	officer, lawyer := w.member(access.RoleAMLOfficer), w.member(access.RoleLawyer)
	client := commandtest.RegisterOrganisation(t, w.World, commandtest.ExempelAB()).ContactID
	matterID := w.intake(lawyer, "fastighetsrätt", client)

	res, err := w.start.Handle(ctx, cddcmd.StartRecord{Actor: lawyer, MatterID: matterID})
	commandtest.Must(t, err)
	again, err := w.start.Handle(ctx, cddcmd.StartRecord{Actor: lawyer, MatterID: matterID})
	commandtest.Must(t, err)
	if again.Version != res.Version {
		t.Errorf("starting again moved the record to version %d", again.Version)
	}
	risk := &cddcmd.RiskPart{Factors: []string{"organisation", "high-risk-country"}, Risk: cdd.RiskHigh,
		Reasons: "Ägaren Greta Hemlig är bosatt i ett högrisktredjeland."}
	_, err = w.part.Handle(ctx, cddcmd.RecordPart{Actor: lawyer, MatterID: matterID, ExpectedVersion: res.Version, Risk: risk})
	commandtest.RefusedWith(t, err, domain.KindConflict, "cdd.assessment.missing")
	w.generalAssessment(officer)

	for _, part := range []cddcmd.RecordPart{
		{Risk: risk},
		{Identity: &cddcmd.IdentityPart{Method: cdd.MethodIDDocument, Details: "Firmatecknarens pass XA1234567"}},
		{Owners: &cddcmd.OwnersPart{Owners: []cdd.BeneficialOwner{{Name: "Greta Hemlig", BirthDate: "1970-01-01",
			SharePercent: 100, Verification: "Bolagsverkets register över verkliga huvudmän"}}}},
		{PEP: &cddcmd.PEPPart{Answer: cdd.PEPFamily, Details: "Gift med statsrådet Hemligsson."}},
	} {
		part.Actor, part.MatterID, part.ExpectedVersion = lawyer, matterID, res.Version
		res, err = w.part.Handle(ctx, part)
		commandtest.Must(t, err)
	}
	stream := cdd.RecordStreamName(matterID)
	for _, plain := range []string{"Greta Hemlig", "XA1234567", "Hemligsson", "högrisktredjeland", `"family"`} {
		if w.logHolds(stream, plain) {
			t.Errorf("the record's stream holds %s in the clear", plain)
		}
	}
	rec, err := w.records.Load(ctx, matterID)
	commandtest.Must(t, err)
	if rec.Risk() != cdd.RiskHigh || rec.ClientID() != client || len(rec.Missing()) != 1 || rec.Missing()[0] != "cdd.missing.screening" {
		t.Fatalf("the record opened as risk %q of %s, missing %v; want high, the client, only the screening", rec.Risk(), rec.ClientID(), rec.Missing())
	}

	decide := func(actor journal.Actor, d cdd.Decision, reason string) (cddcmd.RecordResult, error) {
		return w.decide.Handle(ctx, cddcmd.DecideRecord{Actor: actor, MatterID: matterID, ExpectedVersion: res.Version, Decision: d, Reason: reason})
	}
	_, err = decide(lawyer, cdd.DecisionApproved, "Klart.")
	commandtest.RefusedWith(t, err, domain.KindConflict, "cdd.decision.incomplete")
	_, err = decide(lawyer, cdd.DecisionEscalated, " ")
	commandtest.RefusedWith(t, err, domain.KindInvalid, "cdd.text.required")
	res, err = decide(lawyer, cdd.DecisionEscalated, "Hög risk och PEP: till den penningtvättsansvariga.")
	commandtest.Must(t, err)
	_, err = decide(lawyer, cdd.DecisionDeclined, "Jag avböjer själv.")
	commandtest.RefusedWith(t, err, domain.KindForbidden, "cdd.decision.officer_only")
	res, err = decide(officer, cdd.DecisionDeclined, "Medlens ursprung kan inte klarläggas.")
	commandtest.Must(t, err)
	rec, err = w.records.Load(ctx, matterID)
	commandtest.Must(t, err)
	if rec.Decision() != cdd.DecisionDeclined {
		t.Errorf("the officer's decision left %q", rec.Decision())
	}
	commandtest.RefusedWith(t, w.records.Cleared(ctx, matterID, []string{client}), domain.KindConflict, "matter.cdd.not_approved")
	_, err = w.part.Handle(ctx, cddcmd.RecordPart{Actor: lawyer, MatterID: matterID, ExpectedVersion: res.Version - 1,
		PEP: &cddcmd.PEPPart{Answer: cdd.PEPNo}})
	commandtest.RefusedWith(t, err, domain.KindConflict, "cdd.record.changed_meanwhile")
}

// A matter nobody may find, or that has no client the actor may see,
// takes no record; nothing is written.
func TestRecordNeedsAMatterAndItsClient(t *testing.T) {
	t.Parallel()
	w := newWorld(t, mattercmd.MatterConfig{})
	ctx := context.Background()
	lawyer := w.member(access.RoleLawyer)
	client := commandtest.RegisterPerson(t, w.World, commandtest.Tolvan()).ContactID
	matterID := w.intake(lawyer, "familjerätt", client)
	_, err := w.start.Handle(ctx, cddcmd.StartRecord{Actor: lawyer, MatterID: "0193b000-0000-7000-8000-0000000000ff"})
	commandtest.RefusedWith(t, err, domain.KindNotFound, "matter.not_found")
	walled := lawyer
	walled.Unseen = func(id string) bool { return id == client }
	_, err = w.start.Handle(ctx, cddcmd.StartRecord{Actor: walled, MatterID: matterID})
	commandtest.RefusedWith(t, err, domain.KindInvalid, "cdd.client.id")
	_, err = w.part.Handle(ctx, cddcmd.RecordPart{Actor: lawyer, MatterID: matterID, PEP: &cddcmd.PEPPart{Answer: cdd.PEPNo}})
	commandtest.RefusedWith(t, err, domain.KindNotFound, "cdd.record.not_found")
	if n := len(w.events(cdd.RecordStreamName(matterID))); n != 0 {
		t.Errorf("refused commands wrote %d events to the record's stream", n)
	}
}
