package gdpr

import (
	"context"
	"time"

	"github.com/klient-crm/klient/commands/journal"
	"github.com/klient-crm/klient/domain"
	domaingdpr "github.com/klient-crm/klient/domain/gdpr"
)

// RecordLawfulBasis records why the firm may process a subject's data for
// a purpose (art. 6). The actor is recorded as RecordedBy.
type RecordLawfulBasis struct {
	Actor     journal.Actor
	SubjectID string // the contact's ID
	// BasisID is optional: a client that chooses the UUID itself can
	// safely resend after a timeout.
	BasisID string
	Basis   domaingdpr.Basis
	Purpose string // one of the firm's purposes
	Note    string // the balancing test; required for legitimate interest; sealed
}

// RecordLawfulBasisHandler handles RecordLawfulBasis.
type RecordLawfulBasisHandler struct{ subjects *Subjects }

// NewRecordLawfulBasisHandler returns the handler.
func NewRecordLawfulBasisHandler(subjects *Subjects) (*RecordLawfulBasisHandler, error) {
	if err := requireSubjects("NewRecordLawfulBasisHandler", subjects); err != nil {
		return nil, err
	}
	return &RecordLawfulBasisHandler{subjects: subjects}, nil
}

// Handle records the basis; the result's RecordID is the basis ID.
func (h *RecordLawfulBasisHandler) Handle(ctx context.Context, cmd RecordLawfulBasis) (SubjectResult, error) {
	id, err := journal.NewID(cmd.BasisID, domain.Invalid("basis_id", "a basis ID is a UUID").WithCode("gdpr.basis.id"))
	if err != nil {
		return SubjectResult{}, err
	}
	b := domaingdpr.LawfulBasisRecorded{BasisID: id, Basis: cmd.Basis, Purpose: cmd.Purpose, Note: cmd.Note, RecordedBy: cmd.Actor.ID}
	res, err := h.subjects.decide(ctx, cmd.Actor, cmd.SubjectID, plain(func(s *domaingdpr.Subject, _ time.Time) ([]domain.Event, error) {
		return s.RecordBasis(h.subjects.purposes, b)
	}))
	res.RecordID = recordID(id, err)
	return res, err
}
