package dpo

import (
	"context"
	"time"

	contactcmd "github.com/klient-crm/klient/commands/contact"
	"github.com/klient-crm/klient/commands/journal"
	"github.com/klient-crm/klient/domain"
	domaindpo "github.com/klient-crm/klient/domain/dpo"
	"github.com/klient-crm/klient/eventstore"
)

// MarkContactSpecialCategory marks a contact, or one of its fields, as
// holding special categories of personal data (art. 9) or data on
// offences (art. 10), with the grounds; no categories lifts that marking.
// Who may mark (a lawyer of one of the contact's matters, or the DPO) is
// the caller's to check.
type MarkContactSpecialCategory struct {
	Actor      journal.Actor
	ContactID  string
	Field      domaindpo.ContactField
	Categories []domaindpo.SpecialCategory
	Grounds    []domaindpo.SpecialGround
}

// MarkContactSpecialCategoryHandler handles MarkContactSpecialCategory.
type MarkContactSpecialCategoryHandler struct{ journal journal.Journal }

// NewMarkContactSpecialCategoryHandler returns the handler over the log;
// clock is the only source of "now".
func NewMarkContactSpecialCategoryHandler(store journal.EventStore, codec journal.EventCodec, clock func() time.Time) (*MarkContactSpecialCategoryHandler, error) {
	j, err := journal.New("NewMarkContactSpecialCategoryHandler", store, codec, clock)
	if err != nil {
		return nil, err
	}
	return &MarkContactSpecialCategoryHandler{journal: j}, nil
}

// ContactSpecialResult tells the caller where the marking was left.
type ContactSpecialResult struct {
	ContactID string
	Position  eventstore.Position
}

var errNoSuchContact = domain.NotFound("there is no such contact").WithCode("contact.not_found")

// Handle reads the contact from its own stream and refuses one the actor
// may not know of, one never registered, erased or merged away as
// unknown (its key seals the marking, and a merged contact's page is the
// survivor's), then decides on the marking of the field as it is now.
func (h *MarkContactSpecialCategoryHandler) Handle(ctx context.Context, cmd MarkContactSpecialCategory) (ContactSpecialResult, error) {
	if err := cmd.Actor.Check(); err != nil {
		return ContactSpecialResult{}, err
	}
	id, err := journal.ExistingID(cmd.ContactID, errNoSuchContact)
	if err != nil {
		return ContactSpecialResult{}, err
	}
	c, _, err := contactcmd.LoadAs(ctx, &h.journal, cmd.Actor, id)
	if err != nil {
		return ContactSpecialResult{}, err
	}
	if !c.Exists() || c.Erased() || c.MergedInto() != "" {
		return ContactSpecialResult{}, errNoSuchContact
	}
	s := journal.Stream{Name: domaindpo.ContactSpecialStreamName(id), StaleCode: "dpo.special.changed_meanwhile"}
	for attempt := 0; ; attempt++ {
		now := h.journal.Now()
		m := new(domaindpo.ContactSpecialMarking)
		sp, err := h.journal.Replay(ctx, s.Name, id, func(ev domain.Event, _ bool) { m.Apply(ev) })
		if err != nil {
			return ContactSpecialResult{}, err
		}
		events, err := m.Mark(domaindpo.ContactSpecialCategoryMarked{ContactID: id, Field: cmd.Field,
			Categories: cmd.Categories, Grounds: cmd.Grounds, MarkedAt: now, MarkedBy: cmd.Actor.ID})
		if err != nil || len(events) == 0 {
			return ContactSpecialResult{ContactID: id, Position: sp.Last}, err
		}
		expected := eventstore.NoStream
		if sp.Found {
			expected = eventstore.Exact(sp.Version)
		}
		res, err := h.journal.Append(ctx, cmd.Actor, s, expected, events, now)
		if attempt < 3 && journal.IsStale(err) {
			continue
		}
		return ContactSpecialResult{ContactID: id, Position: res.LastPosition}, err
	}
}
