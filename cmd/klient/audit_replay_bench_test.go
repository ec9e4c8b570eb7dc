package main

import (
	"context"
	"fmt"
	"io"
	"testing"
	"time"

	"github.com/google/uuid"

	"github.com/klient-crm/klient/domain"
	"github.com/klient-crm/klient/domain/contact"
	"github.com/klient-crm/klient/eventstore"
	"github.com/klient-crm/klient/internal/auditcli"
	"github.com/klient-crm/klient/internal/pgtest"
	"github.com/klient-crm/klient/projections/audit/history"
)

// BenchmarkAuditReplay is the figure: a point-in-time replay of a
// contact stream of 1,000 events (each with sealed personal details to
// open) must take at most 50 ms.
func BenchmarkAuditReplay(b *testing.B) {
	ctx := context.Background()
	a := openTestApp(b)
	id := uuid.Must(uuid.NewV7()).String()
	stream := contact.StreamName(id)
	var last eventstore.Position
	for batch := range 10 {
		var evs []domain.Event
		for i := range 100 {
			d := contact.PersonDetails{GivenName: "Anna", FamilyName: fmt.Sprintf("Svensson %d", batch*100+i),
				Emails: []contact.Email{{Address: "anna@example.se"}}}
			if batch == 0 && i == 0 {
				evs = append(evs, contact.PersonRegistered{ContactID: id, Details: d})
			} else {
				evs = append(evs, contact.PersonDetailsChanged{ContactID: id, Details: d})
			}
		}
		last = appendEncoded(b, a, stream, id, evs)
	}
	b.ResetTimer()
	for range b.N {
		out, err := auditcli.Replay(ctx, auditEnv(a.cfg, a, io.Discard), stream, history.Cutoff{Pos: &last})
		if err != nil || out.Events != 1000 {
			b.Fatalf("replay: %v, %d events", err, out.Events)
		}
	}
	b.ReportMetric(b.Elapsed().Seconds()*1000/float64(b.N), "ms/replay")
}

// openTestApp opens an app on a fresh database and data directory.
func openTestApp(b testing.TB) *app {
	cfg := Config{DatabaseURL: pgtest.NewDatabase(b), EventStore: "postgres", HTTPAddr: "127.0.0.1:0",
		DataDir: b.TempDir(), LogLevel: "warn", MaxUploadBytes: 1 << 20,
		CDDReviewMonthsHigh: 12, CDDReviewMonthsOther: 36} // issue 17: high risk yearly, others every three years
	if err := cfg.Validate(); err != nil {
		b.Fatal(err)
	}
	a, err := openApp(context.Background(), cfg)
	if err != nil {
		b.Fatal(err)
	}
	b.Cleanup(a.Close)
	return a
}

// appendEncoded encodes evs through the app's codec and appends them.
func appendEncoded(b testing.TB, a *app, stream, subject string, evs []domain.Event) eventstore.Position {
	ctx := context.Background()
	envs := make([]eventstore.Envelope, len(evs))
	for i, ev := range evs {
		env, err := a.codec.Encode(ctx, uuid.Must(uuid.NewV7()), ev,
			eventstore.Metadata{Actor: "staff-bench", OccurredAt: time.Now(), Subjects: []string{subject}})
		if err != nil {
			b.Fatal(err)
		}
		envs[i] = env
	}
	res, err := a.store.Append(ctx, stream, eventstore.Any, envs)
	if err != nil {
		b.Fatal(err)
	}
	return res.LastPosition
}
