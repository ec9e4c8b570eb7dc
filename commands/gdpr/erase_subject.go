package gdpr

import (
	"context"
	"errors"

	"github.com/klient-crm/klient/commands/journal"
	"github.com/klient-crm/klient/eventstore"
)

// EraseSubject carries out an approved erasure (art. 17): the subject's
// key is destroyed, their documents deleted and SubjectErased recorded, on
// which every read model blanks what it opened from them.
type EraseSubject struct {
	Actor     journal.Actor
	SubjectID string // optional: when given, it must be the request's subject
	RequestID string // an erasure request with ErasureApproved, or a scheduled one now due
}

// ErasureResult is what an erasure did; the counts hold no personal data.
type ErasureResult struct {
	SubjectID        string
	RequestID        string
	Tombstone        KeyTombstone
	EventsUnreadable map[string]int64 // as counted before the key went (see ErasureOpening)
	RowsErased       map[string]int64
	DocumentsDeleted int64 // by this run: a retry finds none left
	// HeldMailDestroyed counts the held incoming e-mail from or to their
	// addresses, counted before it went with the key (HeldMail).
	HeldMailDestroyed int64
	Mentions          []Mention // found before the key went: what the DPO may redact
	// Position is SubjectErased's: wait for every projector to pass it
	// before checking that nothing is left.
	Position eventstore.Position
}

// EraseSubjectDeps are the executor's collaborators, all required.
type EraseSubjectDeps struct {
	Subjects  *Subjects
	Requests  *Requests
	Planner   *RequestErasureHandler // weighs a scheduled erasure's holds again on its day
	Shredder  Shredder
	Documents DocumentEraser
	Records   SubjectRecords
	Ledger    ErasureLedger
	Mentions  MentionFinder
	HeldMail  HeldMail
}

// EraseSubjectHandler handles EraseSubject.
type EraseSubjectHandler struct{ d EraseSubjectDeps }

// NewEraseSubjectHandler returns the executor.
func NewEraseSubjectHandler(d EraseSubjectDeps) (*EraseSubjectHandler, error) {
	if d.Subjects == nil || d.Requests == nil || d.Planner == nil || d.Shredder == nil || d.Documents == nil ||
		d.Records == nil || d.Ledger == nil || d.Mentions == nil || d.HeldMail == nil {
		return nil, errors.New("commands.NewEraseSubjectHandler: every dependency is required")
	}
	return &EraseSubjectHandler{d: d}, nil
}

// Handle erases. Each step may be repeated: after a crash anywhere, the
// same command finishes the job (the key is shredded once, the first
// tombstone stays, the request is completed and SubjectErased recorded
// once, the certificate keeps the counts taken while the key existed). Refusals: the request is
// unknown ("gdpr.request.not_found"), not an erasure
// ("gdpr.erasure.not_erasure_request"), about someone else
// ("gdpr.erasure.wrong_subject"), not approved and not due
// ("gdpr.erasure.not_approved"), or still held (RequestErasure's refusal).
func (h *EraseSubjectHandler) Handle(ctx context.Context, cmd EraseSubject) (ErasureResult, error) {
	subject, requestID, err := h.approved(ctx, cmd)
	if err != nil {
		return ErasureResult{}, err
	}
	res := ErasureResult{SubjectID: subject, RequestID: requestID}
	if err := h.open(ctx, cmd.Actor, &res); err != nil {
		return ErasureResult{}, err
	}
	if err := h.eraseMerged(ctx, cmd.Actor, subject, requestID); err != nil {
		return ErasureResult{}, err
	}
	if res.Tombstone, err = h.d.Shredder.Shred(ctx, subject); err != nil {
		return ErasureResult{}, journal.AsDomainError(err)
	}
	if err := h.d.Ledger.KeyDestroyed(ctx, requestID, res.Tombstone); err != nil {
		return ErasureResult{}, journal.AsDomainError(err)
	}
	if res.DocumentsDeleted, err = h.d.Documents.EraseDocuments(ctx, subject); err != nil {
		return ErasureResult{}, journal.AsDomainError(err)
	}
	// The request is answered before SubjectErased closes the erasure in
	// the schedule: a crash between the two leaves it listed as due, and
	// the scheduler's retry records what is missing.
	if err := h.completeRequest(ctx, cmd.Actor, requestID); err != nil {
		return ErasureResult{}, err
	}
	res.Position, err = h.recordErased(ctx, cmd.Actor, subject, requestID, res.Tombstone)
	return res, err
}
