package gdpr

import (
	"context"
	"time"

	"github.com/klient-crm/klient/commands/journal"
	"github.com/klient-crm/klient/domain"
	domaingdpr "github.com/klient-crm/klient/domain/gdpr"
	"github.com/klient-crm/klient/domain/work"
)

// ExtendRequestDeadline moves the deadline, once, by at most two further
// months, before the first month is out (art. 12.3).
type ExtendRequestDeadline struct {
	Actor           journal.Actor
	RequestID       string
	ExpectedVersion uint64
	NewDeadline     work.Date // the new last day, Stockholm
	Reason          string    // what the subject is told; required; sealed
}

// ExtendRequestDeadlineHandler handles ExtendRequestDeadline.
type ExtendRequestDeadlineHandler struct{ requests *Requests }

// NewExtendRequestDeadlineHandler returns the handler.
func NewExtendRequestDeadlineHandler(requests *Requests) (*ExtendRequestDeadlineHandler, error) {
	if err := requireRequests("NewExtendRequestDeadlineHandler", requests); err != nil {
		return nil, err
	}
	return &ExtendRequestDeadlineHandler{requests: requests}, nil
}

// Handle extends the deadline; a second extension is refused with
// "gdpr.request.already_extended" and writes nothing.
func (h *ExtendRequestDeadlineHandler) Handle(ctx context.Context, cmd ExtendRequestDeadline) (RequestResult, error) {
	return h.requests.change(ctx, cmd.Actor, cmd.RequestID, cmd.ExpectedVersion, func(r *domaingdpr.Request, now time.Time) ([]domain.Event, error) {
		return r.Extend(cmd.NewDeadline, cmd.Reason, now)
	})
}
