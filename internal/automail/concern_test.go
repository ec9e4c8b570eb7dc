package automail

import (
	"context"
	"log/slog"
	"slices"
	"strings"
	"testing"
	"time"

	commcmd "github.com/klient-crm/klient/commands/communication"
	"github.com/klient-crm/klient/commands/journal"
	mattercmd "github.com/klient-crm/klient/commands/matter"
	staffcmd "github.com/klient-crm/klient/commands/staff"
	workcmd "github.com/klient-crm/klient/commands/work"
	"github.com/klient-crm/klient/domain/access"
	"github.com/klient-crm/klient/domain/communication"
	"github.com/klient-crm/klient/domain/contact"
	"github.com/klient-crm/klient/domain/matter"
	"github.com/klient-crm/klient/domain/work"
	"github.com/klient-crm/klient/internal/apptest"
	"github.com/klient-crm/klient/internal/mailer"
	"github.com/klient-crm/klient/internal/mailtest"
	"github.com/klient-crm/klient/projections/outbox"
)

// Issue 15: the reminder goes to the client only before a deadline that
// concerns them. Two deadlines in the reminder window — a court date
// (concerns the client, by its kind) and a filing (the firm's own, by its
// kind) — and only the court date's reminder arrives in mailpit; once the
// lawyer marks the filing as concerning the client, its reminder arrives
// too.
func TestReminderOnlyForDeadlinesThatConcernTheClient(t *testing.T) {
	t.Parallel()
	a := apptest.New(t, apptest.PollInterval(10*time.Millisecond))
	apptest.Live(t, a.Runtime)
	ctx := context.Background()
	reg, err := staffcmd.NewRegisterStaffMemberHandler(a.Staff)
	apptest.Must(t, err)
	staff, err := reg.Handle(ctx, staffcmd.RegisterStaffMember{Actor: journal.Actor{ID: "system-cli"},
		Details: access.StaffDetails{Name: "Lena Advokat", Email: "lena@byran.example"}, Roles: []access.Role{access.RoleLawyer}})
	apptest.Must(t, err)
	apptest.Settle(t, a.Runtime, staff.Position)
	lawyer := journal.Actor{ID: staff.StaffID}
	asa := apptest.Person(t, a.Contacts, contact.PersonDetails{GivenName: "Åsa", FamilyName: "Öberg",
		Emails: []contact.Email{{Address: "asa@exempel.se"}}}).ContactID
	repo, err := mattercmd.NewMatters(a.Store, a.Codec, apptest.Now, mattercmd.MatterConfig{})
	apptest.Must(t, err)
	open, err := mattercmd.NewOpenMatterHandler(repo)
	apptest.Must(t, err)
	m, err := open.Handle(ctx, mattercmd.OpenMatter{Actor: lawyer, Title: "Öberg ./. Bolaget AB", PracticeArea: "processrätt",
		ResponsibleLawyer: lawyer.ID, Parties: []mattercmd.MatterParty{{ContactID: asa, Role: matter.RoleClient}}})
	apptest.Must(t, err)
	today := work.DateOf(time.Now().UTC())
	setDeadline, err := workcmd.NewSetDeadlineHandler(a.Work)
	apptest.Must(t, err)
	_, err = setDeadline.Handle(ctx, workcmd.SetDeadline{Actor: lawyer, MatterID: m.MatterID, Kind: "court_date",
		Date: today.AddDays(5).String(), Title: "Huvudförhandling", Responsible: lawyer.ID, Reminders: []int{1}})
	apptest.Must(t, err)
	filing, err := setDeadline.Handle(ctx, workcmd.SetDeadline{Actor: lawyer, MatterID: m.MatterID, Kind: "filing",
		Date: today.AddDays(4).String(), Title: "Inlaga till tingsrätten", Responsible: lawyer.ID, Reminders: []int{1}})
	apptest.Must(t, err)

	comms, err := commcmd.NewCommunications(a.Store, a.Codec, apptest.Now)
	apptest.Must(t, err)
	settings, err := commcmd.NewAutomaticMessagesHandler(comms)
	apptest.Must(t, err)
	pos, err := settings.Handle(ctx, commcmd.SetAutomaticMessages{Actor: lawyer, MatterID: m.MatterID,
		Settings: communication.AutomaticMessages{ReminderDays: 7}})
	apptest.Must(t, err)
	apptest.Settle(t, a.Runtime, pos)

	send, err := commcmd.NewSendLetterHandler(comms)
	apptest.Must(t, err)
	job := Job{Pool: a.Pool, Send: send, ReadModels: a.Runtime, Clock: apptest.Now, Log: slog.New(slog.DiscardHandler)}
	pit := mailtest.Start(t, 0)
	srv, err := mailer.ParseServer(pit.SMTPURL())
	apptest.Must(t, err)
	from, err := mailer.ParseFrom("Byrån <info@byran.example>")
	apptest.Must(t, err)
	sender, err := mailer.New(mailer.Config{Server: srv, From: from, Queue: outbox.NewQueue(a.Pool), Log: a.Store, Opener: a.Codec})
	apptest.Must(t, err)
	deliver := func(want int) []string {
		t.Helper()
		for deadline := time.Now().Add(15 * time.Second); pit.Count() < want && time.Now().Before(deadline); time.Sleep(50 * time.Millisecond) {
			_, err := sender.SendDue(ctx)
			apptest.Must(t, err)
		}
		var subjects []string
		for _, s := range pit.Messages() {
			subjects = append(subjects, s.Subject)
		}
		slices.Sort(subjects)
		return subjects
	}

	if n, err := job.RunOnce(ctx); err != nil || n != 1 {
		t.Fatalf("the job requested %d reminders (%v), want 1: the court date's", n, err)
	}
	deliver(1)
	time.Sleep(300 * time.Millisecond) // a second e-mail would have been sent with the first
	if _, err := sender.SendDue(ctx); err != nil {
		t.Fatal(err)
	}
	if got := deliver(1); len(got) != 1 || !strings.Contains(got[0], "Huvudförhandling") {
		t.Fatalf("mailpit holds %q, want the court date's reminder alone", got)
	}

	update, err := workcmd.NewDeadlineUpdateHandler(a.Work)
	apptest.Must(t, err)
	yes := true
	marked, err := update.HandleMove(ctx, workcmd.MoveDeadline{Actor: lawyer, DeadlineID: filing.ID, ExpectedVersion: filing.Version,
		Date: today.AddDays(4).String(), Reminders: []int{1}, ConcernsClient: &yes})
	apptest.Must(t, err)
	apptest.Settle(t, a.Runtime, marked.Position)
	if n, err := job.RunOnce(ctx); err != nil || n != 1 {
		t.Fatalf("after marking the filing the job requested %d reminders (%v), want 1", n, err)
	}
	if got := deliver(2); len(got) != 2 || !strings.Contains(got[1], "Inlaga till tingsrätten") {
		t.Fatalf("mailpit holds %q, want the filing's reminder beside the court date's", got)
	}
}
