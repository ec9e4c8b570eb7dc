package gdpr

import (
	"context"
	"errors"
	"time"

	"github.com/klient-crm/klient/commands/journal"
	"github.com/klient-crm/klient/domain"
	domaingdpr "github.com/klient-crm/klient/domain/gdpr"
)

// ObjectionLinkActorID is the actor recorded for an objection made through
// a campaign's opt-out link: the subject, unnamed, as for a withdrawal.
const ObjectionLinkActorID = "marketing-objection-link"

// ObjectToMarketingByLink records the objection to direct marketing
// (art. 21.2) that a signed opt-out link names, on the subject's own
// click without sign-in: the link every campaign e-mail to an existing
// client under legitimate interest carries (art. 21.4, and marknadsförings-
// lagen's opt-out with every message).
type ObjectToMarketingByLink struct {
	Token         string // from /marketing/objection/{token}
	CorrelationID string // the HTTP request ID
}

// ObjectToMarketingByLinkHandler handles ObjectToMarketingByLink.
type ObjectToMarketingByLinkHandler struct {
	subjects *Subjects
	links    *domaingdpr.WithdrawalLinks
}

// NewObjectToMarketingByLinkHandler returns the handler; links holds the
// key the links were signed with.
func NewObjectToMarketingByLinkHandler(subjects *Subjects, links *domaingdpr.WithdrawalLinks) (*ObjectToMarketingByLinkHandler, error) {
	if err := requireSubjects("NewObjectToMarketingByLinkHandler", subjects); err != nil {
		return nil, err
	}
	if links == nil {
		return nil, errors.New("commands.NewObjectToMarketingByLinkHandler: withdrawal links are required")
	}
	return &ObjectToMarketingByLinkHandler{subjects: subjects, links: links}, nil
}

// Handle checks the token and records the objection. A forged, altered
// or withdrawal token is refused with "gdpr.link.invalid", an expired one
// with "gdpr.link.expired", and neither writes anything; a second click
// finds the objection recorded and changes nothing.
func (h *ObjectToMarketingByLinkHandler) Handle(ctx context.Context, cmd ObjectToMarketingByLink) (SubjectResult, error) {
	link, err := h.links.VerifyObjection(cmd.Token, h.subjects.journal.Now())
	if err != nil {
		return SubjectResult{}, err
	}
	actor := journal.Actor{ID: ObjectionLinkActorID, CorrelationID: cmd.CorrelationID}
	return h.subjects.decide(ctx, actor, link.SubjectID, plain(func(s *domaingdpr.Subject, _ time.Time) ([]domain.Event, error) {
		return s.Object(domaingdpr.ObjectToDirectMarketing, "")
	}))
}
