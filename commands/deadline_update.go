package commands

import (
	"context"
	"time"

	"github.com/klient-crm/klient/domain"
	"github.com/klient-crm/klient/domain/work"
)

// MoveDeadline gives a pending deadline a new date, time of day and
// reminders; reminders whose due time changes fall due again.
type MoveDeadline struct {
	Actor           Actor
	DeadlineID      string
	ExpectedVersion uint64
	Date            string // "YYYY-MM-DD"
	Time            string // "HH:MM", or "" for all day
	Reminders       []int
	Reason          string // why it moves; optional, sealed with the matter's key
}

// CloseDeadline marks a pending deadline met or cancelled, by the handler
// method called.
type CloseDeadline struct {
	Actor           Actor
	DeadlineID      string
	ExpectedVersion uint64
	Reason          string // why it was cancelled; optional, and only for HandleCancel
}

// DeadlineUpdateHandler handles MoveDeadline and CloseDeadline. A deadline
// already as asked writes nothing and the current WorkResult is returned.
type DeadlineUpdateHandler struct{ work *Work }

// NewDeadlineUpdateHandler returns the handler.
func NewDeadlineUpdateHandler(w *Work) (*DeadlineUpdateHandler, error) {
	if err := requireWork("NewDeadlineUpdateHandler", w); err != nil {
		return nil, err
	}
	return &DeadlineUpdateHandler{work: w}, nil
}

// HandleMove moves the deadline.
func (h *DeadlineUpdateHandler) HandleMove(ctx context.Context, cmd MoveDeadline) (WorkResult, error) {
	return h.work.changeDeadline(ctx, cmd.Actor, cmd.DeadlineID, cmd.ExpectedVersion, func(d *work.Deadline, _ time.Time) ([]domain.Event, error) {
		return d.Move(cmd.Date, cmd.Time, cmd.Reminders, cmd.Reason)
	})
}

// HandleMeet records that the deadline was met.
func (h *DeadlineUpdateHandler) HandleMeet(ctx context.Context, cmd CloseDeadline) (WorkResult, error) {
	return h.work.changeDeadline(ctx, cmd.Actor, cmd.DeadlineID, cmd.ExpectedVersion, func(d *work.Deadline, _ time.Time) ([]domain.Event, error) {
		return d.Meet()
	})
}

// HandleCancel records that the deadline no longer applies.
func (h *DeadlineUpdateHandler) HandleCancel(ctx context.Context, cmd CloseDeadline) (WorkResult, error) {
	return h.work.changeDeadline(ctx, cmd.Actor, cmd.DeadlineID, cmd.ExpectedVersion, func(d *work.Deadline, _ time.Time) ([]domain.Event, error) {
		return d.Cancel(cmd.Reason)
	})
}
