package dpo

import (
	"context"
	"time"

	commcmd "github.com/klient-crm/klient/commands/communication"
	"github.com/klient-crm/klient/commands/journal"
	"github.com/klient-crm/klient/domain"
	"github.com/klient-crm/klient/domain/communication"
	domaindpo "github.com/klient-crm/klient/domain/dpo"
	"github.com/klient-crm/klient/eventstore"
)

// MarkSpecialCategory marks a document as holding special categories of
// personal data (art. 9) or data on offences (art. 10), with the grounds;
// no categories lifts the marking. Who may see the document is the
// caller's to check (the web edge's matter gate).
type MarkSpecialCategory struct {
	Actor      journal.Actor
	DocumentID string
	Categories []domaindpo.SpecialCategory
	Grounds    []domaindpo.SpecialGround
}

// SpecialResult tells the caller where the marking was left.
type SpecialResult struct {
	DocumentID string
	Position   eventstore.Position
}

// MarkSpecialCategoryHandler handles MarkSpecialCategory.
type MarkSpecialCategoryHandler struct{ journal journal.Journal }

// NewMarkSpecialCategoryHandler returns the handler over the log; clock
// is the only source of "now".
func NewMarkSpecialCategoryHandler(store journal.EventStore, codec journal.EventCodec, clock func() time.Time) (*MarkSpecialCategoryHandler, error) {
	j, err := journal.New("NewMarkSpecialCategoryHandler", store, codec, clock)
	if err != nil {
		return nil, err
	}
	return &MarkSpecialCategoryHandler{journal: j}, nil
}

var errNoSuchDocument = domain.NotFound("there is no such document").WithCode("document.not_found")

// Handle reads the document from its own stream (its matter and the key
// that seals it: the marking is sealed with the same), refuses one
// removed or erased as unknown, and decides on the marking as it is now.
func (h *MarkSpecialCategoryHandler) Handle(ctx context.Context, cmd MarkSpecialCategory) (SpecialResult, error) {
	if err := cmd.Actor.Check(); err != nil {
		return SpecialResult{}, err
	}
	id, err := journal.ExistingID(cmd.DocumentID, errNoSuchDocument)
	if err != nil {
		return SpecialResult{}, err
	}
	subject, err := commcmd.SealedFor(ctx, &h.journal, communication.DocumentStreamName(id))
	if err != nil {
		return SpecialResult{}, err
	}
	doc := new(communication.Document)
	if _, err := h.journal.Replay(ctx, communication.DocumentStreamName(id), subject, journal.Applier(doc)); err != nil {
		return SpecialResult{}, err
	}
	if !doc.Exists() || doc.Removed() || doc.Erased() {
		return SpecialResult{}, errNoSuchDocument
	}
	s := journal.Stream{Name: domaindpo.SpecialStreamName(id), StaleCode: "dpo.special.changed_meanwhile"}
	for attempt := 0; ; attempt++ {
		now := h.journal.Now()
		m := new(domaindpo.SpecialCategoryMarking)
		sp, err := h.journal.Replay(ctx, s.Name, "", func(ev domain.Event, _ bool) { m.Apply(ev) })
		if err != nil {
			return SpecialResult{}, err
		}
		events, err := m.Mark(domaindpo.SpecialCategoryMarked{DocumentID: id, MatterID: doc.MatterID(), DataSubject: doc.DataSubject(),
			Categories: cmd.Categories, Grounds: cmd.Grounds, MarkedAt: now, MarkedBy: cmd.Actor.ID})
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
