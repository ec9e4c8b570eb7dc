package mailer

import (
	"context"
	"fmt"
	"os"
	"os/exec"
	"testing"
	"time"

	"github.com/klient-crm/klient/domain/communication"
	"github.com/klient-crm/klient/internal/apptest"
	"github.com/klient-crm/klient/internal/mailtest"
	"github.com/klient-crm/klient/projections/outbox"
)

// The kill -9 test: a sender process is killed while it sends,
// mostly in the window between handing a message over and recording it
// sent. Another sender then finishes the queue. Every e-mail arrives; none
// arrives more than twice; only those the dead sender held may arrive
// twice, and then under the same Message-ID; nothing is left unsent.
func TestKilledSenderResendsAtMostOnce(t *testing.T) {
	if os.Getenv("KLIENT_MAILER_CHILD_URL") != "" {
		t.Skip("inside the child")
	}
	w := newWorld(t)
	pit := mailtest.Start(t, 0)
	const n = 120
	mails := make([]communication.Mail, n)
	for i := range mails {
		mails[i] = letter(fmt.Sprintf("klient%03d@example.se", i))
	}
	ids := w.askAll(mails...)

	child := exec.Command(os.Args[0], "-test.run=^TestSenderChild$", "-test.count=1")
	child.Env = append(os.Environ(), "KLIENT_MAILER_CHILD_URL="+w.app.URL, "KLIENT_MAILER_CHILD_DIR="+w.app.DataDir,
		"KLIENT_MAILER_CHILD_SMTP="+pit.SMTPURL())
	child.Stdout, child.Stderr = os.Stderr, os.Stderr
	apptest.Must(t, child.Start())
	pit.WaitCount(n/3, time.Minute)
	apptest.Must(t, child.Process.Kill()) // SIGKILL: no deferred code runs
	_ = child.Wait()

	before := map[string]outbox.Delivery{}
	inFlight := 0
	for _, id := range ids {
		d := w.delivery(id)
		before[id] = d
		if d.Status == outbox.StatusSending {
			inFlight++
		}
	}
	if inFlight == 0 || pit.Count() == n {
		t.Fatalf("the kill came too late: %d in flight, %d of %d arrived", inFlight, pit.Count(), n)
	}

	time.Sleep(childLease) // the dead sender's lease runs out
	_, err := w.sender(pit.SMTPURL(), nil).SendDue(context.Background())
	apptest.Must(t, err)

	arrived := map[string]int{}
	for _, m := range pit.Messages() {
		arrived[m.MessageID]++
	}
	doubled := 0
	for _, id := range ids {
		d, got := w.delivery(id), arrived[id+"@byran.example"]
		if d.Status != outbox.StatusSent {
			t.Errorf("mail %s: %s (%s), want sent", id, d.Status, d.LastError)
		}
		switch {
		case got == 0:
			t.Errorf("mail %s never arrived", id)
		case got == 2 && before[id].Status != outbox.StatusSending:
			t.Errorf("mail %s arrived twice but the dead sender did not hold it (%s)", id, before[id].Status)
		case got > 2:
			t.Errorf("mail %s arrived %d times", id, got)
		}
		if got == 2 {
			doubled++
		}
	}
	if len(arrived) != n {
		t.Errorf("%d distinct Message-IDs arrived, want %d", len(arrived), n)
	}
	// The child pauses after every hand-over, so the kill lands in that
	// window: the resend path must have been taken at least once.
	if doubled == 0 {
		t.Errorf("no e-mail was caught between sent and recorded (%d in flight): the test proved nothing", inFlight)
	}
	t.Logf("%d in flight at the kill, %d sent again under the same Message-ID", inFlight, doubled)
}

const childLease = time.Second

// TestSenderChild is the sender process TestKilledSenderResendsAtMostOnce
// kills; run alone it skips.
func TestSenderChild(t *testing.T) {
	url := os.Getenv("KLIENT_MAILER_CHILD_URL")
	if url == "" {
		t.Skip("run by TestKilledSenderResendsAtMostOnce")
	}
	app := apptest.Open(t, url, os.Getenv("KLIENT_MAILER_CHILD_DIR"), apptest.OnlyProjectors("outbox"))
	w := &world{t: t, app: app}
	s := w.sender(os.Getenv("KLIENT_MAILER_CHILD_SMTP"), func(c *Config) {
		c.Lease, c.Batch, c.Workers = childLease, 10, 4
	})
	s.afterSend = func() { time.Sleep(30 * time.Millisecond) }
	s.Run(context.Background()) // until killed
}
