package mailer

import (
	"context"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/klient-crm/klient/internal/apptest"
	"github.com/klient-crm/klient/internal/mailtest"
	"github.com/klient-crm/klient/projections/outbox"
)

// One letter reaches a real mail server as the issue asks: Swedish
// subject and name in encoded headers, the text in UTF-8, the Message-ID
// made from the mail's ID; the outbox says sent, and no table holds the
// address or the text in the clear.
func TestLetterReachesMailpit(t *testing.T) {
	w := newWorld(t)
	pit := mailtest.Start(t, 0)
	id := w.ask(letter("asa.oberg@example.se"))

	n, err := w.sender(pit.SMTPURL(), nil).SendDue(context.Background())
	apptest.Must(t, err)
	if n != 1 {
		t.Fatalf("worked %d e-mails, want 1", n)
	}
	msgs := pit.Messages()
	if len(msgs) != 1 {
		t.Fatalf("mailpit holds %d messages, want 1", len(msgs))
	}
	got := pit.Message(msgs[0].ID)
	want := letter("")
	if got.MessageID != id+"@byran.example" || got.Subject != want.Subject ||
		len(got.To) != 1 || got.To[0] != (mailtest.Address{Name: "Åsa Öberg", Address: "asa.oberg@example.se"}) ||
		got.From != (mailtest.Address{Name: "Advokatbyrån Testsson", Address: "info@byran.example"}) {
		t.Errorf("message = %+v", got.Summary)
	}
	if strings.TrimSpace(strings.ReplaceAll(got.Text, "\r\n", "\n")) != want.Body {
		t.Errorf("text = %q, want %q", got.Text, want.Body)
	}
	if h := pit.Headers(msgs[0].ID); h["List-Unsubscribe"] != nil {
		t.Errorf("a letter carries List-Unsubscribe: %v", h["List-Unsubscribe"])
	}
	if d := w.delivery(id); d.Status != outbox.StatusSent || d.Attempts != 1 || d.SentAt == nil || d.Recipient != w.person {
		t.Errorf("delivery = %+v", d)
	}
	if tables := apptest.TablesHolding(t, w.app.Pool, "asa.oberg@example", "inkomma med yttrande"); len(tables) > 0 {
		t.Errorf("address or text in the clear in %v", tables)
	}
}

// A server that is down keeps the mail queued with the reason and a
// growing wait; once it is up the mail goes, once.
func TestUnreachableServerRetriesWithBackoff(t *testing.T) {
	w := newWorld(t)
	port := mailtest.FreePort(t)
	id := w.ask(letter("asa.oberg@example.se"))
	s := w.sender("smtp://127.0.0.1:"+strconv.Itoa(port), nil)

	var waits []time.Duration
	for range 3 {
		_, err := s.SendDue(context.Background())
		apptest.Must(t, err)
		d := w.delivery(id)
		if d.Status != outbox.StatusQueued || d.LastError != "connect" {
			t.Fatalf("after a refused connection: %+v", d)
		}
		// The wait from the moment the failure was recorded (the same
		// statement sets updated_at), not from the test's clock: a loaded
		// machine's slow SendDue is no part of the backoff.
		var next, recorded time.Time
		apptest.Must(t, w.app.Pool.QueryRow(context.Background(),
			`SELECT next_attempt_at, updated_at FROM mail_outbox WHERE mail_id = $1`, id).Scan(&next, &recorded))
		waits = append(waits, next.Sub(recorded))
		time.Sleep(time.Until(next) + 10*time.Millisecond)
	}
	// 50 ms doubling, less at most a fifth: 40–50, 80–100, 160–200 ms
	// (the statement's own time adds a little).
	for i, lo := range []time.Duration{40, 80, 160} {
		if waits[i] < lo*time.Millisecond-20*time.Millisecond || waits[i] > (lo*5/4+20)*time.Millisecond {
			t.Errorf("wait after attempt %d = %v", i+1, waits[i])
		}
	}
	pit := mailtest.Start(t, port)
	_, err := s.SendDue(context.Background())
	apptest.Must(t, err)
	if d := w.delivery(id); d.Status != outbox.StatusSent || d.Attempts != 4 {
		t.Errorf("after the server came back: %+v", d)
	}
	if n := pit.Count(); n != 1 {
		t.Errorf("mailpit holds %d messages, want 1", n)
	}
}

// A permanent refusal fails that recipient's mail with the server's code
// and sends the others.
func TestPermanentRefusalFailsThatRecipient(t *testing.T) {
	w := newWorld(t)
	pit := mailtest.Start(t, 0, "--smtp-allowed-recipients", `@example\.se$`)
	refused := w.ask(letter("asa@example.org"))
	taken := w.ask(letter("asa.oberg@example.se"))
	_, err := w.sender(pit.SMTPURL(), nil).SendDue(context.Background())
	apptest.Must(t, err)
	if d := w.delivery(refused); d.Status != outbox.StatusFailed || !strings.HasPrefix(d.LastError, "smtp.5") {
		t.Errorf("refused: %+v", d)
	}
	if d := w.delivery(taken); d.Status != outbox.StatusSent {
		t.Errorf("taken: %+v", d)
	}
	if n := pit.Count(); n != 1 {
		t.Errorf("mailpit holds %d messages, want 1", n)
	}
}

// Mail still queued for a person who is then erased is never sent.
func TestErasedRecipientsMailIsCancelled(t *testing.T) {
	w := newWorld(t)
	pit := mailtest.Start(t, 0)
	id := w.ask(letter("asa.oberg@example.se"))
	_, err := w.app.Keys.Shred(context.Background(), w.person)
	apptest.Must(t, err)
	_, err = w.sender(pit.SMTPURL(), nil).SendDue(context.Background())
	apptest.Must(t, err)
	if d := w.delivery(id); d.Status != outbox.StatusCancelled || d.LastError != "erased" {
		t.Errorf("delivery = %+v", d)
	}
	if n := pit.Count(); n != 0 {
		t.Errorf("mailpit holds %d messages, want none", n)
	}
}

// A sender that stops mid-batch gives back what it claimed but never
// handed over: queued again, its attempt not counted, and no unknown
// outcome (which would spend the one resend).
func TestStoppingSenderReleasesWhatItDidNotSend(t *testing.T) {
	w := newWorld(t)
	pit := mailtest.Start(t, 0)
	ids := w.askAll(letter("asa.oberg@example.se"), letter("asa.oberg@example.se"))
	ctx, cancel := context.WithCancel(context.Background())
	s := w.sender(pit.SMTPURL(), nil)
	s.afterSend = cancel // the stop comes right after the first hand-over
	if n, err := s.round(ctx); err != nil || n != 2 {
		t.Fatalf("the round: %d, %v", n, err)
	}
	var unknown int
	apptest.Must(t, w.app.Pool.QueryRow(context.Background(), `SELECT sum(unknown_outcomes) FROM mail_outbox`).Scan(&unknown))
	first, second := w.delivery(ids[0]), w.delivery(ids[1])
	if first.Status == outbox.StatusQueued { // the two were claimed in either order
		first, second = second, first
	}
	if first.Status != outbox.StatusSent || second.Status != outbox.StatusQueued || second.Attempts != 0 || unknown != 0 || pit.Count() != 1 {
		t.Errorf("after stopping: %+v, %+v, %d unknown, %d arrived", first, second, unknown, pit.Count())
	}
}
