package gdpr_test

import (
	"context"
	"sync"
	"testing"

	gdprcmd "github.com/klient-crm/klient/commands/gdpr"
	klientcrypto "github.com/klient-crm/klient/crypto"
	"github.com/klient-crm/klient/domain/gdpr"
)

// keyShredder is the wiring's adapter of the real key ring.
type keyShredder struct{ keys *klientcrypto.Keyring }

func (s keyShredder) Shred(ctx context.Context, subject string) (gdprcmd.KeyTombstone, error) {
	ts, err := s.keys.Shred(ctx, subject)
	return gdprcmd.KeyTombstone{Fingerprint: ts.Fingerprint, KeyID: ts.KeyID, ShreddedAt: ts.ShreddedAt}, err
}

// documentsOf is a DocumentEraser holding a count of documents per subject.
type documentsOf struct {
	mu sync.Mutex
	n  map[string]int64
}

func (d *documentsOf) DocumentsOf(_ context.Context, subject string) (int64, error) {
	d.mu.Lock()
	defer d.mu.Unlock()
	return d.n[subject], nil
}

func (d *documentsOf) EraseDocuments(_ context.Context, subject string) (int64, error) {
	d.mu.Lock()
	defer d.mu.Unlock()
	n := d.n[subject]
	delete(d.n, subject)
	return n, nil
}

// records is a SubjectRecords with fixed answers.
type records struct {
	streams []string
	rows    map[string]int64
}

func (r records) StreamsOf(context.Context, string) ([]string, error)      { return r.streams, nil }
func (r records) RowsOf(context.Context, string) (map[string]int64, error) { return r.rows, nil }

// ledger keeps what the executor recorded, as the certificate table does.
type ledger struct {
	mu       sync.Mutex
	opened   map[string]gdprcmd.ErasureOpening
	keys     map[string]gdprcmd.KeyTombstone
	openings int
}

func (l *ledger) Open(_ context.Context, o gdprcmd.ErasureOpening) error {
	l.mu.Lock()
	defer l.mu.Unlock()
	l.openings++
	if _, destroyed := l.keys[o.ErasureID]; !destroyed {
		l.opened[o.ErasureID] = o
	}
	return nil
}

func (l *ledger) KeyDestroyed(_ context.Context, id string, ts gdprcmd.KeyTombstone) error {
	l.mu.Lock()
	defer l.mu.Unlock()
	if _, done := l.keys[id]; !done {
		l.keys[id] = ts
	}
	return nil
}

// eraser is the executor over g's real store, key ring and codec, with
// facts for the planner's holds and the streams SubjectRecords knows.
type eraser struct {
	*gdprcmd.EraseSubjectHandler
	docs   *documentsOf
	ledger *ledger
}

func newEraser(t *testing.T, g *gdprWorld, facts factsOf, streams ...string) eraser {
	t.Helper()
	e := eraser{docs: &documentsOf{n: map[string]int64{}},
		ledger: &ledger{opened: map[string]gdprcmd.ErasureOpening{}, keys: map[string]gdprcmd.KeyTombstone{}}}
	var err error
	e.EraseSubjectHandler, err = gdprcmd.NewEraseSubjectHandler(gdprcmd.EraseSubjectDeps{
		Subjects: g.subjects, Requests: g.requests, Planner: erasureHandler(t, g, facts),
		Shredder: keyShredder{g.Keyring}, Documents: e.docs, Ledger: e.ledger,
		Records: records{streams: streams, rows: map[string]int64{"contacts": 1}}, Mentions: noMentions{}, HeldMail: noHeldMail{}})
	must(t, err)
	return e
}

// noMentions stands for a firm whose other records never name the person
// (the mentions themselves are tested over the real read models, in
// internal/erasure and http).
type noMentions struct{}

func (noMentions) MentionsOf(context.Context, string) ([]gdprcmd.Mention, error) { return nil, nil }

// noHeldMail stands for an empty filing queue (held mail is tested over
// the real queue, in internal/mailin).
type noHeldMail struct{}

func (noHeldMail) HeldMailOf(context.Context, []string) (int64, error) { return 0, nil }

// approvedErasure registers a person with an approved erasure request.
func approvedErasure(t *testing.T, g *gdprWorld) (subject, requestID string) {
	t.Helper()
	subject = g.person(t)
	req := verify(t, g, receive(t, g, subject, gdpr.KindErasure))
	plan, err := erasureHandler(t, g, factsOf{}).Handle(context.Background(), gdprcmd.RequestErasure{Actor: staff, RequestID: req.RequestID})
	must(t, err)
	if !plan.Approved {
		t.Fatalf("plan %+v", plan)
	}
	return subject, req.RequestID
}
