package eventstore

import (
	"errors"
	"fmt"
	"slices"
	"strings"
	"sync"

	"github.com/klient-crm/klient/domain"
)

// ErrUnknownEventType: the codec was asked about an event type nobody
// registered (a missing Register call at start-up, or an event written by a
// newer build).
var ErrUnknownEventType = errors.New("eventstore: event type not registered with the codec")

// Codec turns domain events into envelopes and back. It seals every field
// tagged `personal:"<SubjectField>"` with that subject's key, so the store
// only ever sees ciphertext where personal data would be. Register every
// event type (and upcaster) at start-up; Encode and Decode are then safe for
// concurrent use.
type Codec struct {
	sealer Sealer

	mu        sync.RWMutex
	schemas   map[string]*eventSchema // by event type
	upcasters map[upcastStep]Upcaster
}

// NewCodec returns a codec that seals with sealer (in production the crypto
// Keyring). A nil sealer is a wiring bug and panics.
func NewCodec(sealer Sealer) *Codec {
	if sealer == nil {
		panic("eventstore.NewCodec: nil Sealer")
	}
	return &Codec{
		sealer:    sealer,
		schemas:   make(map[string]*eventSchema),
		upcasters: make(map[upcastStep]Upcaster),
	}
}

// Register makes event types known, by EventType(), with their current
// SchemaVersion. Each event must be a struct value (not a pointer); Decode
// returns values of the same type. Registering a type twice, or a malformed
// personal tag, is refused, and then nothing of this call is registered.
func (c *Codec) Register(events ...domain.Event) error {
	c.mu.Lock()
	defer c.mu.Unlock()
	batch := make(map[string]*eventSchema, len(events))
	for _, ev := range events {
		s, err := newEventSchema(ev)
		if err != nil {
			return err
		}
		if _, dup := c.schemas[s.eventType]; dup {
			return fmt.Errorf("eventstore: event type %q is already registered", s.eventType)
		}
		if _, dup := batch[s.eventType]; dup {
			return fmt.Errorf("eventstore: event type %q is registered twice", s.eventType)
		}
		batch[s.eventType] = s
	}
	for t, s := range batch {
		c.schemas[t] = s
	}
	return nil
}

func (c *Codec) schema(eventType string) (*eventSchema, error) {
	c.mu.RLock()
	defer c.mu.RUnlock()
	s, ok := c.schemas[eventType]
	if !ok {
		return nil, fmt.Errorf("%w: %q", ErrUnknownEventType, eventType)
	}
	return s, nil
}

// SealedField is one field the codec seals: its event type, its JSON
// name, and the JSON name of the field that names whose key seals it.
type SealedField struct {
	EventType, Field, Subject string
}

// String is the field's name in the read models' declarations of what
// they hold (projections.Holding): "contact.PersonRegistered.details".
func (f SealedField) String() string { return f.EventType + "." + f.Field }

// SealedFields lists every field the registered event types seal, by
// event type and field: the registry the erasure's residue check is
// derived from, so a personal field added to an event is a field some
// read model must account for.
func (c *Codec) SealedFields() []SealedField {
	c.mu.RLock()
	defer c.mu.RUnlock()
	var out []SealedField
	for t, s := range c.schemas {
		for _, p := range s.personal {
			out = append(out, SealedField{EventType: t, Field: p.json, Subject: p.subjectJSON})
		}
	}
	slices.SortFunc(out, func(a, b SealedField) int { return strings.Compare(a.String(), b.String()) })
	return out
}
