package http

import (
	"context"
	"testing"
	"time"

	requestpages "github.com/klient-crm/klient/http/requests"

	"github.com/jackc/pgx/v5/pgxpool"

	gdprcmd "github.com/klient-crm/klient/commands/gdpr"
	klientcrypto "github.com/klient-crm/klient/crypto"
	"github.com/klient-crm/klient/domain/gdpr"
	"github.com/klient-crm/klient/eventstore"
	"github.com/klient-crm/klient/eventstore/postgres"
	"github.com/klient-crm/klient/projections/documents"
	gdprmodel "github.com/klient-crm/klient/projections/gdpr"
	"github.com/klient-crm/klient/projections/matters"
	"github.com/klient-crm/klient/projections/subjectexport"
)

// requestsOf builds the real Requests dependencies over the test's store:
// the request handlers, the erasure planner over the matters read model
// with the default retention schedule, and the real EraseSubject executor
// over the test's key ring, documents and read models.
func requestsOf(t testing.TB, store *postgres.Store, codec *eventstore.Codec, pool *pgxpool.Pool, keys *klientcrypto.Keyring) requestpages.Deps {
	subjects, err := gdprcmd.NewSubjects(store, codec, time.Now, gdpr.DefaultPurposes)
	must(t, err)
	requests, err := gdprcmd.NewRequests(store, codec, time.Now)
	must(t, err)
	d := requestpages.Deps{Register: requestpages.RequestsReadModel(pool, subjectexport.Options{Controller: subjectexport.Controller{Name: "Testbyrån AB"}})}
	var errs [7]error
	d.Receive, errs[0] = gdprcmd.NewReceiveRequestHandler(requests)
	d.Verify, errs[1] = gdprcmd.NewVerifyRequestIdentityHandler(requests)
	d.Extend, errs[2] = gdprcmd.NewExtendRequestDeadlineHandler(requests)
	d.Complete, errs[3] = gdprcmd.NewCompleteRequestHandler(requests)
	d.Refuse, errs[4] = gdprcmd.NewRefuseRequestHandler(requests)
	planner, err := gdprcmd.NewRequestErasureHandler(subjects, requests, matters.NewSubjectFacts(pool), gdpr.DefaultRetentionRules)
	d.Plan, errs[5] = planner, err
	d.Erase, errs[6] = gdprcmd.NewEraseSubjectHandler(gdprcmd.EraseSubjectDeps{Subjects: subjects, Requests: requests,
		Planner: planner, Shredder: requestsShredder{keys}, Documents: documents.NewEraser(pool),
		Records: subjectexport.NewRecords(pool), Ledger: requestsLedger{gdprmodel.NewLedger(pool)}})
	for _, err := range errs {
		must(t, err)
	}
	d.VerifyErasure = verifyErasure(pool)
	return d
}

// requestsShredder adapts the key ring's tombstone to the commands' port, as
// cmd/klient's keyShredder does.
type requestsShredder struct{ keys *klientcrypto.Keyring }

func (s requestsShredder) Shred(ctx context.Context, subject string) (gdprcmd.KeyTombstone, error) {
	ts, err := s.keys.Shred(ctx, subject)
	return gdprcmd.KeyTombstone{Fingerprint: ts.Fingerprint, KeyID: ts.KeyID, ShreddedAt: ts.ShreddedAt}, err
}

// requestsLedger adapts the certificate table to the commands' port, as
// cmd/klient's erasureLedger does.
type requestsLedger struct{ l gdprmodel.Ledger }

func (l requestsLedger) Open(ctx context.Context, o gdprcmd.ErasureOpening) error {
	return l.l.Open(ctx, gdprmodel.Opening(o))
}

func (l requestsLedger) KeyDestroyed(ctx context.Context, erasureID string, ts gdprcmd.KeyTombstone) error {
	return l.l.KeyDestroyed(ctx, erasureID, gdprmodel.KeyDestruction{Fingerprint: ts.Fingerprint, KeyID: ts.KeyID,
		DestroyedAt: ts.ShreddedAt})
}
