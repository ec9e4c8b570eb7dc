package communication

import (
	"context"

	"github.com/klient-crm/klient/commands/journal"
	domaincommunication "github.com/klient-crm/klient/domain/communication"
	"github.com/klient-crm/klient/eventstore"
)

// SetAutomaticMessages switches a matter's automatic messages to its
// clients on, off or to other intervals. That only the responsible
// lawyer may is the edge's to check.
type SetAutomaticMessages struct {
	Actor    journal.Actor
	MatterID string
	Settings domaincommunication.AutomaticMessages
}

// AutomaticMessagesHandler handles SetAutomaticMessages and reads the
// settings back.
type AutomaticMessagesHandler struct{ log *Communications }

// NewAutomaticMessagesHandler returns the handler.
func NewAutomaticMessagesHandler(log *Communications) (*AutomaticMessagesHandler, error) {
	if err := requireCommunications("NewAutomaticMessagesHandler", log); err != nil {
		return nil, err
	}
	return &AutomaticMessagesHandler{log: log}, nil
}

// Load reads matterID's settings (all off when never set).
func (h *AutomaticMessagesHandler) Load(ctx context.Context, matterID string) (*domaincommunication.Automatic, journal.Span, error) {
	a := new(domaincommunication.Automatic)
	sp, err := h.log.journal.ReplayAny(ctx, domaincommunication.AutomaticStreamName(journal.CanonicalID(matterID)), a.Apply)
	return a, sp, err
}

// Handle saves the settings. The latest settings win: two saves at once
// are decided one after the other, each against what the other wrote.
func (h *AutomaticMessagesHandler) Handle(ctx context.Context, cmd SetAutomaticMessages) (eventstore.Position, error) {
	if err := cmd.Actor.Check(); err != nil {
		return eventstore.Position{}, err
	}
	id := journal.CanonicalID(cmd.MatterID)
	if err := CheckMatter(ctx, &h.log.journal, id); err != nil {
		return eventstore.Position{}, err
	}
	stream := journal.Stream{Name: domaincommunication.AutomaticStreamName(id), StaleCode: "automail.changed_meanwhile"}
	for attempt := 0; ; attempt++ {
		a, sp, err := h.Load(ctx, id)
		if err != nil {
			return eventstore.Position{}, err
		}
		now := h.log.journal.Now()
		events, err := a.Set(id, cmd.Settings, now)
		if err != nil || len(events) == 0 {
			return sp.Last, err
		}
		expected := eventstore.NoStream
		if sp.Found {
			expected = eventstore.Exact(sp.Version)
		}
		res, err := h.log.journal.Append(ctx, cmd.Actor, stream, expected, events, now)
		if journal.IsStale(err) && attempt < 5 {
			continue
		}
		return res.LastPosition, err
	}
}
