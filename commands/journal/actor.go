package journal

import (
	"strings"

	"github.com/klient-crm/klient/domain"
)

// Actor is who is acting, and on behalf of which request. Every command
// carries one explicitly, so that each event records its author.
type Actor struct {
	// ID is the staff member's (or system job's) ID: never a name or an
	// e-mail address, since it is stored in every event's metadata.
	ID string
	// CorrelationID ties the events to the request that caused them (the
	// HTTP request ID), for tracing through logs and projections.
	CorrelationID string
	// Unseen reports the contacts this actor may not know of (ethical
	// walls); nil when there are none. A command that looks a contact up
	// for this actor treats an unseen one as one that does not exist, so
	// that its answer never tells a walled contact from an unknown ID.
	Unseen func(contactID string) bool
}

// Sees reports whether the actor may know of the contact.
func (a Actor) Sees(contactID string) bool { return a.Unseen == nil || !a.Unseen(contactID) }

// Check refuses a command that nobody is accountable for.
func (a Actor) Check() error {
	if strings.TrimSpace(a.ID) == "" {
		return domain.Forbidden("no one is signed in to make this change").WithCode("auth.actor_required")
	}
	return nil
}
