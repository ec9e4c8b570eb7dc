package gdpr

import (
	"time"

	"github.com/klient-crm/klient/domain"
)

// GiveConsent decides to record consent c (its SubjectID is filled in),
// given at c.GivenAt, no later than now. A verbal consent leaves no trace
// of its own, so its Evidence is required (art. 7.1: the firm must be able
// to show the consent). After an objection to direct marketing a marketing
// consent is refused: that objection is final (art. 21.3). The same
// consent again under its ID decides nothing; other terms are a conflict.
func (s *Subject) GiveConsent(purposes Purposes, c ConsentGiven, now time.Time) ([]domain.Event, error) {
	if err := s.changeable(); err != nil {
		return nil, err
	}
	c.SubjectID = s.state.SubjectID
	c, err := checkConsent(purposes, c, now)
	if err != nil {
		return nil, err
	}
	if prev, ok := s.consents[c.ConsentID]; ok {
		if !sameConsent(prev, c) {
			return nil, domain.Conflict("another consent is recorded under this ID").WithCode("gdpr.consent.id_taken")
		}
		return nil, nil
	}
	if c.Purpose == PurposeMarketing && s.state.Objected(ObjectToDirectMarketing) {
		return nil, domain.Conflict("the subject has objected to direct marketing").WithCode("gdpr.consent.objected_marketing")
	}
	return []domain.Event{c}, nil
}

func checkConsent(purposes Purposes, c ConsentGiven, now time.Time) (ConsentGiven, error) {
	var scopeErr, whereErr, evidenceErr, givenErr error
	c.Scope, scopeErr = cleanLine("scope", c.Scope, true)
	c.Where, whereErr = cleanLine("where", c.Where, true)
	c.Evidence, evidenceErr = cleanBlock("evidence", c.Evidence, c.How == ConsentVerbally)
	c.GivenAt = c.GivenAt.UTC()
	switch {
	case c.GivenAt.IsZero():
		givenErr = domain.Invalid("given_at", "say when the consent was given").WithCode("gdpr.consent.given_at_required")
	case c.GivenAt.After(now):
		givenErr = domain.Invalid("given_at", "a consent cannot be given in the future").WithCode("gdpr.consent.given_in_future")
	}
	return c, domain.JoinProblems(
		checkID(c.ConsentID, notAnID("consent_id").WithCode("gdpr.consent.id")),
		purposes.check("purpose", c.Purpose),
		scopeErr,
		oneOf(c.How, ConsentMethods, notListed("how").WithCode("gdpr.consent.how")),
		whereErr, evidenceErr, givenErr,
	)
}

func sameConsent(a, b ConsentGiven) bool {
	return a.SubjectID == b.SubjectID && a.ConsentID == b.ConsentID && a.Purpose == b.Purpose &&
		a.Scope == b.Scope && a.GivenAt.Equal(b.GivenAt) && a.How == b.How && a.Where == b.Where &&
		a.Evidence == b.Evidence
}

// WithdrawConsent decides that consent consentID ends at at (zero: now),
// recorded via staff or link. Withdrawing is as easy as giving (art. 7.3),
// so a withdrawn consent decides nothing: a second click is harmless.
func (s *Subject) WithdrawConsent(consentID string, via Via, at, now time.Time) ([]domain.Event, error) {
	if err := s.changeable(); err != nil {
		return nil, err
	}
	c, ok := s.consents[consentID]
	if !ok {
		return nil, domain.NotFound("there is no such consent").WithCode("gdpr.consent.not_found")
	}
	if err := oneOf(via, []Via{ViaStaff, ViaLink}, notListed("via").WithCode("gdpr.consent.via")); err != nil {
		return nil, err
	}
	if at.IsZero() {
		at = now
	}
	if err := checkWithdrawal(c, at.UTC(), now); err != nil || s.withdrawn(consentID) {
		return nil, err
	}
	return []domain.Event{ConsentWithdrawn{SubjectID: s.state.SubjectID, ConsentID: consentID, WithdrawnAt: at.UTC(), Via: via}}, nil
}

func checkWithdrawal(c ConsentGiven, at, now time.Time) error {
	if at.After(now) {
		return domain.Invalid("withdrawn_at", "a withdrawal cannot lie in the future").WithCode("gdpr.consent.withdrawn_in_future")
	}
	if at.Before(c.GivenAt) {
		return domain.Invalid("withdrawn_at", "a consent cannot end before it was given").WithCode("gdpr.consent.withdrawn_before_given")
	}
	return nil
}

func (s *Subject) withdrawn(consentID string) bool {
	for _, c := range s.state.Consents {
		if c.ConsentID == consentID {
			return c.Withdrawn
		}
	}
	return false
}
