package gdpr

import "github.com/klient-crm/klient/domain"

// RecordBasis decides to record lawful basis b for the subject (its
// SubjectID is filled in). A legitimate interest needs its balancing test
// in Note (art. 6.1 f: the firm's interest weighed against the subject's).
// Recording the same basis again under its ID decides nothing (a retry);
// other terms under that ID are a conflict.
func (s *Subject) RecordBasis(purposes Purposes, b LawfulBasisRecorded) ([]domain.Event, error) {
	if err := s.changeable(); err != nil {
		return nil, err
	}
	b.SubjectID = s.state.SubjectID
	b, err := checkBasis(purposes, b)
	if err != nil {
		return nil, err
	}
	if prev, ok := s.bases[b.BasisID]; ok {
		if prev != b {
			return nil, domain.Conflict("another lawful basis is recorded under this ID").WithCode("gdpr.basis.id_taken")
		}
		return nil, nil
	}
	return []domain.Event{b}, nil
}

func checkBasis(purposes Purposes, b LawfulBasisRecorded) (LawfulBasisRecorded, error) {
	var noteErr error
	b.Note, noteErr = cleanBlock("note", b.Note, false)
	if noteErr == nil && b.Basis == BasisLegitimateInterest && b.Note == "" {
		noteErr = domain.Invalid("note", "a legitimate interest needs its balancing test").WithCode("gdpr.basis.balancing_note_required")
	}
	return b, domain.JoinProblems(
		checkID(b.BasisID, notAnID("basis_id").WithCode("gdpr.basis.id")),
		oneOf(b.Basis, Bases, notListed("basis").WithCode("gdpr.basis.unknown")),
		purposes.check("purpose", b.Purpose),
		noteErr,
		checkID(b.RecordedBy, notAnID("recorded_by").WithCode("gdpr.actor.id")),
	)
}

// EndBasis decides that basis basisID no longer applies, for reason
// (required). An ended basis decides nothing.
func (s *Subject) EndBasis(basisID, reason string) ([]domain.Event, error) {
	if err := s.changeable(); err != nil {
		return nil, err
	}
	if _, ok := s.bases[basisID]; !ok {
		return nil, domain.NotFound("there is no such lawful basis").WithCode("gdpr.basis.not_found")
	}
	reason, err := cleanBlock("reason", reason, true)
	if err != nil || s.basisEnded(basisID) {
		return nil, err
	}
	return []domain.Event{LawfulBasisEnded{SubjectID: s.state.SubjectID, BasisID: basisID, Reason: reason}}, nil
}

func (s *Subject) basisEnded(basisID string) bool {
	for _, b := range s.state.Bases {
		if b.BasisID == basisID {
			return b.Ended
		}
	}
	return false
}
