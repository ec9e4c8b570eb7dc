package work

import (
	"context"
	"time"

	"github.com/klient-crm/klient/commands/journal"
	"github.com/klient-crm/klient/domain"
	domainwork "github.com/klient-crm/klient/domain/work"
)

// SetDeadline records a legal deadline on a matter, with the staff member
// responsible for it and when to remind them.
type SetDeadline struct {
	Actor journal.Actor
	// DeadlineID is optional: a client that chooses the UUID itself can
	// safely resend after a timeout.
	DeadlineID  string
	MatterID    string
	Kind        string // court_date, appeal_deadline, limitation_period, filing, other
	Date        string // "YYYY-MM-DD", a date in Stockholm
	Time        string // "HH:MM", or "" for all day
	Title       string
	Responsible string // staff ID
	Reminders   []int  // days before the date, 0..365, at least one
	// ConcernsClient: whether the matter's clients are reminded of it
	// (internal/automail); nil takes the kind's default.
	ConcernsClient *bool
}

// SetDeadlineHandler handles SetDeadline.
type SetDeadlineHandler struct{ work *Work }

// NewSetDeadlineHandler returns the handler.
func NewSetDeadlineHandler(w *Work) (*SetDeadlineHandler, error) {
	if err := requireWork("NewSetDeadlineHandler", w); err != nil {
		return nil, err
	}
	return &SetDeadlineHandler{work: w}, nil
}

// Handle checks the responsible member with the roster, then lets the
// deadline decide. Resent with the same DeadlineID and facts it returns the
// first result and writes nothing. The matter is not looked up (its
// aggregate is another context's); its ID chooses the key of the title.
func (h *SetDeadlineHandler) Handle(ctx context.Context, cmd SetDeadline) (WorkResult, error) {
	if err := cmd.Actor.Check(); err != nil {
		return WorkResult{}, err
	}
	id, err := journal.NewID(cmd.DeadlineID, domain.Invalid("deadline_id", "a deadline ID is a UUID").WithCode("work.deadline.id.format"))
	if err != nil {
		return WorkResult{}, err
	}
	in := domainwork.NewDeadline{MatterID: journal.CanonicalID(cmd.MatterID), Kind: cmd.Kind, Date: cmd.Date, Time: cmd.Time,
		Title: cmd.Title, Responsible: journal.CanonicalID(cmd.Responsible), Reminders: cmd.Reminders,
		ConcernsClient: cmd.ConcernsClient}
	if domainwork.ValidID(in.Responsible) {
		if err := h.work.checkStaff(ctx, "responsible", in.Responsible); err != nil {
			return WorkResult{}, err
		}
	}
	return h.work.setDeadline(ctx, cmd.Actor, id, in)
}

// setDeadline runs the registration of deadline id.
func (r *Work) setDeadline(ctx context.Context, actor journal.Actor, id string, in domainwork.NewDeadline) (WorkResult, error) {
	p, err := journal.RegisterOn(ctx, &r.journal, actor, deadlineStream(id), r.deadlineLoader(id),
		func(d *domainwork.Deadline, _ time.Time) ([]domain.Event, error) { return d.Set(id, in) })
	return workResult(id, p, err)
}
