package cdd

import (
	"slices"

	"github.com/klient-crm/klient/domain"
)

// Record is the aggregate of one matter's due diligence; its zero value is
// the state before the first event. Start, AssessRisk, VerifyIdentity,
// RecordOwners, AnswerPEP, Screen, ReviewHit and Decide decide (in
// record_decide.go); Apply evolves.
type Record struct {
	started  DueDiligenceStarted
	risk     *EngagementRiskAssessed
	identity *ClientIdentityVerified
	owners   *BeneficialOwnersRecorded
	pep      *PEPAnswered
	screen   *SanctionsScreened
	reviews  map[string]SanctionsHitReviewed // of the latest screening's hits, by entry ID
	decided  *DueDiligenceDecided            // nil: undecided, or changed since the decision
	idCopy   *IdentityCopyStored             // the identity document's copy, nil before one
	erased   bool                            // the record's key was destroyed
	applied  uint64
}

// Exists reports whether the due diligence was started.
func (r *Record) Exists() bool { return r.applied > 0 }

// Version is the stream version of the last applied event.
func (r *Record) Version() uint64 { return r.applied - 1 }

// MatterID is the matter the record is of.
func (r *Record) MatterID() string { return r.started.MatterID }

// ClientID is the client contact the record is about.
func (r *Record) ClientID() string { return r.started.ClientID }

// Key is the data-subject ID of the record's key.
func (r *Record) Key() string { return r.started.Key }

// Risk is the engagement's assessed risk ("" before the assessment).
func (r *Record) Risk() Risk {
	if r.risk == nil {
		return ""
	}
	return r.risk.Risk
}

// Decision is the decision in force: "" when undecided or changed since.
func (r *Record) Decision() Decision {
	if r.decided == nil {
		return ""
	}
	return r.decided.Decision
}

// Organisation reports whether the client is an organisation.
func (r *Record) Organisation() bool { return r.started.Organisation }

// Owners are the beneficial owners recorded (none before, or for a
// person).
func (r *Record) Owners() []BeneficialOwner {
	if r.owners == nil {
		return nil
	}
	return slices.Clone(r.owners.Owners)
}

// Approved reports whether the record, as it stands, is approved: what
// opening the matter needs.
func (r *Record) Approved() bool { return r.Decision() == DecisionApproved }

// Apply evolves the record by one of its events, in stream order. Every
// part but a decision undoes the decision in force.
func (r *Record) Apply(ev domain.Event) {
	r.applied++
	switch e := ev.(type) {
	case DueDiligenceStarted:
		r.started = e
		return
	case EngagementRiskAssessed:
		r.risk = &e
	case ClientIdentityVerified:
		r.identity = &e
	case BeneficialOwnersRecorded:
		r.owners = &e
	case PEPAnswered:
		r.pep = &e
	case SanctionsScreened:
		r.screen, r.reviews = &e, map[string]SanctionsHitReviewed{}
	case SanctionsHitReviewed:
		r.reviews[e.EntryID] = e
	case DueDiligenceDecided:
		r.decided = &e
		return
	case IdentityCopyStored:
		r.idCopy = &e // evidence of the identity check recorded: the decision stands
		return
	}
	r.decided = nil
}

// ApplyErased evolves the record by an event whose sealed parts could not
// be opened (its key was destroyed: the client erased, or the record's
// retention ended): the record refuses every change from then on.
func (r *Record) ApplyErased(ev domain.Event) {
	if ev != nil {
		r.Apply(ev)
	} else {
		r.applied++
	}
	r.erased = true
}

// Erased reports whether the record's personal data was destroyed.
func (r *Record) Erased() bool { return r.erased }

// Missing lists, by catalogue code, what the record lacks before it can be
// approved, in the form's order; none: complete.
func (r *Record) Missing() []string {
	var out []string
	if r.risk == nil {
		out = append(out, "cdd.missing.risk")
	}
	if r.identity == nil {
		out = append(out, "cdd.missing.identity")
	}
	if r.started.Organisation && r.owners == nil {
		out = append(out, "cdd.missing.owners")
	}
	if r.pep == nil {
		out = append(out, "cdd.missing.pep")
	}
	switch {
	case r.screen == nil:
		out = append(out, "cdd.missing.screening")
	case len(r.unreviewed()) > 0:
		out = append(out, "cdd.missing.hit_review")
	}
	return out
}

// NeedsOfficer reports whether only the AML officer may approve the
// record: a high risk, or a PEP, a PEP's family member or close associate
// (enhanced due diligence, 3 kap. 17–20 §§).
func (r *Record) NeedsOfficer() bool {
	return r.Risk() == RiskHigh || r.pep != nil && r.pep.Answer != PEPNo
}

// Matched reports whether a hit of the latest screening was reviewed as
// the same person: the engagement cannot be approved.
func (r *Record) Matched() bool {
	for _, v := range r.reviews {
		if v.Match {
			return true
		}
	}
	return false
}

// unreviewed lists the latest screening's hits no review decided.
func (r *Record) unreviewed() []string {
	if r.screen == nil {
		return nil
	}
	var out []string
	for _, h := range r.screen.Hits {
		if _, ok := r.reviews[h.EntryID]; !ok && !slices.Contains(out, h.EntryID) {
			out = append(out, h.EntryID)
		}
	}
	return out
}

func (r *Record) exists() error {
	if !r.Exists() {
		return RecordNotFound()
	}
	if r.erased {
		return domain.Erased("this due-diligence record's data has been erased").WithCode("cdd.record.erased")
	}
	return nil
}

// RecordNotFound is the refusal of a matter without a due-diligence
// record, the one every layer answers.
func RecordNotFound() error {
	return domain.NotFound("there is no due-diligence record for this matter").WithCode("cdd.record.not_found")
}

// RecordView is the record's parts as they stand, for its page and its
// API body: each nil until recorded (Decided: nil while undecided or
// changed since).
type RecordView struct {
	Started   DueDiligenceStarted
	Risk      *EngagementRiskAssessed
	Identity  *ClientIdentityVerified
	Owners    *BeneficialOwnersRecorded
	PEP       *PEPAnswered
	Screening *SanctionsScreened
	Reviews   map[string]SanctionsHitReviewed // of Screening's hits, by entry ID
	Decided   *DueDiligenceDecided
	// IdentityCopy is the stored copy of the identity document, nil
	// before one.
	IdentityCopy *IdentityCopyStored
}

// View returns the record's parts (copies: the view cannot change it).
func (r *Record) View() RecordView {
	v := RecordView{Started: r.started, Reviews: map[string]SanctionsHitReviewed{}}
	v.Risk, v.Identity, v.Owners, v.PEP = clone(r.risk), clone(r.identity), clone(r.owners), clone(r.pep)
	v.Screening, v.Decided, v.IdentityCopy = clone(r.screen), clone(r.decided), clone(r.idCopy)
	for k, x := range r.reviews {
		v.Reviews[k] = x
	}
	return v
}

func clone[T any](p *T) *T {
	if p == nil {
		return nil
	}
	c := *p
	return &c
}
