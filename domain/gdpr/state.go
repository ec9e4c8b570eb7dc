package gdpr

import (
	"time"

	"github.com/klient-crm/klient/domain/work"
)

// SubjectState is what the register knows of one data subject: what the
// policy functions read. The Subject aggregate keeps one, and the gdpr
// read model returns one (with the times the aggregate does not keep).
type SubjectState struct {
	SubjectID   string
	Bases       []BasisRecord     // oldest first, ended ones too
	Consents    []ConsentRecord   // full history, oldest first
	Objections  []ObjectionRecord // oldest first
	Restriction Restriction
	Erased      bool // the key is gone: sealed fields are blank
}

// BasisRecord is one lawful basis, current or ended.
type BasisRecord struct {
	BasisID    string
	Basis      Basis
	Purpose    string
	Note       string // the balancing test for legitimate interest; blank once erased
	RecordedBy string
	RecordedAt time.Time // zero in the aggregate's state
	Ended      bool
	EndedAt    time.Time // zero in the aggregate's state
	EndReason  string
}

// ConsentRecord is one consent, given and perhaps withdrawn.
type ConsentRecord struct {
	ConsentID   string
	Purpose     string
	Scope       string
	GivenAt     time.Time
	How         ConsentMethod
	Where       string
	Evidence    string // blank once erased
	Withdrawn   bool
	WithdrawnAt time.Time
	Via         Via
}

// Active reports a consent that has not been withdrawn.
func (c ConsentRecord) Active() bool { return !c.Withdrawn }

// ObjectionRecord is one objection; objections are never lifted.
type ObjectionRecord struct {
	To     ObjectionTo
	Reason string    // blank once erased
	At     time.Time // zero in the aggregate's state
}

// Restriction is the subject's current restriction of processing, if any.
type Restriction struct {
	Active    bool
	RequestID string
	Reason    string    // blank once erased
	Until     work.Date // expected end; zero: none given
	Since     time.Time // zero in the aggregate's state
}

// MayMarket reports whether the subject may receive direct marketing: an
// active marketing consent, no objection of any kind (one to direct
// marketing is final, art. 21.3) and no restriction (art. 18.2 leaves only
// storage). An erased subject is never marketed to.
func MayMarket(s SubjectState) bool {
	if s.Erased || Restricted(s) || len(s.Objections) > 0 {
		return false
	}
	return s.ActiveConsent(PurposeMarketing)
}

// Restricted reports a subject whose data may only be stored (art. 18).
func Restricted(s SubjectState) bool { return s.Restriction.Active }

// HasBasis reports a lawful basis for keeping the subject's data: a
// recorded basis that has not ended, or a consent (itself a basis, art.
// 6.1 a) that has not been withdrawn. A contact without one is kept only
// as long as the retention rule for contacts without a basis allows.
func (s SubjectState) HasBasis() bool {
	for _, b := range s.Bases {
		if !b.Ended {
			return true
		}
	}
	for _, c := range s.Consents {
		if c.Active() {
			return true
		}
	}
	return false
}

// ActiveConsent reports an unwithdrawn consent for purpose.
func (s SubjectState) ActiveConsent(purpose string) bool {
	for _, c := range s.Consents {
		if c.Purpose == purpose && c.Active() {
			return true
		}
	}
	return false
}

// Objected reports an objection to to.
func (s SubjectState) Objected(to ObjectionTo) bool {
	for _, o := range s.Objections {
		if o.To == to {
			return true
		}
	}
	return false
}
