package gdpr

import (
	"context"
	"time"

	"github.com/klient-crm/klient/commands/journal"
	"github.com/klient-crm/klient/domain"
	domaingdpr "github.com/klient-crm/klient/domain/gdpr"
)

// RecordObjection records a subject's objection (art. 21). One to direct
// marketing is final: the subject never reaches a campaign again.
type RecordObjection struct {
	Actor     journal.Actor
	SubjectID string
	To        domaingdpr.ObjectionTo // direct_marketing or processing
	Reason    string                 // the subject's grounds; required for processing; sealed
}

// RecordObjectionHandler handles RecordObjection.
type RecordObjectionHandler struct{ subjects *Subjects }

// NewRecordObjectionHandler returns the handler.
func NewRecordObjectionHandler(subjects *Subjects) (*RecordObjectionHandler, error) {
	if err := requireSubjects("NewRecordObjectionHandler", subjects); err != nil {
		return nil, err
	}
	return &RecordObjectionHandler{subjects: subjects}, nil
}

// Handle records the objection; objecting again to the same thing
// changes nothing.
func (h *RecordObjectionHandler) Handle(ctx context.Context, cmd RecordObjection) (SubjectResult, error) {
	return h.subjects.decide(ctx, cmd.Actor, cmd.SubjectID, plain(func(s *domaingdpr.Subject, _ time.Time) ([]domain.Event, error) {
		return s.Object(cmd.To, cmd.Reason)
	}))
}
