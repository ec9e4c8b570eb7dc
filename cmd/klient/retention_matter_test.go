package main

import (
	"context"
	"errors"
	"io"
	"testing"
	"time"

	"github.com/klient-crm/klient/commands/journal"
	mattercmd "github.com/klient-crm/klient/commands/matter"
	"github.com/klient-crm/klient/domain"
	"github.com/klient-crm/klient/domain/access"
	"github.com/klient-crm/klient/domain/contact"
	"github.com/klient-crm/klient/domain/gdpr"
	"github.com/klient-crm/klient/domain/matter"
	"github.com/klient-crm/klient/eventstore"
	"github.com/klient-crm/klient/projections/conflicts"
	gdprmodel "github.com/klient-crm/klient/projections/gdpr"
	"github.com/klient-crm/klient/projections/matters"
	"github.com/klient-crm/klient/projections/staff"
)

// A matter closed more than ten years ago loses its file: its key is
// shredded, the read models replay, and its title is found nowhere; its
// client, who has a lawful basis, stays.
func TestRetentionDestroysAnOldMatterFile(t *testing.T) {
	t.Parallel()
	s := newSetup(t)
	ctx := context.Background()
	a := s.open(t)
	live(t, a)
	client := person(t, a, contact.PersonDetails{GivenName: "Klara", FamilyName: "Klient"})
	lawyer := lawyerOf(t, a)
	matterID := closedMatter(t, a, lawyer, client.ContactID, basis(t, a, client.ContactID))

	later := func() time.Time { return time.Now().AddDate(11, 0, 0) }
	h, err := a.retentionHandler(gdpr.DefaultRetentionRules, later)
	check(t, err)
	report, err := a.retain(ctx, h, false, later)
	if err != nil || len(report.Deleted) != 1 || report.Deleted[0].Category != gdpr.CategoryMatterFile {
		t.Fatalf("retention: %v %+v", err, report)
	}
	if gone, _ := a.keyring.IsShredded(ctx, matter.Subject(matterID)); !gone {
		t.Fatal("the matter's key survived")
	}
	m, err := matters.Get(ctx, a.pool, matterID)
	if !domain.IsKind(err, domain.KindErased) || m.Title != "" || m.Number == "" {
		t.Fatalf("matter after retention: %+v, %v", m, err)
	}
	if leaks := tablesHolding(t, a, "Akten Hemligbo"); len(leaks) != 0 {
		t.Fatalf("the file's title is still in: %v", leaks)
	}
	lines, err := gdprmodel.DeletionLog(ctx, a.pool, gdprmodel.DeletionFilter{Pseudonym: gdprmodel.SubjectHash(matterID)})
	if err != nil || len(lines) != 1 || lines[0].RulePeriod != "P10Y" {
		t.Fatalf("deletion log %+v, %v", lines, err)
	}
	if shredded, _ := a.keyring.IsShredded(ctx, client.ContactID); shredded {
		t.Fatal("the client with a lawful basis was erased")
	}
}

// lawyerOf opens an account for a lawyer, as `klient users create` does.
func lawyerOf(t *testing.T, a *app) journal.Actor {
	t.Helper()
	ctx := context.Background()
	check(t, a.createStaff(ctx, newStaff{email: "jurist@exempel.se", name: "Jurist Juristsson"},
		[]access.Role{access.RoleLawyer}, "ett-langt-losenord-2026", io.Discard))
	m, found, err := staff.ByEmail(ctx, a.pool, "jurist@exempel.se")
	if err != nil || !found {
		t.Fatalf("lawyer: %v %v", found, err)
	}
	return journal.Actor{ID: m.ID}
}

// closedMatter takes a matter in for client, clears its conflict check,
// opens and closes it; after is a position to settle first.
func closedMatter(t *testing.T, a *app, lawyer journal.Actor, client string, after eventstore.Position) string {
	t.Helper()
	ctx := context.Background()
	repo, err := mattercmd.NewMatters(a.store, a.codec, now, mattercmd.MatterConfig{})
	check(t, err)
	checker, err := conflicts.NewChecker(a.pool)
	check(t, err)
	open, err1 := mattercmd.NewOpenMatterHandler(repo)
	conflict, err2 := mattercmd.NewConflictCheckHandler(repo, checker, checker)
	life, err3 := mattercmd.NewMatterLifecycleHandler(repo)
	check(t, errors.Join(err1, err2, err3))
	settle(t, a, after)
	res, err := open.Handle(ctx, mattercmd.OpenMatter{Actor: lawyer, Title: "Akten Hemligbo", PracticeArea: "processrätt",
		ResponsibleLawyer: lawyer.ID, Parties: []mattercmd.MatterParty{{ContactID: client, Role: matter.RoleClient}}})
	check(t, err)
	settle(t, a, res.Position)
	found, err := conflict.HandleRun(ctx, mattercmd.RunConflictCheck{Actor: lawyer, MatterID: res.MatterID, ExpectedVersion: res.Version})
	check(t, err)
	res, err = conflict.HandleDecision(ctx, mattercmd.RecordConflictDecision{Actor: lawyer, MatterID: res.MatterID,
		ExpectedVersion: res.Version, Fingerprint: found.Fingerprint, Decision: matter.DecisionClear})
	check(t, err)
	res, err = life.HandleActivate(ctx, mattercmd.ChangeMatterStatus{Actor: lawyer, MatterID: res.MatterID, ExpectedVersion: res.Version})
	check(t, err)
	res, err = life.HandleClose(ctx, mattercmd.ChangeMatterStatus{Actor: lawyer, MatterID: res.MatterID, ExpectedVersion: res.Version})
	check(t, err)
	settle(t, a, res.Position)
	return res.MatterID
}
