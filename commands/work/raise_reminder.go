package work

import (
	"context"

	"github.com/klient-crm/klient/commands/journal"
	"github.com/klient-crm/klient/domain"
	"github.com/klient-crm/klient/eventstore"
)

// ReminderActor is the actor recorded on every ReminderRaised: the
// reminder engine, a system job, not a person.
var ReminderActor = journal.Actor{ID: "reminder-engine"}

// RaiseReminderHandler raises one reminder of a deadline. The reminder
// engine (projections/work.ReminderEngine) calls it through its
// ReminderRaiser port.
type RaiseReminderHandler struct{ work *Work }

// NewRaiseReminderHandler returns the handler.
func NewRaiseReminderHandler(w *Work) (*RaiseReminderHandler, error) {
	if err := requireWork("NewRaiseReminderHandler", w); err != nil {
		return nil, err
	}
	return &RaiseReminderHandler{work: w}, nil
}

// maxRaiseAttempts bounds the retries of a raise that keeps losing races
// (each loss means someone else wrote to the deadline meanwhile).
const maxRaiseAttempts = 3

// RaiseReminder appends ReminderRaised for reminder index of deadline
// deadlineID if the deadline says it is due and not yet raised, with the
// stream's exact version as the expectation. It reports whether this call
// raised it. Any number of engines may ask at once: one append wins, and
// the others, deciding again on the winner's event, find nothing to do.
func (h *RaiseReminderHandler) RaiseReminder(ctx context.Context, deadlineID string, index int) (bool, error) {
	id, err := journal.ExistingID(deadlineID, domain.NotFound("there is no such deadline").WithCode("work.deadline.not_found"))
	if err != nil {
		return false, err
	}
	for attempt := 1; ; attempt++ {
		raised, err := h.try(ctx, id, index)
		if attempt < maxRaiseAttempts && journal.IsStale(err) {
			continue
		}
		return raised, err
	}
}

func (h *RaiseReminderHandler) try(ctx context.Context, id string, index int) (bool, error) {
	now := h.work.journal.Now()
	d, sp, err := h.work.deadlineLoader(id)(ctx)
	if err != nil {
		return false, err
	}
	events, err := d.RaiseReminder(index, now)
	if err != nil || len(events) == 0 {
		return false, err
	}
	_, err = h.work.journal.Append(ctx, ReminderActor, deadlineStream(id), eventstore.Exact(sp.Version), events, now)
	return err == nil, err
}
