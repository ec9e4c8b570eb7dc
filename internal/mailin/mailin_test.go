package mailin

import (
	"bytes"
	"context"
	"encoding/base64"
	"errors"
	"fmt"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/klient-crm/klient/domain"
	"github.com/klient-crm/klient/domain/access"
	"github.com/klient-crm/klient/domain/communication"
	"github.com/klient-crm/klient/internal/apptest"
	"github.com/klient-crm/klient/projections/documents"
	"github.com/klient-crm/klient/projections/outbox"
)

// pdf is the smallest file a PDF reader and the sniffer take as one.
var pdf = []byte("%PDF-1.4\n1 0 obj<</Type/Catalog>>endobj\ntrailer<</Root 1 0 R>>\n%%EOF\n")

// forwarded is an e-mail as Outlook forwards it: multipart/mixed with a
// quoted-printable UTF-8 text, an HTML alternative with a script, an
// encoded Swedish subject and a PDF named in RFC 2047.
func forwarded(messageID, subject, body string) string {
	return strings.ReplaceAll(fmt.Sprintf(`From: =?utf-8?q?=C3=85sa_=C3=96berg?= <asa.oberg@exempel.se>
To: Lena Advokat <lena@byran.example>
Subject: %s
Date: Fri, 04 Dec 2026 14:03:00 +0100
Message-ID: <%s>
MIME-Version: 1.0
Content-Type: multipart/mixed; boundary="yttre"

--yttre
Content-Type: multipart/alternative; boundary="inre"

--inre
Content-Type: text/plain; charset=utf-8
Content-Transfer-Encoding: quoted-printable

%s
--inre
Content-Type: text/html; charset=utf-8

<html><body><p>Hej!</p><script>alert('x')</script></body></html>
--inre--

--yttre
Content-Type: application/pdf; name="=?utf-8?q?st=C3=A4mning.pdf?="
Content-Disposition: attachment; filename="=?utf-8?q?st=C3=A4mning.pdf?="
Content-Transfer-Encoding: base64

%s
--yttre--
`, subject, messageID, body, base64.StdEncoding.EncodeToString(pdf)), "\n", "\r\n")
}

// Issue 15: mail forwarded to the matter's plus-address is filed as an
// e-mail in that matter's log, from the client (matched by address), its
// attachment an encrypted document of the entry; the event log holds
// none of its text in the clear; the same message again files nothing
// twice.
func TestForwardedMailIsFiledUnderTheMatterItNames(t *testing.T) {
	t.Parallel()
	w := newWorld(t)
	ctx := context.Background()
	// "Här är stämningen från tingsrätten." in quoted-printable UTF-8.
	const body = "Hej Lena,\r\n=C3=85terkommer om f=C3=B6rlikningen. H=C3=A4r =C3=A4r st=C3=A4mningen fr=C3=A5n tingsr=C3=A4tten."
	const subject = "=?utf-8?q?Fw=3A_St=C3=A4mning_Bolaget?="
	msg := forwarded("abc-1@exempel.se", subject, body)
	to := []string{"arende+" + w.number + "@klient.byran.example"}
	apptest.Must(t, w.send(w.secret, to, msg))
	entries := w.entries(1)
	if len(entries) != 1 {
		t.Fatalf("the matter's log has %d entries, want the one e-mail", len(entries))
	}
	e := entries[0]
	if e.Kind != communication.KindEmail || e.SubjectLine != "Fw: Stämning Bolaget" ||
		!strings.Contains(e.Body, "Återkommer om förlikningen. Här är stämningen från tingsrätten.") {
		t.Errorf("entry %q / %q (%s)", e.SubjectLine, e.Body, e.Kind)
	}
	if !strings.Contains(e.Body, "asa.oberg@exempel.se") || !strings.Contains(e.Body, "Bilagor: stämning.pdf") {
		t.Errorf("the entry does not say who wrote and what was attached: %q", e.Body)
	}
	if strings.Contains(e.Body, "alert") {
		t.Errorf("the HTML's script reached the entry: %q", e.Body)
	}
	if !slices.Contains(e.ContactIDs, w.client) || !slices.Contains(e.Participants, communication.Participant{Kind: communication.ParticipantContact, ID: w.client}) ||
		!slices.Contains(e.Participants, communication.Participant{Kind: communication.ParticipantStaff, ID: w.lawyer}) {
		t.Errorf("the entry is not linked to the client who wrote and the lawyer who filed it: %+v %+v", e.ContactIDs, e.Participants)
	}
	if got := e.OccurredAt.UTC().Format("2006-01-02 15:04"); got != "2026-12-04 13:03" {
		t.Errorf("occurred at %s, want the message's Date", got)
	}
	var docs []documents.Document
	for deadline := time.Now().Add(15 * time.Second); len(docs) == 0 && time.Now().Before(deadline); time.Sleep(20 * time.Millisecond) {
		var err error
		docs, err = documents.ForCommunication(ctx, w.app.Pool, e.ID)
		apptest.Must(t, err)
	}
	if len(docs) != 1 || docs[0].Name != "stämning.pdf" || docs[0].ContentType != "application/pdf" || docs[0].MatterID != w.matterID {
		t.Fatalf("documents %+v, want stämning.pdf filed with the entry and the matter", docs)
	}
	if got := w.open(docs[0]); !bytes.Equal(got, pdf) {
		t.Errorf("the document holds %q, want the attachment's bytes", got)
	}

	// Sealed: the log and the document store hold no word of the text.
	for _, needle := range []string{"förlikningen", "tingsrätten", "asa.oberg@exempel.se", "Stämning Bolaget", "Catalog"} {
		for _, table := range apptest.TablesHolding(t, w.app.Pool, needle) {
			name := strings.ReplaceAll(table, `"`, "")
			if !strings.HasPrefix(name, "public.communications_") && !strings.HasPrefix(name, "public.contacts_") &&
				!strings.HasPrefix(name, "public.conflict_index_") {
				t.Errorf("%s: plaintext outside the read models", table)
			}
		}
	}

	// A retry (the sending server did not hear the answer) files nothing new.
	before := w.events()
	apptest.Must(t, w.send(w.secret, to, msg))
	if after := w.events(); after != before {
		t.Errorf("the same message again wrote %d events", after-before)
	}
}

// The subject may name the matter instead of the address.
func TestTheSubjectMayNameTheMatter(t *testing.T) {
	t.Parallel()
	w := newWorld(t)
	msg := forwarded("abc-2@exempel.se", "Ang. ärende "+w.number, "Hej")
	apptest.Must(t, w.send(w.secret, []string{"arende@klient.byran.example"}, msg))
	entries := w.entries(1)
	if len(entries) != 1 || entries[0].SubjectLine != "Ang. ärende "+w.number {
		t.Fatalf("entries %+v", entries)
	}
}

// What Klient cannot place waits in the sender's review queue, sealed
// with a key of its own: a number that is no matter's, and a matter the
// sender does not work on (to them it does not exist). Filing it from
// the queue puts it in the matter's log; discarding it destroys its key.
func TestUnplacedMailWaitsForReview(t *testing.T) {
	t.Parallel()
	w := newWorld(t)
	ctx := context.Background()
	apptest.Must(t, w.send(w.secret, []string{"arende+1999-0001@klient.byran.example"}, forwarded("q-1@exempel.se", "Okänt", "Hemligt=20ord")))
	other, otherSecret := w.member("Olle Utanför", "olle@byran.example")
	before := w.events()
	apptest.Must(t, w.send(otherSecret, []string{"arende+" + w.number + "@klient.byran.example"}, forwarded("q-2@exempel.se", "Fel", "Annat")))
	if after := w.events(); after != before {
		t.Fatalf("a member outside the matter wrote %d events", after-before)
	}
	held, err := outbox.HeldFor(ctx, w.app.Pool, w.lawyer)
	apptest.Must(t, err)
	if len(held) != 1 || held[0].Reason != outbox.HeldUnknownMatter {
		t.Fatalf("the lawyer's queue %+v, want the mail for an unknown matter", held)
	}
	olles, err := outbox.HeldFor(ctx, w.app.Pool, other)
	apptest.Must(t, err)
	// Held for a matter he may not see, Olle's mail gives the reason a
	// number no matter has gives (Lena's above): his queue must not tell
	// him that a matter he is kept from exists.
	if len(olles) != 1 || olles[0].Reason != held[0].Reason {
		t.Fatalf("the outsider's queue %+v, want the reason of a number no matter has (%s)", olles, held[0].Reason)
	}
	if tables := apptest.TablesHolding(t, w.app.Pool, "Hemligt ord", "q-1@exempel.se"); len(tables) != 0 {
		t.Errorf("a held message in the clear: %v", tables)
	}
	lena := w.sender(w.lawyer)
	list, err := w.filer.Held(ctx, lena)
	apptest.Must(t, err)
	if len(list) != 1 || list[0].Message.Subject != "Okänt" || list[0].Message.Text != "Hemligt ord" {
		t.Fatalf("the queue as its page reads it: %+v", list)
	}
	// Another member's held mail is not in Lena's reach, and answers as
	// one that does not exist: filed, opened or discarded.
	for _, id := range []string{olles[0].ID, "5f0e0a52-0000-4000-8000-000000000000", "inget-id"} {
		_, fileErr := w.filer.FileHeld(ctx, lena, id, w.number)
		_, oneErr := w.filer.HeldOne(ctx, lena, id)
		for what, err := range map[string]error{"filing": fileErr, "opening": oneErr, "discarding": w.filer.Discard(ctx, lena, id)} {
			var de *domain.Error
			if !errors.As(err, &de) || de.Kind != domain.KindNotFound || de.Code != "mailin.held.not_found" ||
				de.Message != "there is no such e-mail in your queue" {
				t.Errorf("%s held mail %s as Lena: %v, want the same not-found as for an unknown ID", what, id, err)
			}
		}
	}
	out, err := w.filer.FileHeld(ctx, lena, held[0].ID, w.number)
	apptest.Must(t, err)
	entries := w.entries(1)
	if len(entries) != 1 || entries[0].ID != out.CommunicationID || entries[0].SubjectLine != "Okänt" {
		t.Fatalf("filed from the queue: %+v", entries)
	}
	if shredded, _ := w.app.Keys.IsShredded(ctx, heldKey(held[0].ID)); !shredded {
		t.Error("the filed message's held copy is still readable")
	}
	apptest.Must(t, w.filer.Discard(ctx, w.sender(other), olles[0].ID))
	if shredded, _ := w.app.Keys.IsShredded(ctx, heldKey(olles[0].ID)); !shredded {
		t.Error("a discarded message's key survives")
	}
	for _, id := range []string{lena.StaffID, other} {
		if q, _ := outbox.HeldFor(ctx, w.app.Pool, id); len(q) != 0 {
			t.Errorf("queue of %s still holds %+v", id, q)
		}
	}
}

// Bad input is refused in the SMTP exchange with a reason, nothing
// written: no token, a wrong token, broken MIME, a file type Klient does
// not keep, a message over the limit.
func TestBadMailIsRefusedWithNothingWritten(t *testing.T) {
	t.Parallel()
	w := newWorld(t)
	to := []string{"arende+" + w.number + "@klient.byran.example"}
	good := forwarded("bad-0@exempel.se", "Hej", "Hej")
	noBoundary := strings.Replace(good, `multipart/mixed; boundary="yttre"`, `multipart/mixed`, 1)
	exe := strings.Replace(good, `filename="=?utf-8?q?st=C3=A4mning.pdf?="`, `filename="faktura.exe"`, 1)
	exe = strings.Replace(exe, `name="=?utf-8?q?st=C3=A4mning.pdf?="`, `name="faktura.exe"`, 1)
	huge := forwarded("bad-3@exempel.se", "Stor", strings.Repeat(strings.Repeat("x", 76)+"\r\n", 30_000))
	before := w.events()
	for _, c := range []struct {
		name, secret, msg string
		code              int
	}{
		{"without AUTH", "", good, 530},
		{"a token that is none", "klient_" + strings.Repeat("A", 43), good, 535},
		{"multipart without a boundary", w.secret, noBoundary, 554},
		{"an .exe attachment", w.secret, exe, 554},
		{"over the limit", w.secret, huge, 552},
	} {
		err := w.send(c.secret, to, c.msg)
		if smtpCode(err) != c.code {
			t.Errorf("%s: %v, want %d", c.name, err, c.code)
		}
		// The reply travels back through the sender's servers and their
		// logs: it says what is wrong, never a file's name.
		if err != nil && (strings.Contains(err.Error(), "faktura") || strings.Contains(err.Error(), "stämning")) {
			t.Errorf("%s: the reply %q names an attachment", c.name, err)
		}
	}
	if after := w.events(); after != before {
		t.Errorf("refused mail wrote %d events", after-before)
	}
	if q, _ := outbox.HeldFor(context.Background(), w.app.Pool, w.lawyer); len(q) != 0 {
		t.Errorf("refused mail was held: %+v", q)
	}
}

func (w *world) sender(staffID string) Sender {
	w.t.Helper()
	s, err := w.filer.SenderOf(context.Background(), staffID, []access.Role{access.RoleLawyer})
	apptest.Must(w.t, err)
	return s
}
