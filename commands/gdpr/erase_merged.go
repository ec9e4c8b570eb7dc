package gdpr

import (
	"context"
	"slices"
	"time"

	contactcmd "github.com/klient-crm/klient/commands/contact"
	"github.com/klient-crm/klient/commands/journal"
	"github.com/klient-crm/klient/domain"
	domaingdpr "github.com/klient-crm/klient/domain/gdpr"
)

// eraseMerged erases, with the subject, every contact merged into it and
// those merged into them in turn (issue 14): they were one person, whose
// data the survivor's pages and access package hold together, so the
// survivor's erasure destroys each merged contact's key, deletes their
// documents and records SubjectErased in their stream, on which every
// read model blanks what it opened from them. It runs while the
// survivor's key still exists (its stream names whom it absorbed), and
// each step may be repeated after a crash. The certificate counts their
// rows, events and documents with the survivor's (open).
func (h *EraseSubjectHandler) eraseMerged(ctx context.Context, actor journal.Actor, subject, requestID string) error {
	survivor, _, err := h.d.Subjects.load(ctx, subject)
	if err != nil {
		return err
	}
	merged, err := h.absorbed(ctx, subject)
	if err != nil {
		return err
	}
	for _, id := range merged {
		ts, err := h.d.Shredder.Shred(ctx, id)
		if err != nil {
			return journal.AsDomainError(err)
		}
		if _, err := h.d.Documents.EraseDocuments(ctx, id); err != nil {
			return journal.AsDomainError(err)
		}
		_, err = h.appendErased(ctx, actor, id, ts, func(s *domaingdpr.Subject, at time.Time, fingerprint string) ([]domain.Event, error) {
			return s.RecordMergedErasure(survivor, requestID, at, fingerprint)
		})
		if err != nil {
			return err
		}
	}
	return nil
}

// absorbed lists the contacts merged into id, transitively, from the
// contacts' own streams (the log, not a read model that may lag).
func (h *EraseSubjectHandler) absorbed(ctx context.Context, id string) ([]string, error) {
	var out []string
	queue := []string{id}
	seen := map[string]bool{id: true}
	for len(queue) > 0 {
		c, _, err := contactcmd.Load(ctx, &h.d.Subjects.journal, queue[0])
		if err != nil {
			return nil, err
		}
		queue = queue[1:]
		for _, m := range slices.Sorted(slices.Values(c.Absorbed())) {
			if !seen[m] {
				seen[m] = true
				out = append(out, m)
				queue = append(queue, m)
			}
		}
	}
	return out, nil
}
