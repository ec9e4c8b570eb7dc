package contact

import (
	"context"

	"github.com/klient-crm/klient/commands/journal"
	"github.com/klient-crm/klient/domain"
)

// RestrictionGuard tells whether processing of a data subject's data is
// restricted (art. 18). The GDPR register read model implements it, and so
// does commands/gdpr's *Subjects, from the subject's own stream (no
// projection lag).
type RestrictionGuard interface {
	Restricted(ctx context.Context, subjectID string) (bool, error)
}

// DPOCheck reports whether actor is the data-protection officer, who alone
// may change a restricted subject's data (to rectify it, art. 16 and 18.1 a).
type DPOCheck func(ctx context.Context, actor journal.Actor) (bool, error)

// restrictionHook is the optional check every contact change runs.
type restrictionHook struct {
	guard RestrictionGuard
	dpo   DPOCheck
}

// WithRestrictionGuard makes every change to a contact (details,
// archiving, affiliations) refuse a restricted subject, with a
// domain.Error of kind forbidden and code "gdpr.restricted", unless dpo
// says the actor is the data-protection officer (a nil dpo lets no one
// through). Call it once, while wiring, before any handler runs.
func (r *Contacts) WithRestrictionGuard(guard RestrictionGuard, dpo DPOCheck) *Contacts {
	r.restriction = restrictionHook{guard: guard, dpo: dpo}
	return r
}

// check refuses actor's change to subjectID while it is restricted.
func (h restrictionHook) check(ctx context.Context, actor journal.Actor, subjectID string) error {
	if h.guard == nil {
		return nil
	}
	restricted, err := h.guard.Restricted(ctx, subjectID)
	if err != nil || !restricted {
		return journal.AsNilOrDomain(err)
	}
	if h.dpo != nil {
		if ok, err := h.dpo(ctx, actor); err != nil || ok {
			return journal.AsNilOrDomain(err)
		}
	}
	return domain.Forbidden("processing of this person's data is restricted; only the data-protection officer may change it").
		WithCode("gdpr.restricted")
}
