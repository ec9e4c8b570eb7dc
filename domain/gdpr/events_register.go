package gdpr

import "time"

// Sealed free text carries omitempty: an event with nothing to seal can
// still be written once the subject's key is gone (say, the last word on a
// request after the erasure it asked for).

// LawfulBasisRecorded: the firm processes the subject's data for Purpose on
// Basis. For legitimate interest, Note is the balancing test (required).
type LawfulBasisRecorded struct {
	SubjectID  string `json:"subject_id"`
	BasisID    string `json:"basis_id"`
	Basis      Basis  `json:"basis"`
	Purpose    string `json:"purpose"`
	Note       string `json:"note,omitempty" personal:"SubjectID"`
	RecordedBy string `json:"recorded_by"` // staff ID
}

// LawfulBasisEnded: the basis no longer applies (the contract ended, the
// obligation lapsed). Reason may name people, so it is sealed.
type LawfulBasisEnded struct {
	SubjectID string `json:"subject_id"`
	BasisID   string `json:"basis_id"`
	Reason    string `json:"reason,omitempty" personal:"SubjectID"`
}

// ConsentGiven: the subject consented to Purpose within Scope at GivenAt
// (art. 7.1: the firm must be able to show it). Scope and Where are the
// firm's own words about its offer and channel; Evidence is sealed.
//
// Scope and Where describe the person's own consent ("newsletters about
// employment law", "the form at our seminar in Umeå") and are sealed with
// their key. Events written before they were sealed carry them in the
// clear under "scope" and "where" (LegacyScope, LegacyWhere): Normalised
// reads either.
type ConsentGiven struct {
	SubjectID   string        `json:"subject_id"`
	ConsentID   string        `json:"consent_id"`
	Purpose     string        `json:"purpose"`
	Scope       string        `json:"scope_sealed,omitempty" personal:"SubjectID"`
	GivenAt     time.Time     `json:"given_at"`
	How         ConsentMethod `json:"how"`
	Where       string        `json:"where_sealed,omitempty" personal:"SubjectID"`
	Evidence    string        `json:"evidence,omitempty" personal:"SubjectID"`
	LegacyScope string        `json:"scope,omitempty"`
	LegacyWhere string        `json:"where,omitempty"`
}

// Normalised is the consent as it was given, whichever shape it was
// written in.
func (e ConsentGiven) Normalised() ConsentGiven {
	if e.Scope == "" {
		e.Scope = e.LegacyScope
	}
	if e.Where == "" {
		e.Where = e.LegacyWhere
	}
	e.LegacyScope, e.LegacyWhere = "", ""
	return e
}

// ConsentWithdrawn: the consent ends (art. 7.3), recorded by staff or by
// the subject through a withdrawal link.
type ConsentWithdrawn struct {
	SubjectID   string    `json:"subject_id"`
	ConsentID   string    `json:"consent_id"`
	WithdrawnAt time.Time `json:"withdrawn_at"`
	Via         Via       `json:"via"`
}

// ObjectionRecorded: the subject objects (art. 21). An objection to direct
// marketing is final: the subject never reaches a campaign again.
type ObjectionRecorded struct {
	SubjectID string      `json:"subject_id"`
	To        ObjectionTo `json:"to"`
	Reason    string      `json:"reason,omitempty" personal:"SubjectID"`
}
