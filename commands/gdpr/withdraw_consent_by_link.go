package gdpr

import (
	"context"
	"errors"
	"time"

	"github.com/klient-crm/klient/commands/journal"
	"github.com/klient-crm/klient/domain"
	domaingdpr "github.com/klient-crm/klient/domain/gdpr"
)

// LinkActorID is the actor recorded for a withdrawal made through a link:
// the subject, who has no staff ID and must not be named in metadata.
const LinkActorID = "consent-withdrawal-link"

// WithdrawConsentByLink withdraws the consent a signed link names, on the
// subject's own click, without sign-in (art. 7.3: as easy as giving it).
type WithdrawConsentByLink struct {
	Token         string // from /consent/withdraw/{token}
	CorrelationID string // the HTTP request ID
}

// WithdrawConsentByLinkHandler handles WithdrawConsentByLink.
type WithdrawConsentByLinkHandler struct {
	subjects *Subjects
	links    *domaingdpr.WithdrawalLinks
}

// NewWithdrawConsentByLinkHandler returns the handler; links holds the key
// the links were signed with (projections/gdpr's LoadWithdrawalLinks).
func NewWithdrawConsentByLinkHandler(subjects *Subjects, links *domaingdpr.WithdrawalLinks) (*WithdrawConsentByLinkHandler, error) {
	if err := requireSubjects("NewWithdrawConsentByLinkHandler", subjects); err != nil {
		return nil, err
	}
	if links == nil {
		return nil, errors.New("commands.NewWithdrawConsentByLinkHandler: withdrawal links are required")
	}
	return &WithdrawConsentByLinkHandler{subjects: subjects, links: links}, nil
}

// Handle checks the token and withdraws the consent it names (via link).
// A forged or altered token is refused with "gdpr.link.invalid", an
// expired one with "gdpr.link.expired", and neither writes anything. A
// second click finds the consent withdrawn and changes nothing.
func (h *WithdrawConsentByLinkHandler) Handle(ctx context.Context, cmd WithdrawConsentByLink) (SubjectResult, error) {
	link, err := h.links.Verify(cmd.Token, h.subjects.journal.Now())
	if err != nil {
		return SubjectResult{}, err
	}
	actor := journal.Actor{ID: LinkActorID, CorrelationID: cmd.CorrelationID}
	return h.subjects.decide(ctx, actor, link.SubjectID, plain(func(s *domaingdpr.Subject, now time.Time) ([]domain.Event, error) {
		return s.WithdrawConsent(link.ConsentID, domaingdpr.ViaLink, time.Time{}, now)
	}))
}
