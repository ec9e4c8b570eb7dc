package work

import (
	"context"
	"time"

	"github.com/klient-crm/klient/commands/journal"
	"github.com/klient-crm/klient/domain"
	domainwork "github.com/klient-crm/klient/domain/work"
)

// MoveDeadline gives a pending deadline a new date, time of day and
// reminders; reminders whose due time changes fall due again.
type MoveDeadline struct {
	Actor           journal.Actor
	DeadlineID      string
	ExpectedVersion uint64
	Date            string // "YYYY-MM-DD"
	Time            string // "HH:MM", or "" for all day
	Reminders       []int
	Reason          string // why it moves; optional, sealed with the matter's key
	// ConcernsClient, when given, says whether the matter's clients are
	// reminded of it from now on; nil keeps what it was.
	ConcernsClient *bool
}

// DeadlineUpdateHandler handles MoveDeadline and CloseDeadline
// (close_deadline.go). A deadline
// already as asked writes nothing and the current WorkResult is returned.
type DeadlineUpdateHandler struct{ work *Work }

// NewDeadlineUpdateHandler returns the handler.
func NewDeadlineUpdateHandler(w *Work) (*DeadlineUpdateHandler, error) {
	if err := requireWork("NewDeadlineUpdateHandler", w); err != nil {
		return nil, err
	}
	return &DeadlineUpdateHandler{work: w}, nil
}

// HandleMove moves the deadline and, when asked, changes whether it
// concerns the client: both in one append, so an edit is one change.
func (h *DeadlineUpdateHandler) HandleMove(ctx context.Context, cmd MoveDeadline) (WorkResult, error) {
	return h.work.changeDeadline(ctx, cmd.Actor, cmd.DeadlineID, cmd.ExpectedVersion, func(d *domainwork.Deadline, _ time.Time) ([]domain.Event, error) {
		moved, err := d.Move(cmd.Date, cmd.Time, cmd.Reminders, cmd.Reason)
		if err != nil || cmd.ConcernsClient == nil {
			return moved, err
		}
		marked, err := d.MarkConcern(*cmd.ConcernsClient)
		return append(moved, marked...), err
	})
}
