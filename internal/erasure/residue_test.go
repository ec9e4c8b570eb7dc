package erasure

import (
	"context"
	"errors"
	"testing"
	"time"

	commcmd "github.com/klient-crm/klient/commands/communication"
	gdprcmd "github.com/klient-crm/klient/commands/gdpr"
	"github.com/klient-crm/klient/commands/journal"
	mattercmd "github.com/klient-crm/klient/commands/matter"
	staffcmd "github.com/klient-crm/klient/commands/staff"
	workcmd "github.com/klient-crm/klient/commands/work"
	klientcrypto "github.com/klient-crm/klient/crypto"
	"github.com/klient-crm/klient/domain/access"
	"github.com/klient-crm/klient/domain/communication"
	"github.com/klient-crm/klient/domain/contact"
	"github.com/klient-crm/klient/domain/gdpr"
	"github.com/klient-crm/klient/domain/matter"
	"github.com/klient-crm/klient/domain/work"
	"github.com/klient-crm/klient/eventstore"
	"github.com/klient-crm/klient/internal/apptest"
	"github.com/klient-crm/klient/projections/conflicts"
	"github.com/klient-crm/klient/projections/subjectexport"
)

// marker is the erased person's: in their names, e-mail address and
// street, a consent's scope, a request's note, a note on their party
// role, a logged call and a task about them. Letters no other data here
// holds, so a hit in a file is theirs.
const marker = "zqxvarglimt"

// After an erasure, once it is verified, no file of the database holds
// the person: not a table, an index, a TOAST table or the planner's
// statistics (sampled while they were there). PostgreSQL leaves a blanked
// row's bytes in its page until the page is rewritten; plain VACUUM frees
// the space without overwriting it, so the verification rewrites what the
// erasure touched. Nor does the key store keep the destroyed key. The
// write-ahead log is another matter (docs/gdpr.md).
func TestErasureLeavesNothingInTheDatabaseFiles(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	a := apptest.New(t)
	apptest.Live(t, a.Runtime)
	j := Jobs{Pool: a.Pool, Store: a.Store, Codec: a.Codec, Keys: a.Keys, Runtime: a.Runtime, Log: a.Log, Clock: apptest.Now,
		Journal: func(klientcrypto.Tombstone) error { return nil }}
	person := apptest.Person(t, a.Contacts, contact.PersonDetails{GivenName: "Zqxvarglimt", FamilyName: "Zqxvarglimtsson",
		Emails:    []contact.Email{{Address: "zqxvarglimt@exempel.se"}},
		Addresses: []contact.Address{{Street: "Zqxvarglimtgatan 3", PostalCode: "11122", City: "Stockholm", Country: "SE"}}})
	kept := apptest.Person(t, a.Contacts, contact.PersonDetails{GivenName: "Karl", FamilyName: "Kvarblivare"})
	everywhere(t, a, person.ContactID, kept.ContactID)
	later := func() time.Time { return time.Now().AddDate(11, 0, 0) }
	requestID := approvedErasure(t, a, person.ContactID, "radera allt om zqxvarglimt", later)
	var wrapped []byte
	apptest.Must(t, a.Pool.QueryRow(ctx, `SELECT keyset FROM keystore_subject_keys WHERE subject = $1`, person.ContactID).Scan(&wrapped))
	_, err := a.Pool.Exec(ctx, `ANALYZE`) // the worst case: the planner has sampled them
	apptest.Must(t, err)
	checkpoint(t, a)
	if files := apptest.FilesHolding(t, a.Pool, []byte(marker), wrapped); len(files) == 0 {
		t.Fatal("before the erasure no file holds the person: the scan sees nothing")
	}

	h, err := j.Executor(gdpr.DefaultRetentionRules, later)
	apptest.Must(t, err)
	res, err := h.Handle(ctx, gdprcmd.EraseSubject{Actor: journal.Actor{ID: "dpo-1"}, SubjectID: person.ContactID, RequestID: requestID})
	apptest.Must(t, err)
	for _, model := range []string{"contacts", "conflict_index", "matters", "communications", "work", "gdpr"} {
		if res.RowsErased[model] == 0 {
			t.Errorf("the census found nothing of theirs in %s: %v", model, res.RowsErased)
		}
	}
	j.Verify(ctx, res)
	if left, err := subjectexport.NewRecords(a.Pool, a.Runtime.Residue).RowsOf(ctx, person.ContactID); err != nil || subjectexport.Total(left) != 0 {
		t.Fatalf("rows left: %v, %v", left, err)
	}
	checkpoint(t, a)
	if files := apptest.FilesHolding(t, a.Pool, []byte(marker), wrapped); len(files) != 0 {
		t.Fatalf("after the erasure the person is still in %v", files)
	}
}

func checkpoint(t *testing.T, a *apptest.App) {
	t.Helper()
	_, err := a.Pool.Exec(context.Background(), `CHECKPOINT`)
	apptest.Must(t, err)
}

// everywhere puts subject in every read model that keeps a person's data:
// a consent, a closed matter (kept's, so no hold keeps subject) where
// they were the counterparty with a note on their role and its conflict
// check, a logged call about them, and a task about them.
func everywhere(t *testing.T, a *apptest.App, subject, client string) {
	t.Helper()
	ctx := context.Background()
	lawyer := registerLawyer(t, a)
	consent, err := gdprcmd.NewGiveConsentHandler(a.Subjects)
	apptest.Must(t, err)
	_, err = consent.Handle(ctx, gdprcmd.GiveConsent{Actor: lawyer, SubjectID: subject, Purpose: gdpr.PurposeMarketing,
		Scope: "nyhetsbrev till zqxvarglimt", How: gdpr.ConsentByForm, Where: "zqxvarglimts formulär"})
	apptest.Must(t, err)
	apptest.Settle(t, a.Runtime, apptest.Basis(t, a.Subjects, client))

	repo, err1 := mattercmd.NewMatters(a.Store, a.Codec, apptest.Now, mattercmd.MatterConfig{})
	checker, err2 := conflicts.NewChecker(a.Pool)
	apptest.Must(t, errors.Join(err1, err2))
	open, err1 := mattercmd.NewOpenMatterHandler(repo)
	conflict, err2 := mattercmd.NewConflictCheckHandler(repo, checker, checker)
	life, err3 := mattercmd.NewMatterLifecycleHandler(repo)
	apptest.Must(t, errors.Join(err1, err2, err3))
	m, err := open.Handle(ctx, mattercmd.OpenMatter{Actor: lawyer, Title: "Tvisten", PracticeArea: "processrätt",
		ResponsibleLawyer: lawyer.ID, Parties: []mattercmd.MatterParty{{ContactID: client, Role: matter.RoleClient},
			{ContactID: subject, Role: matter.RoleCounterparty, Note: "zqxvarglimt bestrider"}}})
	apptest.Must(t, err)
	apptest.Settle(t, a.Runtime, m.Position)
	found, err := conflict.HandleRun(ctx, mattercmd.RunConflictCheck{Actor: lawyer, MatterID: m.MatterID, ExpectedVersion: m.Version})
	apptest.Must(t, err)
	m, err = conflict.HandleDecision(ctx, mattercmd.RecordConflictDecision{Actor: lawyer, MatterID: m.MatterID,
		ExpectedVersion: m.Version, Fingerprint: found.Fingerprint, Decision: matter.DecisionClear})
	apptest.Must(t, err)
	m, err = life.HandleActivate(ctx, mattercmd.ChangeMatterStatus{Actor: lawyer, MatterID: m.MatterID, ExpectedVersion: m.Version})
	apptest.Must(t, err)
	m, err = life.HandleClose(ctx, mattercmd.ChangeMatterStatus{Actor: lawyer, MatterID: m.MatterID, ExpectedVersion: m.Version})
	apptest.Must(t, err)

	comms, err := commcmd.NewCommunications(a.Store, a.Codec, apptest.Now)
	apptest.Must(t, err)
	logCall, err := commcmd.NewLogCommunicationHandler(comms)
	apptest.Must(t, err)
	call, err := logCall.Handle(ctx, commcmd.LogCommunication{Actor: lawyer, Links: communication.Links{ContactIDs: []string{subject}},
		Details: communication.Details{Kind: communication.KindPhoneCall, OccurredAt: time.Now().Add(-time.Hour),
			SubjectLine: "Samtal med zqxvarglimt", Body: "zqxvarglimt ringde om fakturan",
			Participants: []communication.Participant{{Kind: communication.ParticipantStaff, ID: lawyer.ID}}}})
	apptest.Must(t, err)
	task, err := workcmd.NewCreateTaskHandler(a.Work)
	apptest.Must(t, err)
	todo, err := task.Handle(ctx, workcmd.CreateTask{Actor: lawyer, Title: "Ring zqxvarglimt", Description: "om zqxvarglimts faktura",
		Assignee: work.StaffAssignee(lawyer.ID), Due: time.Now().AddDate(0, 0, 7).Format(time.DateOnly), ContactID: subject})
	apptest.Must(t, err)
	for _, pos := range []eventstore.Position{m.Position, call.Position, todo.Position} {
		apptest.Settle(t, a.Runtime, pos)
	}
}

// registerLawyer registers a lawyer, as `klient users create` does.
func registerLawyer(t *testing.T, a *apptest.App) journal.Actor {
	t.Helper()
	h, err := staffcmd.NewRegisterStaffMemberHandler(a.Staff)
	apptest.Must(t, err)
	res, err := h.Handle(context.Background(), staffcmd.RegisterStaffMember{Actor: journal.Actor{ID: "system-cli"},
		Details: access.StaffDetails{Name: "Jurist Juristsson", Email: "jurist@exempel.se"}, Roles: []access.Role{access.RoleLawyer}})
	apptest.Must(t, err)
	apptest.Settle(t, a.Runtime, res.Position)
	return journal.Actor{ID: res.StaffID}
}
