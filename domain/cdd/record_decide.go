package cdd

import (
	"math"
	"slices"
	"strconv"
	"time"

	"github.com/klient-crm/klient/domain"
)

// Start decides to begin the due diligence of matter matterID's client
// clientID, by staff member by. The caller has checked that the matter
// exists and that clientID is one of its clients. Started already for the
// same client, it decides nothing; for another, it is a conflict (one
// record per matter).
func (r *Record) Start(matterID, clientID string, organisation bool, by string) ([]domain.Event, error) {
	err := domain.JoinProblems(checkID("matter_id", matterID, "cdd.matter.id"), checkID("client_id", clientID, "cdd.client.id"),
		checkID("started_by", by, "cdd.actor.id"))
	switch {
	case err != nil:
		return nil, err
	case !r.Exists():
		return []domain.Event{DueDiligenceStarted{MatterID: matterID, ClientID: clientID, Organisation: organisation,
			Key: RecordKey(clientID, matterID), StartedBy: by}}, nil
	case r.started.ClientID != clientID || r.started.Organisation != organisation:
		return nil, domain.Conflict("this matter's due diligence is of another client").WithCode("cdd.record.other_client")
	}
	return nil, nil
}

// AssessRisk decides the engagement's risk from the factors (codes) of
// the general assessment in force, at risk, for reasons (required). A risk
// lower than the factors' score suggests is refused: the general
// assessment is the firm's own rule, and lowering it is the AML officer's
// call (escalate instead).
func (r *Record) AssessRisk(general RiskAssessmentPublished, factors []string, risk Risk, reasons, by string) ([]domain.Event, error) {
	if err := r.exists(); err != nil {
		return nil, err
	}
	if general.Version == 0 {
		return nil, domain.Conflict("the firm has no general risk assessment yet").WithCode("cdd.assessment.missing")
	}
	var p domain.Problems
	var err error
	reasons, err = cleanBlock("reasons", reasons, true)
	p.Add(err)
	p.Add(oneOf("risk", risk, Risks, "cdd.risk.level", "choose low, normal or high risk"))
	p.Add(checkID("assessed_by", by, "cdd.actor.id"))
	factors = slices.Compact(slices.Sorted(slices.Values(factors)))
	score, suggested, err := general.Score(factors)
	p.Add(err)
	if err := p.Err(); err != nil {
		return nil, err
	}
	if slices.Index(Risks, risk) < slices.Index(Risks, suggested) {
		return nil, domain.Invalid("risk", "the factors make this engagement %s risk at least; escalate to lower it", suggested).
			WithCode("cdd.risk.below_score")
	}
	e := EngagementRiskAssessed{MatterID: r.MatterID(), Key: r.Key(), AssessmentVersion: general.Version, Factors: factors,
		Score: score, Risk: risk, Reasons: reasons, AssessedBy: by}
	if r.risk != nil && r.risk.AssessmentVersion == e.AssessmentVersion && slices.Equal(r.risk.Factors, e.Factors) &&
		r.risk.Risk == e.Risk && r.risk.Reasons == e.Reasons {
		return nil, nil
	}
	return []domain.Event{e}, nil
}

// VerifyIdentity decides that the client's identity was verified by
// method at when (not in the future) by by; details say what was seen
// (required for a document or another way, which must say which).
func (r *Record) VerifyIdentity(method Method, when time.Time, details, by string, now time.Time) ([]domain.Event, error) {
	if err := r.exists(); err != nil {
		return nil, err
	}
	when = when.UTC().Truncate(time.Second)
	details, err := cleanBlock("details", details, method != MethodBankID)
	if err := domain.JoinProblems(err, oneOf("method", method, Methods, "cdd.identity.method", "choose how the identity was verified"),
		notFuture("verified_at", when, now, "cdd.identity.in_future"), checkID("verified_by", by, "cdd.actor.id")); err != nil {
		return nil, err
	}
	e := ClientIdentityVerified{MatterID: r.MatterID(), Key: r.Key(), Method: method, VerifiedAt: when, VerifiedBy: by, Details: details}
	if r.identity != nil && *r.identity == e {
		return nil, nil
	}
	return []domain.Event{e}, nil
}

// RecordOwners decides an organisation client's beneficial owners, the
// whole list: each with a name, a share of 0–100 % and how it was
// verified, the shares together at most 100 %; none, and noneReason says
// why. A person client has none to record.
func (r *Record) RecordOwners(owners []BeneficialOwner, noneReason, by string) ([]domain.Event, error) {
	if err := r.exists(); err != nil {
		return nil, err
	}
	if !r.started.Organisation {
		return nil, domain.Invalid("owners", "a person has no beneficial owners to record").WithCode("cdd.owners.person")
	}
	var p domain.Problems
	var err error
	noneReason, err = cleanBlock("none_reason", noneReason, len(owners) == 0)
	p.Add(err)
	if len(owners) > MaxOwners {
		p.Add(domain.Invalid("owners", "at most %d beneficial owners", MaxOwners).WithCode("cdd.owners.too_many").WithArgs(MaxOwners))
	}
	total := 0.0
	owners = slices.Clone(owners)
	for i := range owners {
		o := &owners[i]
		field := "owners[" + strconv.Itoa(i) + "]"
		o.Name, err = cleanLine(field+".name", o.Name, true)
		p.Add(err)
		o.BirthDate, err = cleanLine(field+".birth_date", o.BirthDate, false)
		p.Add(err)
		o.Verification, err = cleanLine(field+".verification", o.Verification, true)
		p.Add(err)
		if math.IsNaN(o.SharePercent) || o.SharePercent < 0 || o.SharePercent > 100 {
			p.Add(domain.Invalid(field+".share_percent", "a share is 0 to 100 per cent").WithCode("cdd.owners.share"))
		}
		total += o.SharePercent
	}
	if total > 100.0001 {
		p.Add(domain.Invalid("owners", "the shares add up to more than 100 per cent").WithCode("cdd.owners.shares_total"))
	}
	p.Add(checkID("recorded_by", by, "cdd.actor.id"))
	if err := p.Err(); err != nil {
		return nil, err
	}
	if len(owners) > 0 {
		noneReason = ""
	}
	if r.owners != nil && slices.Equal(r.owners.Owners, owners) && r.owners.NoneReason == noneReason {
		return nil, nil
	}
	return []domain.Event{BeneficialOwnersRecorded{MatterID: r.MatterID(), Key: r.Key(), Owners: owners, NoneReason: noneReason,
		RecordedBy: by}}, nil
}

// AnswerPEP decides the PEP question's answer; any answer but no needs
// details (who, which office).
func (r *Record) AnswerPEP(answer PEPAnswer, details, by string) ([]domain.Event, error) {
	if err := r.exists(); err != nil {
		return nil, err
	}
	details, err := cleanBlock("details", details, answer != PEPNo)
	if err := domain.JoinProblems(err, oneOf("answer", answer, PEPAnswers, "cdd.pep.answer", "answer the PEP question"),
		checkID("answered_by", by, "cdd.actor.id")); err != nil {
		return nil, err
	}
	e := PEPAnswered{MatterID: r.MatterID(), Key: r.Key(), Answer: answer, Details: details, AnsweredBy: by}
	if r.pep != nil && *r.pep == e {
		return nil, nil
	}
	return []domain.Event{e}, nil
}

// Screen decides the result of screening the record's names against a
// sanctions list (the screening itself is done by the caller over the
// imported list). The same list's result again, with the same hits,
// decides nothing: a re-screening after an import of the same list
// leaves the reviews in force.
func (r *Record) Screen(e SanctionsScreened) ([]domain.Event, error) {
	if err := r.exists(); err != nil {
		return nil, err
	}
	if e.ListID == "" || e.ListDate.IsZero() {
		return nil, domain.Invalid("list_id", "screen against an imported list").WithCode("cdd.screening.no_list")
	}
	e.MatterID, e.Key, e.HitCount = r.MatterID(), r.Key(), len(e.Hits)
	e.ScreenedAt = e.ScreenedAt.UTC().Truncate(time.Second)
	if s := r.screen; s != nil && s.ListID == e.ListID && slices.Equal(s.Hits, e.Hits) {
		return nil, nil
	}
	return []domain.Event{e}, nil
}

// ReviewHit decides hit entryID of the latest screening: the same person
// (match) or not, for reason (required). A hit already reviewed alike
// decides nothing.
func (r *Record) ReviewHit(entryID string, match bool, reason, by string) ([]domain.Event, error) {
	if err := r.exists(); err != nil {
		return nil, err
	}
	if r.screen == nil || !slices.ContainsFunc(r.screen.Hits, func(h SanctionsHit) bool { return h.EntryID == entryID }) {
		return nil, domain.NotFound("the latest screening has no such hit").WithCode("cdd.screening.hit_not_found")
	}
	reason, err := cleanBlock("reason", reason, true)
	if err := domain.JoinProblems(err, checkID("reviewed_by", by, "cdd.actor.id")); err != nil {
		return nil, err
	}
	if v, ok := r.reviews[entryID]; ok && v.Match == match && v.Reason == reason {
		return nil, nil
	}
	return []domain.Event{SanctionsHitReviewed{MatterID: r.MatterID(), Key: r.Key(), EntryID: entryID, Match: match,
		Reason: reason, ReviewedBy: by}}, nil
}

// Decide decides the record, for reason (required), by by at now; officer
// says by holds the AML officer's role. Approving needs a complete record
// with no hit reviewed as a match; a high risk or a PEP needs the
// officer, whom the lawyer escalates to. Only the officer decides an
// escalated record. The decision in force again decides nothing.
func (r *Record) Decide(d Decision, reason, by string, officer bool, now time.Time) ([]domain.Event, error) {
	if err := r.exists(); err != nil {
		return nil, err
	}
	reason, err := cleanBlock("reason", reason, true)
	if err := domain.JoinProblems(err, oneOf("decision", d, Decisions, "cdd.decision.kind", "choose approve, decline or escalate"),
		checkID("decided_by", by, "cdd.actor.id")); err != nil {
		return nil, err
	}
	if r.decided != nil && r.decided.Decision == d && r.decided.Reason == reason {
		return nil, nil
	}
	escalated := r.Decision() == DecisionEscalated
	switch {
	case escalated && !officer:
		return nil, domain.Forbidden("only the AML officer decides an escalated record").WithCode("cdd.decision.officer_only")
	case d == DecisionEscalated && escalated:
		return nil, nil
	case d != DecisionApproved:
	case len(r.Missing()) > 0:
		return nil, domain.Conflict("the record is not complete").WithCode("cdd.decision.incomplete")
	case r.Matched():
		return nil, domain.Conflict("a sanctions hit is the client: the engagement cannot be approved").WithCode("cdd.decision.sanctioned")
	case r.NeedsOfficer() && !officer:
		return nil, domain.Forbidden("a high risk or a politically exposed person needs the AML officer's approval: escalate").
			WithCode("cdd.decision.needs_officer")
	}
	return []domain.Event{DueDiligenceDecided{MatterID: r.MatterID(), Key: r.Key(), Decision: d, Reason: reason,
		ByOfficer: officer, DecidedBy: by, DecidedAt: now.UTC().Truncate(time.Second)}}, nil
}

// IdentityCopyTypes are the files a copy of an identity document may be:
// a scan (PDF) or a photo.
var IdentityCopyTypes = []string{"application/pdf", "image/jpeg", "image/png"}

// StoreIdentityCopy decides the record of a copy of the identity document
// already stored as e.DocumentID (its type sniffed from its bytes): a PDF
// or a photo, with a name. The key is the record's.
func (r *Record) StoreIdentityCopy(e IdentityCopyStored) ([]domain.Event, error) {
	if err := r.exists(); err != nil {
		return nil, err
	}
	name, err := cleanLine("file", e.Name, true)
	if err := domain.JoinProblems(err, checkID("stored_by", e.StoredBy, "cdd.actor.id")); err != nil {
		return nil, err
	}
	if !slices.Contains(IdentityCopyTypes, e.ContentType) {
		return nil, domain.Invalid("file", "a copy of an identity document is a PDF, JPEG or PNG file").WithCode("cdd.identity_copy.type")
	}
	e.MatterID, e.Key, e.Name, e.StoredAt = r.MatterID(), r.Key(), name, e.StoredAt.UTC().Truncate(time.Second)
	return []domain.Event{e}, nil
}
