package gdpr

import (
	"context"
	"time"

	"github.com/klient-crm/klient/commands/journal"
	"github.com/klient-crm/klient/domain"
	domaingdpr "github.com/klient-crm/klient/domain/gdpr"
	"github.com/klient-crm/klient/eventstore"
)

// open counts what the erasure is about to make unreadable or remove, into
// res and the certificate, while the keys still exist: the subject's and
// those of the contacts merged into it, which the erasure destroys too
// (eraseMerged), so the certificate counts their events, rows and
// documents with the subject's.
func (h *EraseSubjectHandler) open(ctx context.Context, actor journal.Actor, res *ErasureResult) error {
	merged, err := h.absorbed(ctx, res.SubjectID)
	if err != nil {
		return err
	}
	subjects := append([]string{res.SubjectID}, merged...)
	if res.EventsUnreadable, err = h.sealedEvents(ctx, subjects); err != nil {
		return err
	}
	res.RowsErased = map[string]int64{}
	var docs int64
	for _, subject := range subjects {
		rows, err := h.d.Records.RowsOf(ctx, subject)
		if err != nil {
			return journal.AsDomainError(err)
		}
		for model, n := range rows {
			res.RowsErased[model] += n
		}
		n, err := h.d.Documents.DocumentsOf(ctx, subject)
		if err != nil {
			return journal.AsDomainError(err)
		}
		docs += n
	}
	if res.HeldMailDestroyed, err = h.d.HeldMail.HeldMailOf(ctx, subjects); err != nil {
		return journal.AsDomainError(err)
	}
	// The mentions are looked for now: once the key is gone, nothing says
	// what the person was called.
	if res.Mentions, err = h.d.Mentions.MentionsOf(ctx, res.SubjectID); err != nil {
		return journal.AsDomainError(err)
	}
	return journal.AsNilOrDomain(h.d.Ledger.Open(ctx, ErasureOpening{ErasureID: res.RequestID, SubjectID: res.SubjectID,
		ExecutedBy: actor.ID, StartedAt: h.d.Subjects.journal.Now(), EventsUnreadable: res.EventsUnreadable,
		RowsErased: res.RowsErased, Documents: docs, HeldMail: res.HeldMailDestroyed, Mentions: res.Mentions}))
}

// recordErased appends SubjectErased to the subject's stream, once. It
// decides without the contact check every other subject command makes:
// the contact reads as erased by now, which is the point.
func (h *EraseSubjectHandler) recordErased(ctx context.Context, actor journal.Actor, subject, requestID string, ts KeyTombstone) (eventstore.Position, error) {
	return h.appendErased(ctx, actor, subject, ts, func(s *domaingdpr.Subject, at time.Time, fingerprint string) ([]domain.Event, error) {
		return s.RecordErasure(requestID, at, fingerprint)
	})
}

// appendErased appends to subject's stream what record decides of the
// destroyed key ts (when it went, its fingerprint), retrying a lost race:
// the survivor's SubjectErased and each merged contact's (eraseMerged).
func (h *EraseSubjectHandler) appendErased(ctx context.Context, actor journal.Actor, subject string, ts KeyTombstone,
	record func(s *domaingdpr.Subject, at time.Time, fingerprint string) ([]domain.Event, error)) (eventstore.Position, error) {
	at := ts.ShreddedAt
	if at.IsZero() {
		at = h.d.Subjects.journal.Now()
	}
	fingerprint := ts.Fingerprint
	if fingerprint == "" {
		fingerprint = "no-key" // nothing was ever sealed for the subject: there was no key to destroy
	}
	decide := plain(func(s *domaingdpr.Subject, _ time.Time) ([]domain.Event, error) {
		return record(s, at, fingerprint)
	})
	for attempt := 1; ; attempt++ {
		res, _, err := h.d.Subjects.decideOnce(ctx, actor, subject, decide)
		if journal.IsStale(err) && attempt < maxSubjectAttempts {
			continue
		}
		return res.Position, err
	}
}

// completeRequest answers the request, if still open, with no outcome:
// there is no key left to seal one with. A request answered long ago (a
// scheduled erasure's) stays as it was.
func (h *EraseSubjectHandler) completeRequest(ctx context.Context, actor journal.Actor, requestID string) error {
	load := h.d.Requests.loader(requestID)
	for attempt := 1; ; attempt++ {
		req, sp, err := load(ctx)
		if err != nil || req.Status() != domaingdpr.StatusOpen {
			return err
		}
		_, err = journal.ChangeOn(ctx, &h.d.Requests.journal, actor, requestStream(requestID), sp.Version, load,
			func(r *domaingdpr.Request, now time.Time) ([]domain.Event, error) { return r.Complete("", now) })
		if !journal.IsStale(err) || attempt == maxSubjectAttempts {
			return err
		}
	}
}
