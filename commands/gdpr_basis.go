package commands

import (
	"context"
	"time"

	"github.com/klient-crm/klient/domain"
	"github.com/klient-crm/klient/domain/gdpr"
)

// RecordLawfulBasis records why the firm may process a subject's data for
// a purpose (art. 6). The actor is recorded as RecordedBy.
type RecordLawfulBasis struct {
	Actor     Actor
	SubjectID string // the contact's ID
	// BasisID is optional: a client that chooses the UUID itself can
	// safely resend after a timeout.
	BasisID string
	Basis   gdpr.Basis
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
	id, err := newID(cmd.BasisID, domain.Invalid("basis_id", "a basis ID is a UUID").WithCode("gdpr.basis.id"))
	if err != nil {
		return SubjectResult{}, err
	}
	b := gdpr.LawfulBasisRecorded{BasisID: id, Basis: cmd.Basis, Purpose: cmd.Purpose, Note: cmd.Note, RecordedBy: cmd.Actor.ID}
	res, err := h.subjects.decide(ctx, cmd.Actor, cmd.SubjectID, plain(func(s *gdpr.Subject, _ time.Time) ([]domain.Event, error) {
		return s.RecordBasis(h.subjects.purposes, b)
	}))
	res.RecordID = recordID(id, err)
	return res, err
}

// EndLawfulBasis records that a basis no longer applies.
type EndLawfulBasis struct {
	Actor     Actor
	SubjectID string
	BasisID   string
	Reason    string // required; sealed
}

// EndLawfulBasisHandler handles EndLawfulBasis.
type EndLawfulBasisHandler struct{ subjects *Subjects }

// NewEndLawfulBasisHandler returns the handler.
func NewEndLawfulBasisHandler(subjects *Subjects) (*EndLawfulBasisHandler, error) {
	if err := requireSubjects("NewEndLawfulBasisHandler", subjects); err != nil {
		return nil, err
	}
	return &EndLawfulBasisHandler{subjects: subjects}, nil
}

// Handle ends the basis; an ended basis stays as it is.
func (h *EndLawfulBasisHandler) Handle(ctx context.Context, cmd EndLawfulBasis) (SubjectResult, error) {
	basisID := canonicalID(cmd.BasisID)
	return h.subjects.decide(ctx, cmd.Actor, cmd.SubjectID, plain(func(s *gdpr.Subject, _ time.Time) ([]domain.Event, error) {
		return s.EndBasis(basisID, cmd.Reason)
	}))
}

// recordID is the ID a recording chose, or nothing when it failed.
func recordID(id string, err error) string {
	if err != nil {
		return ""
	}
	return id
}
