package erasure

import (
	"context"
	"fmt"
	"os"
	"testing"
	"time"

	commcmd "github.com/klient-crm/klient/commands/communication"
	gdprcmd "github.com/klient-crm/klient/commands/gdpr"
	"github.com/klient-crm/klient/commands/journal"
	klientcrypto "github.com/klient-crm/klient/crypto"
	"github.com/klient-crm/klient/domain/communication"
	"github.com/klient-crm/klient/domain/contact"
	"github.com/klient-crm/klient/domain/gdpr"
	"github.com/klient-crm/klient/internal/apptest"
	"github.com/klient-crm/klient/projections/subjectexport"
)

// BenchmarkErasureOfAHeavilyReferencedPerson erases, end to end, a person
// in 300 communications of a large firm's log (not a party to a matter,
// whose hold would keep them): request received, identity verified, erasure planned, then carried out
// (key destroyed, the log's events made unreadable, the read models' rows
// blanked), verified (every projector applied it, no residue) and rewritten
// out of the database's files. It needs a firm: a database written by
// `klient demo-data --scale N` and the data directory holding its master key
// (docs/scaling.md, `make scale`); each run erases one more person of it.
//
//	KLIENT_SCALE_DATABASE_URL=postgres://…/klient_s1m KLIENT_SCALE_DATA_DIR=var/s1m/data \
//	  go test -run '^$' -bench ErasureOfAHeavilyReferencedPerson -benchtime 1x ./internal/erasure/
func BenchmarkErasureOfAHeavilyReferencedPerson(b *testing.B) {
	url, dir := os.Getenv("KLIENT_SCALE_DATABASE_URL"), os.Getenv("KLIENT_SCALE_DATA_DIR")
	if url == "" || dir == "" {
		b.Skip("needs a firm's database: set KLIENT_SCALE_DATABASE_URL and KLIENT_SCALE_DATA_DIR (see the doc comment)")
	}
	ctx := context.Background()
	a := apptest.Open(b, url, dir)
	apptest.Live(b, a.Runtime)
	j := Jobs{Pool: a.Pool, Store: a.Store, Codec: a.Codec, Keys: a.Keys, Runtime: a.Runtime, Log: a.Log, Clock: apptest.Now,
		Journal: func(klientcrypto.Tombstone) error { return nil }}
	h, err := j.Executor(gdpr.DefaultRetentionRules, apptest.Now)
	apptest.Must(b, err)
	comms, err := commcmd.NewCommunications(a.Store, a.Codec, apptest.Now)
	apptest.Must(b, err)
	logEntry, err := commcmd.NewLogCommunicationHandler(comms)
	apptest.Must(b, err)
	lawyer := journal.Actor{ID: "0193a000-0000-7000-8000-0000000000a2"} // the demo lawyer
	for range b.N {
		// The demo firm's people in communications are all parties to open
		// matters, whose holds keep them; this person is in as many entries
		// as the firm's busiest client, outside any matter.
		b.StopTimer()
		p := apptest.Person(b, a.Contacts, contact.PersonDetails{GivenName: "Hugo", FamilyName: "Hänvisad"})
		subject := p.ContactID
		const entries = 300
		for i := range entries {
			_, err := logEntry.Handle(ctx, commcmd.LogCommunication{Actor: lawyer, Links: communication.Links{ContactIDs: []string{subject}},
				Details: communication.Details{Kind: communication.KindPhoneCall, OccurredAt: time.Now().Add(-time.Duration(i) * time.Hour),
					SubjectLine: fmt.Sprintf("Samtal %d med Hugo Hänvisad", i), Body: "Hugo Hänvisad ringde om sitt ärende."}})
			apptest.Must(b, err)
		}
		b.StartTimer()
		began := time.Now()
		requestID := approvedErasure(b, a, subject, "", apptest.Now)
		planned := time.Since(began)
		res, err := h.Handle(ctx, gdprcmd.EraseSubject{Actor: scheduler, SubjectID: subject, RequestID: requestID})
		apptest.Must(b, err)
		erased := time.Since(began)
		if !j.verify(ctx, res) {
			b.Fatal("the erasure was not verified: a read model is behind")
		}
		verified := time.Since(began)
		j.rewrite(ctx, res)
		rewritten := time.Since(began)
		b.ReportMetric(entries, "communications")
		b.ReportMetric(float64(subjectexport.Total(res.EventsUnreadable)), "events-unreadable")
		b.ReportMetric(float64(subjectexport.Total(res.RowsErased)), "rows-blanked")
		b.ReportMetric(planned.Seconds(), "s-planned")
		b.ReportMetric(erased.Seconds(), "s-erased")
		b.ReportMetric(verified.Seconds(), "s-verified")
		b.ReportMetric(rewritten.Seconds(), "s-rewritten")
	}
}
