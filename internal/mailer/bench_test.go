package mailer

import (
	"context"
	"fmt"
	"testing"
	"time"

	"github.com/google/uuid"

	communicationcmd "github.com/klient-crm/klient/commands/communication"
	"github.com/klient-crm/klient/domain/communication"
	"github.com/klient-crm/klient/internal/apptest"
	"github.com/klient-crm/klient/internal/mailtest"
)

// BenchmarkCampaignTenThousand measures the target for a
// campaign to 10,000 recipients: queued (appended, each e-mail sealed with
// its recipient's key, and taken into the outbox by its projector) in at
// most 10 s, and delivered to a real mail server (mailpit) at 100 or more
// messages a second. It reports queue-s and delivered-msgs/s; one
// iteration takes longer than make bench's 2 s, so it runs once.
func BenchmarkCampaignTenThousand(b *testing.B) {
	const n = 10_000
	ctx := context.Background()
	app := apptest.New(b, apptest.OnlyProjectors("outbox"), apptest.PollInterval(10*time.Millisecond))
	w := &world{t: b, app: app}
	// The recipients are people of the firm's register: their keys exist
	// before the campaign (made here, untimed).
	recipients := make([]communication.CampaignRecipient, n)
	for i := range recipients {
		id := uuid.NewString()
		if _, err := app.Keys.Seal(ctx, id, []byte("nyckel"), nil); err != nil {
			b.Fatal(err)
		}
		recipients[i] = communication.CampaignRecipient{ContactID: id, Mail: communication.Mail{
			To: fmt.Sprintf("mottagare%05d@example.se", i), ToName: fmt.Sprintf("Mottagare %d", i),
			Unsubscribe: "https://klient.example/consent/withdraw/" + id}}
	}
	log, err := communicationcmd.NewCommunications(app.Store, app.Codec, apptest.Now)
	apptest.Must(b, err)
	send, err := communicationcmd.NewSendCampaignHandler(log)
	apptest.Must(b, err)
	pit := mailtest.Start(b, 0)
	b.ResetTimer()
	for i := range b.N {
		start := time.Now()
		res, err := send.Handle(ctx, communicationcmd.SendCampaign{Actor: staffActor, Name: "Seminarium", Purpose: "marketing",
			Subject: "Inbjudan till seminarium om arvsrätt", Body: "Hej!\n\nVälkommen till vårt seminarium den 10 december.\n\nAdvokatbyrån",
			Footer: "Vill du inte få fler utskick? Återkalla ditt samtycke här:", Recipients: recipients})
		apptest.Must(b, err)
		apptest.Project(b, app.Runtime, res.Position)
		queued := time.Since(start)

		start = time.Now()
		runCtx, cancel := context.WithCancel(ctx)
		done := make(chan struct{})
		go func() {
			w.sender(pit.SMTPURL(), func(c *Config) { c.Idle = 10 * time.Millisecond }).Run(runCtx)
			close(done)
		}()
		pit.WaitCount((i+1)*n, 10*time.Minute)
		delivered := time.Since(start)
		cancel()
		<-done
		b.ReportMetric(queued.Seconds(), "queue-s")
		b.ReportMetric(n/delivered.Seconds(), "delivered-msgs/s")
	}
}
