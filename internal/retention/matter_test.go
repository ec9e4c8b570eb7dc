package retention

import (
	"context"
	"errors"
	"testing"
	"time"

	gdprcmd "github.com/klient-crm/klient/commands/gdpr"
	"github.com/klient-crm/klient/commands/journal"
	mattercmd "github.com/klient-crm/klient/commands/matter"
	staffcmd "github.com/klient-crm/klient/commands/staff"
	"github.com/klient-crm/klient/domain"
	"github.com/klient-crm/klient/domain/access"
	"github.com/klient-crm/klient/domain/contact"
	"github.com/klient-crm/klient/domain/gdpr"
	"github.com/klient-crm/klient/domain/matter"
	"github.com/klient-crm/klient/eventstore"
	"github.com/klient-crm/klient/internal/apptest"
	"github.com/klient-crm/klient/projections/conflicts"
	gdprmodel "github.com/klient-crm/klient/projections/gdpr"
	"github.com/klient-crm/klient/projections/matters"
)

// A matter closed more than ten years ago loses its file: its key is
// shredded, the read models replay, and its title is found nowhere; its
// client, who has a lawful basis, stays.
func TestRetentionDestroysAnOldMatterFile(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	a, j := world(t)
	apptest.Live(t, a.Runtime)
	client := apptest.Person(t, a.Contacts, contact.PersonDetails{GivenName: "Klara", FamilyName: "Klient"})
	lawyer := lawyerOf(t, a)
	matterID := closedMatter(t, a, lawyer, client.ContactID, apptest.Basis(t, a.Subjects, client.ContactID))

	later := func() time.Time { return time.Now().AddDate(11, 0, 0) }
	h, err := j.Handler(gdpr.DefaultRetentionRules, later)
	apptest.Must(t, err)
	report, err := j.Run(ctx, h, false, later)
	if err != nil || len(report.Deleted) != 1 || report.Deleted[0].Category != gdpr.CategoryMatterFile {
		t.Fatalf("retention: %v %+v", err, report)
	}
	if gone, _ := a.Keys.IsShredded(ctx, matter.Subject(matterID)); !gone {
		t.Fatal("the matter's key survived")
	}
	m, err := matters.Get(ctx, a.Pool, matterID)
	if !domain.IsKind(err, domain.KindErased) || m.Title != "" || m.Number == "" {
		t.Fatalf("matter after retention: %+v, %v", m, err)
	}
	if leaks := apptest.TablesHolding(t, a.Pool, "Akten Hemligbo"); len(leaks) != 0 {
		t.Fatalf("the file's title is still in: %v", leaks)
	}
	lines, err := gdprmodel.DeletionLog(ctx, a.Pool, gdprmodel.DeletionFilter{Pseudonym: gdprmodel.SubjectHash(matterID)})
	if err != nil || len(lines) != 1 || lines[0].RulePeriod != "P10Y" {
		t.Fatalf("deletion log %+v, %v", lines, err)
	}
	if shredded, _ := a.Keys.IsShredded(ctx, client.ContactID); shredded {
		t.Fatal("the client with a lawful basis was erased")
	}
}

// lawyerOf registers a lawyer, as `klient users create` does, and waits
// for the staff read model to hold them.
func lawyerOf(t *testing.T, a *apptest.App) journal.Actor {
	t.Helper()
	h, err := staffcmd.NewRegisterStaffMemberHandler(a.Staff)
	apptest.Must(t, err)
	res, err := h.Handle(context.Background(), staffcmd.RegisterStaffMember{Actor: journal.Actor{ID: "system-cli"},
		Details: access.StaffDetails{Name: "Jurist Juristsson", Email: "jurist@exempel.se"}, Roles: []access.Role{access.RoleLawyer}})
	apptest.Must(t, err)
	apptest.Settle(t, a.Runtime, res.Position)
	return journal.Actor{ID: res.StaffID}
}

// closedMatter takes a matter in for client, clears its conflict check,
// opens and closes it; after is a position to settle first.
func closedMatter(t *testing.T, a *apptest.App, lawyer journal.Actor, client string, after eventstore.Position) string {
	t.Helper()
	ctx := context.Background()
	repo, err := mattercmd.NewMatters(a.Store, a.Codec, apptest.Now, mattercmd.MatterConfig{})
	apptest.Must(t, err)
	checker, err := conflicts.NewChecker(a.Pool)
	apptest.Must(t, err)
	open, err1 := mattercmd.NewOpenMatterHandler(repo)
	conflict, err2 := mattercmd.NewConflictCheckHandler(repo, checker, checker)
	life, err3 := mattercmd.NewMatterLifecycleHandler(repo)
	apptest.Must(t, errors.Join(err1, err2, err3))
	apptest.Settle(t, a.Runtime, after)
	res, err := open.Handle(ctx, mattercmd.OpenMatter{Actor: lawyer, Title: "Akten Hemligbo", PracticeArea: "processrätt",
		ResponsibleLawyer: lawyer.ID, Parties: []mattercmd.MatterParty{{ContactID: client, Role: matter.RoleClient}}})
	apptest.Must(t, err)
	apptest.Settle(t, a.Runtime, res.Position)
	found, err := conflict.HandleRun(ctx, mattercmd.RunConflictCheck{Actor: lawyer, MatterID: res.MatterID, ExpectedVersion: res.Version})
	apptest.Must(t, err)
	res, err = conflict.HandleDecision(ctx, mattercmd.RecordConflictDecision{Actor: lawyer, MatterID: res.MatterID,
		ExpectedVersion: res.Version, Fingerprint: found.Fingerprint, Decision: matter.DecisionClear})
	apptest.Must(t, err)
	res, err = life.HandleActivate(ctx, mattercmd.ChangeMatterStatus{Actor: lawyer, MatterID: res.MatterID, ExpectedVersion: res.Version})
	apptest.Must(t, err)
	res, err = life.HandleClose(ctx, mattercmd.ChangeMatterStatus{Actor: lawyer, MatterID: res.MatterID, ExpectedVersion: res.Version})
	apptest.Must(t, err)
	apptest.Settle(t, a.Runtime, res.Position)
	return res.MatterID
}

// Retention reads a page of contacts at a time, each read model answering
// for the whole page: every contact still gets its own facts — the client
// its closed matter and basis, the bystander nothing of theirs.
func TestRetainedContactsEachHaveTheirOwnFacts(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	a, j := world(t)
	apptest.Live(t, a.Runtime)
	client := apptest.Person(t, a.Contacts, contact.PersonDetails{GivenName: "Klara", FamilyName: "Klient"})
	bystander := apptest.Person(t, a.Contacts, contact.PersonDetails{GivenName: "Bo", FamilyName: "Bredvid"})
	matterID := closedMatter(t, a, lawyerOf(t, a), client.ContactID, apptest.Basis(t, a.Subjects, client.ContactID))

	all, err := sources{j}.RetainedContacts(ctx)
	apptest.Must(t, err)
	byID := map[string]gdprcmd.RetainedContact{}
	for _, rc := range all {
		byID[rc.Facts.SubjectID] = rc
	}
	c, b := byID[client.ContactID], byID[bystander.ContactID]
	if len(byID) != 2 || !c.HasBasis || len(c.Facts.Matters) != 1 || c.Facts.Matters[0].MatterID != matterID ||
		!c.Facts.Matters[0].Client || c.Facts.Matters[0].ClosedAt.IsZero() {
		t.Fatalf("the client's facts: %+v (of %d contacts)", c, len(byID))
	}
	if b.HasBasis || len(b.Facts.Matters) != 0 || b.Facts.RegisteredAt.IsZero() || b.Facts.LastActivity.Before(b.Facts.RegisteredAt) {
		t.Fatalf("the bystander's facts: %+v", b)
	}
	if c.Facts.LastActivity.Before(c.Facts.Matters[0].ClosedAt) {
		t.Fatalf("the client's last activity %v is before their matter closed %v", c.Facts.LastActivity, c.Facts.Matters[0].ClosedAt)
	}
}
