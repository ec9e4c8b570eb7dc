package gdpr

import (
	"github.com/klient-crm/klient/domain"
	"github.com/klient-crm/klient/domain/work"
)

// Subject is the aggregate of one data subject's register entries, on the
// subject's own stream. NewSubject gives the state before the first event;
// the decision methods (RecordBasis, GiveConsent, Object, Restrict,
// PlanErasure, …) return the events that would record a change without
// applying them, and Apply is the only code that changes the state. No
// events and no error means the subject already is as asked.
type Subject struct {
	state    SubjectState
	bases    map[string]LawfulBasisRecorded // as recorded, to tell a retry from a clash
	consents map[string]ConsentGiven
	erasures map[string]*erasurePlan // by request ID
	recorded bool                    // SubjectErased is in the stream
	applied  uint64
}

// erasurePlan is how far one erasure request has come.
type erasurePlan struct {
	requested, approved bool
	approvedBy          string
	due                 work.Date // zero: not scheduled
}

// NewSubject returns subject id's aggregate before its first event.
func NewSubject(id string) *Subject {
	return &Subject{
		state:    SubjectState{SubjectID: id},
		bases:    map[string]LawfulBasisRecorded{},
		consents: map[string]ConsentGiven{},
		erasures: map[string]*erasurePlan{},
	}
}

// Exists reports whether anything has been recorded for the subject.
func (s *Subject) Exists() bool { return s.applied > 0 }

// Version is the stream version of the last applied event (meaningful only
// when Exists).
func (s *Subject) Version() uint64 { return s.applied - 1 }

// ID is the subject's ID (their contact's ID).
func (s *Subject) ID() string { return s.state.SubjectID }

// State is a copy of what the register knows, for the policy functions.
func (s *Subject) State() SubjectState {
	st := s.state
	st.Bases = append([]BasisRecord(nil), st.Bases...)
	st.Consents = append([]ConsentRecord(nil), st.Consents...)
	st.Objections = append([]ObjectionRecord(nil), st.Objections...)
	return st
}

// ErasureDue is the day request's scheduled erasure falls due (zero: none).
func (s *Subject) ErasureDue(requestID string) work.Date {
	if p := s.erasures[requestID]; p != nil {
		return p.due
	}
	return work.Date{}
}

// ErasureApproved reports an approved, not yet executed erasure.
func (s *Subject) ErasureApproved(requestID string) bool {
	p := s.erasures[requestID]
	return p != nil && p.approved
}

// changeable is the first check of every decision: a subject whose key is
// gone has nothing left to record.
func (s *Subject) changeable() error {
	if s.state.Erased {
		return domain.Erased("this data subject has been erased").WithCode("gdpr.subject.erased")
	}
	return nil
}

// erasedRecorded reports that SubjectErased is already in the stream.
func (s *Subject) erasedRecorded() bool { return s.recorded }

func (s *Subject) plan(requestID string) *erasurePlan {
	p := s.erasures[requestID]
	if p == nil {
		p = &erasurePlan{}
		s.erasures[requestID] = p
	}
	return p
}
