package automail

import (
	"context"
	"errors"
	"log/slog"
	"slices"
	"strings"
	"testing"
	"time"

	commcmd "github.com/klient-crm/klient/commands/communication"
	gdprcmd "github.com/klient-crm/klient/commands/gdpr"
	"github.com/klient-crm/klient/commands/journal"
	mattercmd "github.com/klient-crm/klient/commands/matter"
	staffcmd "github.com/klient-crm/klient/commands/staff"
	workcmd "github.com/klient-crm/klient/commands/work"
	"github.com/klient-crm/klient/domain"
	"github.com/klient-crm/klient/domain/access"
	"github.com/klient-crm/klient/domain/communication"
	"github.com/klient-crm/klient/domain/contact"
	gdprdomain "github.com/klient-crm/klient/domain/gdpr"
	"github.com/klient-crm/klient/domain/matter"
	"github.com/klient-crm/klient/domain/work"
	"github.com/klient-crm/klient/internal/apptest"
	"github.com/klient-crm/klient/projections"
	"github.com/klient-crm/klient/projections/communications"
	"github.com/klient-crm/klient/projections/outbox"
)

// Issue 15: the responsible lawyer switches a matter's automatic messages
// on; the job, on an injected clock, logs in the matter and requests
// through the outbox a reminder before the pending deadline and, once a
// period has passed, a status report — each once, and only to the client who may get one: not
// to a client with a protected identity, nor to one who has objected.
func TestAutomaticMessagesGoOnceToClientsWhoMayGetThem(t *testing.T) {
	t.Parallel()
	a := apptest.New(t, apptest.PollInterval(10*time.Millisecond))
	apptest.Live(t, a.Runtime)
	ctx := context.Background()
	reg, err := staffcmd.NewRegisterStaffMemberHandler(a.Staff)
	apptest.Must(t, err)
	staff, err := reg.Handle(ctx, staffcmd.RegisterStaffMember{Actor: journal.Actor{ID: "system-cli"},
		Details: access.StaffDetails{Name: "Lena Advokat", Email: "lena@byran.example"}, Roles: []access.Role{access.RoleLawyer}})
	apptest.Must(t, err)
	lawyer := journal.Actor{ID: staff.StaffID}
	asa := apptest.Person(t, a.Contacts, contact.PersonDetails{GivenName: "Åsa", FamilyName: "Öberg",
		Emails: []contact.Email{{Address: "asa@exempel.se"}}}).ContactID
	pia := apptest.Person(t, a.Contacts, contact.PersonDetails{GivenName: "Pia", FamilyName: "Skyddad", ProtectedIdentity: true,
		Emails: []contact.Email{{Address: "pia@exempel.se"}}}).ContactID
	olof := apptest.Person(t, a.Contacts, contact.PersonDetails{GivenName: "Olof", FamilyName: "Invänd",
		Emails: []contact.Email{{Address: "olof@exempel.se"}}})
	object, err := gdprcmd.NewRecordObjectionHandler(a.Subjects)
	apptest.Must(t, err)
	_, err = object.Handle(ctx, gdprcmd.RecordObjection{Actor: lawyer, SubjectID: olof.ContactID, To: gdprdomain.ObjectToProcessing,
		Reason: "Vill inte få utskick"})
	apptest.Must(t, err)
	apptest.Settle(t, a.Runtime, olof.Position)

	repo, err := mattercmd.NewMatters(a.Store, a.Codec, apptest.Now, mattercmd.MatterConfig{})
	apptest.Must(t, err)
	open, err := mattercmd.NewOpenMatterHandler(repo)
	apptest.Must(t, err)
	m, err := open.Handle(ctx, mattercmd.OpenMatter{Actor: lawyer, Title: "Öberg ./. Bolaget AB", PracticeArea: "processrätt",
		ResponsibleLawyer: lawyer.ID, Parties: []mattercmd.MatterParty{{ContactID: asa, Role: matter.RoleClient},
			{ContactID: pia, Role: matter.RoleClient}, {ContactID: olof.ContactID, Role: matter.RoleClient}}})
	apptest.Must(t, err)
	t0 := time.Now().UTC()
	hearing := work.DateOf(t0).AddDays(5)
	setDeadline, err := workcmd.NewSetDeadlineHandler(a.Work)
	apptest.Must(t, err)
	_, err = setDeadline.Handle(ctx, workcmd.SetDeadline{Actor: lawyer, MatterID: m.MatterID, Kind: "court_date", Date: hearing.String(),
		Title: "Huvudförhandling", Responsible: lawyer.ID, Reminders: []int{1}})
	apptest.Must(t, err)

	comms, err := commcmd.NewCommunications(a.Store, a.Codec, apptest.Now)
	apptest.Must(t, err)
	settings, err := commcmd.NewAutomaticMessagesHandler(comms)
	apptest.Must(t, err)
	_, err = settings.Handle(ctx, commcmd.SetAutomaticMessages{Actor: lawyer, MatterID: m.MatterID,
		Settings: communication.AutomaticMessages{StatusReportDays: 3}})
	if !domain.IsKind(err, domain.KindInvalid) {
		t.Errorf("a report every 3 days: %v, want refused", err)
	}
	pos, err := settings.Handle(ctx, commcmd.SetAutomaticMessages{Actor: lawyer, MatterID: m.MatterID,
		Settings: communication.AutomaticMessages{StatusReportDays: 30, ReminderDays: 7}})
	apptest.Must(t, err)
	apptest.Settle(t, a.Runtime, pos)

	send, err := commcmd.NewSendLetterHandler(comms)
	apptest.Must(t, err)
	at := t0
	job := Job{Pool: a.Pool, Send: send, ReadModels: a.Runtime, Clock: func() time.Time { return at },
		Log: slog.New(slog.DiscardHandler)}
	run := func(when time.Time, want int) {
		t.Helper()
		at = when
		n, err := job.RunOnce(ctx)
		apptest.Must(t, err)
		if n != want {
			t.Errorf("at %s the job requested %d messages, want %d", when.Format(time.DateOnly), n, want)
		}
	}

	run(t0, 1)                   // the reminder, to Åsa alone
	run(t0, 0)                   // again: nothing twice
	run(t0.AddDate(0, 0, 10), 0) // the deadline has passed, no report period yet
	run(t0.AddDate(0, 0, 31), 1) // the first report
	run(t0.AddDate(0, 0, 32), 0)

	// The second report falls due, but a read model the job reads is
	// behind the log: the round requests nothing (an objection or a
	// deadline done may not have reached it), and says why.
	at = t0.AddDate(0, 0, 61)
	lagging := job
	lagging.ReadModels = behind{}
	if n, err := lagging.RunOnce(ctx); n != 0 || !errors.Is(err, projections.ErrBehind) {
		t.Errorf("with a read model behind the log the job requested %d messages (%v), want none and ErrBehind", n, err)
	}

	var rows []outbox.Delivery
	for deadline := time.Now().Add(15 * time.Second); len(rows) < 2 && time.Now().Before(deadline); time.Sleep(20 * time.Millisecond) {
		rows, err = outbox.NewDeliveries(a.Pool).ForMatter(ctx, m.MatterID, 10)
		apptest.Must(t, err)
	}
	if len(rows) != 2 {
		t.Fatalf("the matter's e-mails %+v, want a reminder and a report", rows)
	}
	unknown := "5f0e0a52-0000-4000-8000-000000000000"
	queued, err := outbox.NewDeliveries(a.Pool).Queued(ctx, []string{rows[0].MailID, unknown, rows[1].MailID})
	apptest.Must(t, err)
	if len(queued) != 2 || !queued[rows[0].MailID] || !queued[rows[1].MailID] {
		t.Errorf("the outbox says %v of the two e-mails and an unknown ID are queued", queued)
	}
	byPurpose := map[string]outbox.Delivery{}
	for _, r := range rows {
		if r.Recipient != asa {
			t.Errorf("an automatic message went to %s, who may not get one", r.Recipient)
		}
		byPurpose[r.Purpose] = r
	}
	var entries []communications.Entry
	for deadline := time.Now().Add(15 * time.Second); len(entries) < 2 && time.Now().Before(deadline); time.Sleep(20 * time.Millisecond) {
		entries, err = communications.ForMatter(ctx, a.Pool, m.MatterID, communications.Filter{})
		apptest.Must(t, err)
	}
	if len(entries) != 2 || entries[0].Kind != communication.KindEmail || !slices.Contains(entries[0].ContactIDs, asa) {
		t.Errorf("the matter's log %+v, want the two e-mails to Åsa", entries)
	}
	reminderMail := mailOf(t, a, byPurpose[string(communication.PurposeReminder)].MailID)
	if !strings.Contains(reminderMail.Subject, "Huvudförhandling") || !strings.Contains(reminderMail.Body, hearing.String()) ||
		reminderMail.To != "asa@exempel.se" {
		t.Errorf("the reminder: %+v", reminderMail)
	}
	reportMail := mailOf(t, a, byPurpose[string(communication.PurposeStatusReport)].MailID)
	if !strings.Contains(reportMail.Subject, "Lägesrapport") || !strings.Contains(reportMail.Body, "under mottagning") {
		t.Errorf("the report: %+v", reportMail)
	}
}

// behind is a runtime whose read models have not caught up with the log.
type behind struct{}

func (behind) CaughtUp(context.Context, time.Duration, ...string) error { return projections.ErrBehind }

// mailOf opens the request of e-mail id from its entry's stream in the
// log, where it was appended with the entry.
func mailOf(t *testing.T, a *apptest.App, id string) communication.Mail {
	t.Helper()
	envs, err := a.Store.ReadStream(context.Background(), communication.StreamName(id), 0, 10)
	apptest.Must(t, err)
	for _, env := range envs {
		d, err := a.Codec.Decode(context.Background(), env)
		apptest.Must(t, err)
		if r, ok := d.Event.(communication.MailRequested); ok {
			return r.Whole()
		}
	}
	t.Fatalf("entry %s requested no e-mail", id)
	return communication.Mail{}
}
