package gdpr

import (
	"github.com/klient-crm/klient/commands/journal"
	"github.com/klient-crm/klient/domain"
	domaingdpr "github.com/klient-crm/klient/domain/gdpr"
)

// FirstBasis decides the first entry of a new contact's register, the
// lawful basis, for a contact the caller registers in the same write (an
// import, through contact's CreateNew): the subject decides on an empty
// register, without reading the contact's and the register's streams,
// which the caller knows to be new. RecordLawfulBasis is the command for
// any other case.
func (h *RecordLawfulBasisHandler) FirstBasis(cmd RecordLawfulBasis) (journal.NewStream, error) {
	if err := cmd.Actor.Check(); err != nil {
		return journal.NewStream{}, err
	}
	id, err := existingSubjectID(cmd.SubjectID)
	if err != nil {
		return journal.NewStream{}, err
	}
	basisID, err := journal.NewID(cmd.BasisID, domain.Invalid("basis_id", "a basis ID is a UUID").WithCode("gdpr.basis.id"))
	if err != nil {
		return journal.NewStream{}, err
	}
	events, err := domaingdpr.NewSubject(id).RecordBasis(h.subjects.purposes, domaingdpr.LawfulBasisRecorded{BasisID: basisID,
		Basis: cmd.Basis, Purpose: cmd.Purpose, Note: cmd.Note, RecordedBy: cmd.Actor.ID})
	return journal.NewStream{Stream: subjectStream(id), Events: events}, err
}
