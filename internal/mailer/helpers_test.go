package mailer

import (
	"context"
	"testing"
	"time"

	communicationcmd "github.com/klient-crm/klient/commands/communication"
	"github.com/klient-crm/klient/commands/journal"
	"github.com/klient-crm/klient/domain/communication"
	"github.com/klient-crm/klient/domain/contact"
	"github.com/klient-crm/klient/internal/apptest"
	"github.com/klient-crm/klient/projections/outbox"
)

// world is the app with the outbox projector running, a person to write
// to, and the handler that asks for e-mail.
type world struct {
	t       testing.TB
	app     *apptest.App
	person  string
	request *communicationcmd.RequestMailHandler
}

func newWorld(t testing.TB) *world {
	return openWorld(t, apptest.New(t, apptest.OnlyProjectors("outbox"), apptest.PollInterval(10*time.Millisecond)))
}

func openWorld(t testing.TB, app *apptest.App) *world {
	t.Helper()
	log, err := communicationcmd.NewCommunications(app.Store, app.Codec, apptest.Now)
	apptest.Must(t, err)
	h, err := communicationcmd.NewRequestMailHandler(log)
	apptest.Must(t, err)
	w := &world{t: t, app: app, request: h}
	w.person = apptest.Person(t, app.Contacts, contact.PersonDetails{GivenName: "Åsa", FamilyName: "Öberg"}).ContactID
	return w
}

// ask requests one e-mail to the world's person and waits until the
// outbox has queued it.
func (w *world) ask(m communication.Mail) string { return w.askAll(m)[0] }

// askAll requests each e-mail of ms, then waits until the outbox has
// queued them all.
func (w *world) askAll(ms ...communication.Mail) []string {
	w.t.Helper()
	ids := make([]string, len(ms))
	var last communicationcmd.MailResult
	for i, m := range ms {
		res, err := w.request.Handle(context.Background(), communicationcmd.RequestMail{
			Actor: journal.Actor{ID: "staff-1"}, Recipient: w.person, Purpose: communication.PurposeLetter, Mail: m})
		apptest.Must(w.t, err)
		ids[i], last = res.MailID, res
	}
	apptest.Project(w.t, w.app.Runtime, last.Position)
	return ids
}

// sender is a sender for the world's outbox to the server at smtpURL,
// with short waits for tests.
func (w *world) sender(smtpURL string, tune func(*Config)) *Sender {
	w.t.Helper()
	srv, err := ParseServer(smtpURL)
	apptest.Must(w.t, err)
	from, err := ParseFrom("Advokatbyrån Testsson <info@byran.example>")
	apptest.Must(w.t, err)
	cfg := Config{Server: srv, From: from, Queue: outbox.NewQueue(w.app.Pool), Log: w.app.Store, Opener: w.app.Codec,
		Logger: w.app.Log, Idle: 20 * time.Millisecond, Timeout: 5 * time.Second, Backoff: 50 * time.Millisecond}
	if tune != nil {
		tune(&cfg)
	}
	s, err := New(cfg)
	apptest.Must(w.t, err)
	return s
}

// delivery reads one e-mail's row.
func (w *world) delivery(mailID string) outbox.Delivery {
	w.t.Helper()
	d, found, err := outbox.NewDeliveries(w.app.Pool).Get(context.Background(), mailID)
	apptest.Must(w.t, err)
	if !found {
		w.t.Fatalf("mail %s is not in the outbox", mailID)
	}
	return d
}

func letter(to string) communication.Mail {
	return communication.Mail{To: to, ToName: "Åsa Öberg", Subject: "Påminnelse: frist i ärende 2026-0042",
		Body: "Hej Åsa,\n\nDin frist för att inkomma med yttrande är den 15 december 2026.\n\nMed vänlig hälsning\nByrån"}
}
