package mailin

import (
	"bytes"
	"context"
	"errors"
	"slices"
	"strings"
	"testing"
	"time"

	gdprcmd "github.com/klient-crm/klient/commands/gdpr"
	"github.com/klient-crm/klient/commands/journal"
	klientcrypto "github.com/klient-crm/klient/crypto"
	"github.com/klient-crm/klient/domain/contact"
	"github.com/klient-crm/klient/domain/gdpr"
	"github.com/klient-crm/klient/http/i18n"
	"github.com/klient-crm/klient/internal/apptest"
	"github.com/klient-crm/klient/internal/erasure"
	"github.com/klient-crm/klient/internal/retention"
	"github.com/klient-crm/klient/projections/documents"
	gdprmodel "github.com/klient-crm/klient/projections/gdpr"
	"github.com/klient-crm/klient/projections/matters"
	"github.com/klient-crm/klient/projections/outbox"
	"github.com/klient-crm/klient/projections/subjectexport"
)

// heldFromOthers is a message from an unknown sender to Lena with a copy
// to Bo Berg, who is no contact yet when it arrives.
const heldFromOthers = "From: Okänd Avsändare <okand@exempel.se>\r\nTo: Lena Advokat <lena@byran.example>\r\n" +
	"Cc: Bo Berg <bo.berg@exempel.se>\r\nSubject: Fråga utan ärende\r\nMessage-ID: <held-b@exempel.se>\r\n" +
	"Date: Fri, 04 Dec 2026 15:00:00 +0100\r\nContent-Type: text/plain; charset=utf-8\r\n\r\nHej, en fråga.\r\n"

// Held mail is the person's data too (issue 15): their access package
// lists each held message that came from or went to one of their
// addresses — found by the address, so a person registered only after
// it arrived finds it too, whatever its case — and nobody else's does;
// their erasure destroys it (key, bytes and row), leaving others' held
// mail alone.
func TestHeldMailIsInTheAccessPackageAndGoesWithTheErasure(t *testing.T) {
	t.Parallel()
	w := newWorld(t)
	ctx := context.Background()
	apptest.Must(t, w.send(w.secret, []string{"arende@klient.byran.example"}, forwarded("held-a@exempel.se", "Utan nummer", "Hej")))
	apptest.Must(t, w.send(w.secret, []string{"arende@klient.byran.example"}, heldFromOthers))
	queue, err := outbox.HeldFor(ctx, w.app.Pool, w.lawyer)
	apptest.Must(t, err)
	if len(queue) != 2 {
		t.Fatalf("Lena's queue holds %d messages, want 2", len(queue))
	}
	fromAsa, toBo := queue[0], queue[1]
	if m, _ := w.filer.HeldOne(ctx, w.sender(w.lawyer), toBo.ID); m.Message.Subject != "Fråga utan ärende" {
		fromAsa, toBo = toBo, fromAsa
	}
	bo := apptest.Person(t, w.app.Contacts, contact.PersonDetails{GivenName: "Bo", FamilyName: "Berg",
		Emails: []contact.Email{{Address: "Bo.Berg@Exempel.se"}}})
	karl := apptest.Person(t, w.app.Contacts, contact.PersonDetails{GivenName: "Karl", FamilyName: "Kvist",
		Emails: []contact.Email{{Address: "karl@exempel.se"}}})
	apptest.Settle(t, w.app.Runtime, karl.Position)

	opts := subjectexport.Options{HeldMail: w.app.Keys}
	for _, c := range []struct {
		who, id string
		want    []subjectexport.HeldMail
	}{
		{"Åsa (the sender)", w.client, []subjectexport.HeldMail{{ID: fromAsa.ID, Roles: []string{outbox.RoleFrom}}}},
		{"Bo (in copy, registered after)", bo.ContactID, []subjectexport.HeldMail{{ID: toBo.ID, Roles: []string{outbox.RoleCc}}}},
		{"Karl (in neither)", karl.ContactID, nil},
	} {
		p, err := subjectexport.Build(ctx, w.app.Pool, c.id, opts)
		apptest.Must(t, err)
		var got []subjectexport.HeldMail
		for _, h := range p.HeldMail {
			if h.Bytes <= 0 || h.ReceivedAt.IsZero() {
				t.Errorf("%s: held mail %+v without its size or time", c.who, h)
			}
			got = append(got, subjectexport.HeldMail{ID: h.ID, Roles: h.Roles})
		}
		if !slices.EqualFunc(got, c.want, func(a, b subjectexport.HeldMail) bool { return a.ID == b.ID && slices.Equal(a.Roles, b.Roles) }) {
			t.Errorf("%s's package lists held mail %+v, want %+v", c.who, got, c.want)
		}
		if c.id == w.client {
			var page bytes.Buffer
			apptest.Must(t, subjectexport.WriteHTML(&page, p, subjectexport.Words{Lang: "sv", Say: i18n.Sayer(i18n.Swedish)}))
			if !strings.Contains(page.String(), "Inkommande e-post som väntar på arkivering") || !strings.Contains(page.String(), "från dig") {
				t.Error("the package's page does not show the held mail as awaiting filing, from them")
			}
		}
	}

	erased := eraseContact(t, w, bo.ContactID)
	// The certificate counts the held message destroyed with Bo: the
	// whole message, which Lena and the sender lose too.
	if erased.HeldMailDestroyed != 1 {
		t.Errorf("Bo's erasure reports %d held messages destroyed, want 1", erased.HeldMailDestroyed)
	}
	cert, err := gdprmodel.Certificate(ctx, w.app.Pool, erased.RequestID)
	apptest.Must(t, err)
	if cert.HeldMailDestroyed != 1 {
		t.Errorf("Bo's certificate counts %d held messages destroyed, want 1", cert.HeldMailDestroyed)
	}
	if shredded, _ := w.app.Keys.IsShredded(ctx, outbox.HeldKey(toBo.ID)); !shredded {
		t.Error("Bo's erasure left the held message's key")
	}
	if _, err := w.filer.HeldOne(ctx, w.sender(w.lawyer), toBo.ID); err == nil {
		t.Error("Bo's erasure left the held message in Lena's queue")
	}
	var blobs int
	apptest.Must(t, w.app.Pool.QueryRow(ctx, `SELECT count(*) FROM document_blobs WHERE document_id = $1`, toBo.ID).Scan(&blobs))
	if blobs != 0 {
		t.Errorf("Bo's erasure left %d chunks of the held message", blobs)
	}
	if m, err := w.filer.HeldOne(ctx, w.sender(w.lawyer), fromAsa.ID); err != nil || m.Message.Subject != "Utan nummer" {
		t.Errorf("Åsa's held message after Bo's erasure: %+v, %v", m.Held, err)
	}
}

// Held mail waits KLIENT_HELD_MAIL_DAYS (30 by default): the retention
// run destroys what is older — its key, bytes and row — and writes the
// batch in the deletion log; before that, nothing is due.
func TestHeldMailIsDestroyedAfterTheTimeLimit(t *testing.T) {
	t.Parallel()
	w := newWorld(t)
	ctx := context.Background()
	apptest.Must(t, w.send(w.secret, []string{"arende@klient.byran.example"}, forwarded("held-c@exempel.se", "Utan nummer", "Hej")))
	queue, err := outbox.HeldFor(ctx, w.app.Pool, w.lawyer)
	apptest.Must(t, err)
	if len(queue) != 1 {
		t.Fatalf("Lena's queue holds %d messages, want 1", len(queue))
	}
	rule, _ := gdpr.DefaultRetentionRules.Rule(gdpr.CategoryHeldMail)
	if rule.Period.Days != 30 {
		t.Errorf("held mail is kept %+v by default, want 30 days", rule.Period)
	}
	rules, err := gdpr.DefaultRetentionRules.WithHeldMailDays(10)
	apptest.Must(t, err)
	if _, err := gdpr.DefaultRetentionRules.WithHeldMailDays(0); err == nil {
		t.Error("a time limit of 0 days was taken")
	}
	e := erasure.Jobs{Pool: w.app.Pool, Store: w.app.Store, Codec: w.app.Codec, Keys: w.app.Keys, Runtime: w.app.Runtime,
		Log: w.app.Log, Clock: apptest.Now, Journal: noJournal}
	j := retention.Jobs{Pool: w.app.Pool, Keys: w.app.Keys, Runtime: w.app.Runtime, Secrets: w.app.Secrets, Log: w.app.Log,
		Executor: e.Executor, Clock: apptest.Now}
	at := func(days int) func() time.Time { return func() time.Time { return time.Now().AddDate(0, 0, days) } }

	h, err := j.Handler(rules, at(9))
	apptest.Must(t, err)
	report, err := j.Run(ctx, h, false, at(9))
	apptest.Must(t, err)
	for _, d := range report.Deleted {
		if d.Category == gdpr.CategoryHeldMail {
			t.Errorf("nine days on, held mail was deleted: %+v", d)
		}
	}
	if q, _ := outbox.HeldFor(ctx, w.app.Pool, w.lawyer); len(q) != 1 {
		t.Fatalf("nine days on the queue holds %d messages, want 1", len(q))
	}

	h, err = j.Handler(rules, at(11))
	apptest.Must(t, err)
	report, err = j.Run(ctx, h, false, at(11))
	apptest.Must(t, err)
	if q, _ := outbox.HeldFor(ctx, w.app.Pool, w.lawyer); len(q) != 0 {
		t.Errorf("eleven days on the queue still holds %+v", q)
	}
	if shredded, _ := w.app.Keys.IsShredded(ctx, outbox.HeldKey(queue[0].ID)); !shredded {
		t.Error("the held message's key survived the time limit")
	}
	lines, err := gdprmodel.DeletionLog(ctx, w.app.Pool, gdprmodel.DeletionFilter{Category: string(gdpr.CategoryHeldMail)})
	apptest.Must(t, err)
	if len(lines) != 1 || lines[0].Records != 1 || lines[0].TriggeredBy != gdprmodel.RetentionActor || lines[0].RulePeriod != "P10D" {
		t.Errorf("deletion log %+v, want one batch of 1 held message under a 10-day rule", lines)
	}
	if _, err := documents.Get(ctx, w.app.Pool, queue[0].ID); err == nil {
		t.Error("the held message is listed as a document")
	}
}

func noJournal(klientcrypto.Tombstone) error { return nil }

// eraseContact erases id through the executor serve uses, after an
// approved request.
func eraseContact(t *testing.T, w *world, id string) gdprcmd.ErasureResult {
	t.Helper()
	ctx, dpo := context.Background(), journal.Actor{ID: "dpo-1"}
	receive, err1 := gdprcmd.NewReceiveRequestHandler(w.app.Requests)
	verify, err2 := gdprcmd.NewVerifyRequestIdentityHandler(w.app.Requests)
	plan, err3 := gdprcmd.NewRequestErasureHandler(w.app.Subjects, w.app.Requests, matters.NewSubjectFacts(w.app.Pool), gdpr.DefaultRetentionRules)
	apptest.Must(t, errors.Join(err1, err2, err3))
	req, err := receive.Handle(ctx, gdprcmd.ReceiveRequest{Actor: dpo, SubjectID: id, Kind: gdpr.KindErasure, Channel: gdpr.ChannelLetter})
	apptest.Must(t, err)
	req, err = verify.Handle(ctx, gdprcmd.VerifyRequestIdentity{Actor: dpo, RequestID: req.RequestID, ExpectedVersion: req.Version, How: "BankID"})
	apptest.Must(t, err)
	planned, err := plan.Handle(ctx, gdprcmd.RequestErasure{Actor: dpo, RequestID: req.RequestID})
	if err != nil || !planned.Approved {
		t.Fatalf("plan %+v, %v", planned, err)
	}
	apptest.Settle(t, w.app.Runtime, planned.Position)
	e := erasure.Jobs{Pool: w.app.Pool, Store: w.app.Store, Codec: w.app.Codec, Keys: w.app.Keys, Runtime: w.app.Runtime,
		Log: w.app.Log, Clock: apptest.Now, Journal: noJournal}
	h, err := e.Executor(gdpr.DefaultRetentionRules, apptest.Now)
	apptest.Must(t, err)
	res, err := h.Handle(ctx, gdprcmd.EraseSubject{Actor: dpo, SubjectID: id, RequestID: req.RequestID})
	apptest.Must(t, err)
	return res
}
