package dpo

import (
	"context"
	"time"

	commcmd "github.com/klient-crm/klient/commands/communication"
	"github.com/klient-crm/klient/commands/journal"
	"github.com/klient-crm/klient/domain"
	domaindpo "github.com/klient-crm/klient/domain/dpo"
	"github.com/klient-crm/klient/eventstore"
)

// MarkCommunicationSpecial marks an entry of the communication log as
// holding special categories (art. 9) or data on offences (art. 10), with
// the grounds; no categories lifts the marking. Who may see the entry is
// the caller's to check.
type MarkCommunicationSpecial struct {
	Actor           journal.Actor
	CommunicationID string
	Categories      []domaindpo.SpecialCategory
	Grounds         []domaindpo.SpecialGround
}

// MarkCommunicationSpecialHandler handles MarkCommunicationSpecial.
type MarkCommunicationSpecialHandler struct{ journal journal.Journal }

// NewMarkCommunicationSpecialHandler returns the handler over the log;
// clock is the only source of "now".
func NewMarkCommunicationSpecialHandler(store journal.EventStore, codec journal.EventCodec, clock func() time.Time) (*MarkCommunicationSpecialHandler, error) {
	j, err := journal.New("NewMarkCommunicationSpecialHandler", store, codec, clock)
	if err != nil {
		return nil, err
	}
	return &MarkCommunicationSpecialHandler{journal: j}, nil
}

var errNoSuchEntry = domain.NotFound("there is no such entry in the communication log").WithCode("communication.not_found")

// Handle reads the entry from its own stream (whom it is about: the
// marking is sealed with that key), refuses a deleted one as unknown and
// an erased one (nothing is left to mark), and decides on the marking as
// it is now. The result's DocumentID is the entry's ID.
func (h *MarkCommunicationSpecialHandler) Handle(ctx context.Context, cmd MarkCommunicationSpecial) (SpecialResult, error) {
	if err := cmd.Actor.Check(); err != nil {
		return SpecialResult{}, err
	}
	id, err := journal.ExistingID(cmd.CommunicationID, errNoSuchEntry)
	if err != nil {
		return SpecialResult{}, err
	}
	entry, _, err := commcmd.EntryLoader(&h.journal, id)(ctx)
	if err != nil {
		return SpecialResult{}, err
	}
	if !entry.Exists() || entry.Deleted() {
		return SpecialResult{}, errNoSuchEntry
	}
	if entry.Erased() {
		return SpecialResult{}, domain.Erased("this entry's text has been erased").WithCode("communication.erased")
	}
	s := journal.Stream{Name: domaindpo.EntrySpecialStreamName(id), StaleCode: "dpo.special.changed_meanwhile"}
	for attempt := 0; ; attempt++ {
		now := h.journal.Now()
		m := new(domaindpo.EntrySpecialMarking)
		sp, err := h.journal.Replay(ctx, s.Name, entry.DataSubject(), func(ev domain.Event, _ bool) { m.Apply(ev) })
		if err != nil {
			return SpecialResult{}, err
		}
		events, err := m.Mark(domaindpo.CommunicationSpecialMarked{CommunicationID: id, MatterID: entry.Links().MatterID,
			DataSubject: entry.DataSubject(), Categories: cmd.Categories, Grounds: cmd.Grounds, MarkedAt: now, MarkedBy: cmd.Actor.ID})
		if err != nil || len(events) == 0 {
			return SpecialResult{DocumentID: id, Position: sp.Last}, err
		}
		expected := eventstore.NoStream
		if sp.Found {
			expected = eventstore.Exact(sp.Version)
		}
		res, err := h.journal.Append(ctx, cmd.Actor, s, expected, events, now)
		if attempt < 3 && journal.IsStale(err) {
			continue
		}
		return SpecialResult{DocumentID: id, Position: res.LastPosition}, err
	}
}
