package gdpr_test

import (
	"context"
	"testing"
	"time"

	gdprcmd "github.com/klient-crm/klient/commands/gdpr"
	"github.com/klient-crm/klient/commands/journal"
	"github.com/klient-crm/klient/domain"
	"github.com/klient-crm/klient/domain/contact"
	"github.com/klient-crm/klient/domain/gdpr"
	"github.com/klient-crm/klient/eventstore"
)

func TestEraseSubjectDestroysTheKeyAndRecordsIt(t *testing.T) {
	t.Parallel()
	g := newGDPRWorld(t)
	ctx := context.Background()
	subject, requestID := approvedErasure(t, g)
	e := newEraser(t, g, factsOf{}, gdpr.RequestStreamName(requestID))
	e.docs.n[subject] = 2

	res, err := e.Handle(ctx, gdprcmd.EraseSubject{Actor: staff, SubjectID: subject, RequestID: requestID})
	must(t, err)
	if res.Tombstone.Fingerprint == "" || res.DocumentsDeleted != 2 || res.EventsUnreadable[contact.StreamName(subject)] != 1 ||
		res.EventsUnreadable[gdpr.RequestStreamName(requestID)] != 2 || res.Position == eventstore.Start {
		t.Fatalf("result %+v", res)
	}
	if gone, err := g.Keyring.IsShredded(ctx, subject); err != nil || !gone {
		t.Fatalf("key shredded = %v, %v", gone, err)
	}
	evs := g.decoded(t, gdpr.SubjectStreamName(subject))
	erased, ok := evs[len(evs)-1].Event.(gdpr.SubjectErased)
	if !ok || erased.KeyTombstone != res.Tombstone.Fingerprint || erased.RequestID != requestID || erased.ApprovedBy != staff.ID {
		t.Fatalf("last subject event %+v", evs[len(evs)-1].Event)
	}
	if got := g.typesOf(t, gdpr.RequestStreamName(requestID)); got[len(got)-1] != gdpr.TypeRequestCompleted {
		t.Fatalf("request stream %v", got)
	}
	opening := e.ledger.opened[requestID]
	if opening.SubjectID != subject || opening.Documents != 2 || opening.RowsErased["contacts"] != 1 ||
		e.ledger.keys[requestID].Fingerprint != res.Tombstone.Fingerprint {
		t.Fatalf("certificate: %+v, %+v", opening, e.ledger.keys)
	}
}

// A retry (after a crash, or by a second scheduler) finishes what is left
// and changes nothing that was done: one SubjectErased, the first
// tombstone, the counts taken while the key existed.
func TestEraseSubjectIsIdempotent(t *testing.T) {
	t.Parallel()
	g := newGDPRWorld(t)
	ctx := context.Background()
	subject, requestID := approvedErasure(t, g)
	e := newEraser(t, g, factsOf{})
	first, err := e.Handle(ctx, gdprcmd.EraseSubject{Actor: staff, RequestID: requestID})
	must(t, err)
	before := len(g.typesOf(t, gdpr.SubjectStreamName(subject)))
	again, err := e.Handle(ctx, gdprcmd.EraseSubject{Actor: staff, RequestID: requestID})
	must(t, err)
	if after := len(g.typesOf(t, gdpr.SubjectStreamName(subject))); after != before {
		t.Fatalf("a retry appended %d events", after-before)
	}
	if again.Tombstone.Fingerprint != first.Tombstone.Fingerprint || again.Position != first.Position {
		t.Fatalf("retry %+v, first %+v", again, first)
	}
	if e.ledger.opened[requestID].EventsUnreadable[contact.StreamName(subject)] != 1 {
		t.Fatalf("the retry overwrote the counts: %+v", e.ledger.opened[requestID])
	}
}

func TestEraseSubjectRefusals(t *testing.T) {
	t.Parallel()
	g := newGDPRWorld(t)
	ctx := context.Background()
	subject := g.person(t)
	unapproved := verify(t, g, receive(t, g, subject, gdpr.KindErasure))
	access := verify(t, g, receive(t, g, subject, gdpr.KindAccess))
	e := newEraser(t, g, factsOf{})

	_, err := e.Handle(ctx, gdprcmd.EraseSubject{Actor: staff, RequestID: unapproved.RequestID})
	refusedWith(t, err, domain.KindConflict, "gdpr.erasure.not_approved")
	_, err = e.Handle(ctx, gdprcmd.EraseSubject{Actor: staff, RequestID: access.RequestID})
	refusedWith(t, err, domain.KindInvalid, "gdpr.erasure.not_erasure_request")
	_, err = e.Handle(ctx, gdprcmd.EraseSubject{Actor: staff, SubjectID: g.person(t), RequestID: unapproved.RequestID})
	refusedWith(t, err, domain.KindInvalid, "gdpr.erasure.wrong_subject")
	_, err = e.Handle(ctx, gdprcmd.EraseSubject{RequestID: unapproved.RequestID})
	refusedWith(t, err, domain.KindForbidden, "auth.actor_required")
	if gone, _ := g.Keyring.IsShredded(ctx, subject); gone || e.ledger.openings != 0 {
		t.Fatalf("a refused erasure shredded (%v) or opened a certificate (%d)", gone, e.ledger.openings)
	}
}

// A client's erasure is held by their closed matter's file: it is
// scheduled, refused until its day, and carried out on it.
func TestScheduledErasureRunsOnItsDay(t *testing.T) {
	t.Parallel()
	g := newGDPRWorld(t)
	ctx := context.Background()
	subject := g.person(t)
	closed := time.Date(2020, time.June, 1, 12, 0, 0, 0, time.UTC)
	facts := factsOf{subject: {SubjectID: subject, Matters: []gdpr.MatterFact{{MatterID: "m1", Client: true, ClosedAt: closed}}}}
	req := verify(t, g, receive(t, g, subject, gdpr.KindErasure))
	_, err := erasureHandler(t, g, facts).Handle(ctx, gdprcmd.RequestErasure{Actor: staff, RequestID: req.RequestID})
	refusedWith(t, err, domain.KindConflict, "gdpr.erasure.held")
	e := newEraser(t, g, facts)
	scheduler := journal.Actor{ID: "erasure-scheduler"}

	_, err = e.Handle(ctx, gdprcmd.EraseSubject{Actor: scheduler, RequestID: req.RequestID})
	refusedWith(t, err, domain.KindConflict, "gdpr.erasure.not_approved")
	g.clock = time.Date(2030, time.June, 2, 3, 0, 0, 0, time.UTC) // the day after ten years
	res, err := e.Handle(ctx, gdprcmd.EraseSubject{Actor: scheduler, RequestID: req.RequestID})
	must(t, err)
	if res.Tombstone.Fingerprint == "" {
		t.Fatalf("result %+v", res)
	}
	if got := g.typesOf(t, gdpr.SubjectStreamName(subject)); got[len(got)-1] != gdpr.TypeSubjectErased {
		t.Fatalf("subject stream %v", got)
	}
}
