package gdpr

import "github.com/klient-crm/klient/domain"

// Apply evolves the state by one event of the subject's stream, in order.
// It never fails: events are facts, already decided. An event of another
// kind only counts.
func (s *Subject) Apply(ev domain.Event) {
	s.applied++
	switch e := ev.(type) {
	case LawfulBasisRecorded:
		s.bases[e.BasisID] = e
		s.state.Bases = append(s.state.Bases, BasisRecord{BasisID: e.BasisID, Basis: e.Basis,
			Purpose: e.Purpose, Note: e.Note, RecordedBy: e.RecordedBy})
	case LawfulBasisEnded:
		s.endBasis(e)
	case ConsentGiven:
		e = e.Normalised()
		s.consents[e.ConsentID] = e
		s.state.Consents = append(s.state.Consents, ConsentRecord{ConsentID: e.ConsentID, Purpose: e.Purpose,
			Scope: e.Scope, GivenAt: e.GivenAt, How: e.How, Where: e.Where, Evidence: e.Evidence})
	case ConsentWithdrawn:
		s.withdraw(e)
	case ObjectionRecorded:
		s.state.Objections = append(s.state.Objections, ObjectionRecord{To: e.To, Reason: e.Reason})
	default:
		s.applyRights(ev)
	}
}

// applyRights is Apply for restrictions and erasure.
func (s *Subject) applyRights(ev domain.Event) {
	switch e := ev.(type) {
	case RestrictionApplied:
		s.state.Restriction = Restriction{Active: true, RequestID: e.RequestID, Reason: e.Reason, Until: e.Until}
	case RestrictionLifted:
		s.state.Restriction = Restriction{}
	case ErasureRequested:
		s.plan(e.RequestID).requested = true
	case ErasureScheduled:
		s.plan(e.RequestID).due = e.At
	case ErasureApproved:
		p := s.plan(e.RequestID)
		p.approved, p.approvedBy = true, e.ApprovedBy
	case SubjectErased:
		s.state.Erased, s.recorded = true, true
	}
}

// ApplyErased applies an event whose sealed fields could not be opened
// because the subject's key was destroyed: from then on the subject
// refuses every change.
func (s *Subject) ApplyErased(ev domain.Event) {
	s.state.Erased = true
	s.Apply(ev)
}

func (s *Subject) endBasis(e LawfulBasisEnded) {
	for i := range s.state.Bases {
		if b := &s.state.Bases[i]; b.BasisID == e.BasisID {
			b.Ended, b.EndReason = true, e.Reason
		}
	}
}

func (s *Subject) withdraw(e ConsentWithdrawn) {
	for i := range s.state.Consents {
		if c := &s.state.Consents[i]; c.ConsentID == e.ConsentID {
			c.Withdrawn, c.WithdrawnAt, c.Via = true, e.WithdrawnAt, e.Via
		}
	}
}
