package mailin

import (
	"context"
	"net/smtp"
	"strings"
	"testing"
	"time"

	commcmd "github.com/klient-crm/klient/commands/communication"
	"github.com/klient-crm/klient/commands/journal"
	"github.com/klient-crm/klient/domain/communication"
	"github.com/klient-crm/klient/internal/apptest"
	"github.com/klient-crm/klient/projections/outbox"
)

// dsn is a delivery status notification as Postfix writes one (RFC 3464):
// the human part, the delivery-status part with a failed recipient, and
// the returned message's headers.
func dsn(messageID, action, status string) string {
	return strings.ReplaceAll(`From: MAILER-DAEMON@mx.exempel.se (Mail Delivery System)
To: info@byran.example
Subject: Undelivered Mail Returned to Sender
MIME-Version: 1.0
Content-Type: multipart/report; report-type=delivery-status; boundary="rapport"

--rapport
Content-Type: text/plain; charset=us-ascii

I'm sorry to have to inform you that your message could not
be delivered to one or more recipients.

--rapport
Content-Type: message/delivery-status

Reporting-MTA: dns; mx.exempel.se
Arrival-Date: Sun, 6 Dec 2026 10:00:00 +0100

Final-Recipient: rfc822; asa.oberg@exempel.se
Original-Recipient: rfc822;asa.oberg@exempel.se
Action: `+action+`
Status: `+status+`
Diagnostic-Code: smtp; 550 5.1.1 <asa.oberg@exempel.se>: Recipient address rejected

--rapport
Content-Type: text/rfc822-headers

From: Byrån <info@byran.example>
To: asa.oberg@exempel.se
Subject: Ert ärende
Message-ID: <`+messageID+`>

--rapport--
`, "\n", "\r\n")
}

// sendReport hands raw to the listener as a mail server returns a
// report: without AUTH, from the null sender.
func (w *world) sendReport(raw string) error {
	c, err := smtp.Dial(w.addr)
	if err != nil {
		return err
	}
	defer c.Close()
	if err := c.Mail(""); err != nil {
		return err
	}
	if err := c.Rcpt("info@byran.example"); err != nil {
		return err
	}
	wc, err := c.Data()
	if err != nil {
		return err
	}
	if _, err := wc.Write([]byte(raw)); err != nil {
		return err
	}
	if err := wc.Close(); err != nil {
		return err
	}
	return c.Quit()
}

// sentMail requests an e-mail to the client about the matter and records
// it sent, as the sender would once the server took it.
func (w *world) sentMail() string {
	w.t.Helper()
	ctx := context.Background()
	comms, err := commcmd.NewCommunications(w.app.Store, w.app.Codec, apptest.Now)
	apptest.Must(w.t, err)
	h, err := commcmd.NewRequestMailHandler(comms)
	apptest.Must(w.t, err)
	res, err := h.Handle(ctx, commcmd.RequestMail{Actor: journal.Actor{ID: w.lawyer}, Recipient: w.client,
		Purpose: communication.PurposeLetter, MatterID: w.matterID,
		Mail: communication.Mail{To: clientAddress, Subject: "Ert ärende", Body: "Hej"}})
	apptest.Must(w.t, err)
	apptest.Settle(w.t, w.app.Runtime, res.Position)
	q := outbox.NewQueue(w.app.Pool)
	claimed, err := q.Claim(ctx, 10, time.Minute)
	apptest.Must(w.t, err)
	if len(claimed) != 1 || claimed[0].MailID != res.MailID {
		w.t.Fatalf("claimed %+v, want the one request", claimed)
	}
	apptest.Must(w.t, q.Sent(ctx, res.MailID))
	return res.MailID
}

// Issue 15: a bounce arriving on the listener marks the outbox's e-mail
// bounced with the DSN's status, which the matter's letter and the
// campaign report show per recipient. A delay changes nothing, nor does a
// report on a message Klient did not send; mail from the null sender
// that is no report is refused.
func TestBounceMarksTheRecipientsMailBounced(t *testing.T) {
	t.Parallel()
	w := newWorld(t)
	ctx := context.Background()
	mailID := w.sentMail()
	deliveries := outbox.NewDeliveries(w.app.Pool)
	status := func() outbox.Delivery {
		d, found, err := deliveries.Get(ctx, mailID)
		apptest.Must(t, err)
		if !found {
			t.Fatal("the e-mail is not in the outbox")
		}
		return d
	}

	apptest.Must(t, w.sendReport(dsn(mailID+"@byran.example", "delayed", "4.4.1")))
	if d := status(); d.Status != outbox.StatusSent {
		t.Errorf("after a delay the e-mail is %s, want still sent", d.Status)
	}
	apptest.Must(t, w.sendReport(dsn("5f0e0a52-0000-4000-8000-000000000000@elsewhere.example", "failed", "5.1.1")))
	apptest.Must(t, w.sendReport(dsn("not-ours@elsewhere.example", "failed", "5.1.1")))
	if d := status(); d.Status != outbox.StatusSent {
		t.Errorf("a report on other mail changed ours: %s", d.Status)
	}

	apptest.Must(t, w.sendReport(dsn(mailID+"@byran.example", "failed", "5.1.1")))
	if d := status(); d.Status != outbox.StatusBounced || d.LastError != "dsn.5.1.1" {
		t.Errorf("after the bounce: %s (%s), want bounced with the DSN's status", d.Status, d.LastError)
	}
	rows, err := deliveries.ForMatter(ctx, w.matterID, 10)
	apptest.Must(t, err)
	if len(rows) != 1 || rows[0].Status != outbox.StatusBounced || rows[0].Recipient != w.client {
		t.Errorf("the matter's e-mail per recipient: %+v", rows)
	}

	plain := strings.ReplaceAll("From: x@exempel.se\nSubject: Hej\n\nInget kvitto.\n", "\n", "\r\n")
	if err := w.sendReport(plain); smtpCode(err) != 550 {
		t.Errorf("plain mail from the null sender: %v, want 550", err)
	}
}

// A report whose Status field is there but empty (or only blanks) is read
// as a failure without a status code: the parser must not fall over it,
// which in the listener answered 421 and made the reporting server send
// the same report again and again.
func TestParseDSNTakesAnEmptyStatus(t *testing.T) {
	for _, status := range []string{"", "   "} {
		d, err := ParseDSN([]byte(dsn("5f0e0a52-0000-4000-8000-000000000000@byran.example", "failed", status)))
		if err != nil {
			t.Fatalf("status %q: %v", status, err)
		}
		if len(d.Recipients) != 1 || d.Recipients[0] != (RecipientStatus{Action: "failed"}) {
			t.Errorf("status %q: recipients %+v, want one failure without a status", status, d.Recipients)
		}
	}
}
