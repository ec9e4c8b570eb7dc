package eventstore

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"reflect"
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

// Sealer seals and opens personal data with a data subject's own key. The
// crypto package implements it. Open returns a *domain.Error of KindErased
// once the subject's key has been shredded.
type Sealer interface {
	Seal(ctx context.Context, subject string, plaintext, associatedData []byte) ([]byte, error)
	Open(ctx context.Context, subject string, ciphertext, associatedData []byte) ([]byte, error)
}

// KeyPrefetcher is an optional interface of a Sealer: it loads the keys of
// many subjects in one round trip, ahead of opening a batch of events that
// would otherwise load them one by one.
type KeyPrefetcher interface {
	Prefetch(ctx context.Context, subjects []string) error
}

// KeyEpoch is an optional interface of a Sealer: a number that changes
// whenever a key may have been destroyed (crypto.Keyring.Epoch).
type KeyEpoch interface {
	Epoch() uint64
}

// Decoded is an envelope with its event opened.
type Decoded struct {
	Envelope
	Event domain.Event
	// Erased lists subjects whose keys are gone: their personal fields in
	// Event were left at zero values and must be shown as erased.
	Erased []string
}

// IsErased reports whether subject's personal fields could not be opened.
func (d Decoded) IsErased(subject string) bool {
	for _, s := range d.Erased {
		if s == subject {
			return true
		}
	}
	return false
}

// eventSchema is what the codec knows of one event type, worked out once by
// reflection at Register.
type eventSchema struct {
	eventType string
	version   int
	typ       reflect.Type
	personal  []personalField
}

// personalField is a top-level field sealed with the key of the subject
// named by a sibling string field. JSON names are what is stored, so they,
// not Go names, go into the associated data and must never change.
type personalField struct {
	index       int
	json        string
	subjectIdx  int
	subjectJSON string
}

func newEventSchema(ev domain.Event) (*eventSchema, error) {
	if ev == nil {
		return nil, fmt.Errorf("eventstore: cannot register a nil event")
	}
	t := reflect.TypeOf(ev)
	s := &eventSchema{eventType: ev.EventType(), version: ev.SchemaVersion(), typ: t}
	switch {
	case t.Kind() != reflect.Struct:
		return nil, fmt.Errorf("eventstore: register %s as a struct value, not %s", t, t.Kind())
	case s.eventType == "":
		return nil, fmt.Errorf("eventstore: %s has an empty EventType", t)
	case s.version < 1:
		return nil, fmt.Errorf("eventstore: %s has SchemaVersion %d; versions start at 1", t, s.version)
	}
	for i := range t.NumField() {
		pf, ok, err := personalFieldOf(t, i)
		if err != nil {
			return nil, fmt.Errorf("eventstore: %s: %w", t, err)
		}
		if ok {
			s.personal = append(s.personal, pf)
		}
	}
	return s, nil
}

// personalFieldOf reads field i's personal tag, refusing tags the codec
// could not honour: silently storing a field unsealed is the one failure
// this package exists to prevent.
func personalFieldOf(t reflect.Type, i int) (personalField, bool, error) {
	f := t.Field(i)
	subjectName, tagged := f.Tag.Lookup("personal")
	if !tagged {
		return personalField{}, false, embeddedPersonal(f)
	}
	name, ok := jsonName(f)
	if !ok {
		return personalField{}, false, fmt.Errorf("personal field %s is not marshalled (unexported or json:\"-\")", f.Name)
	}
	sf, found := t.FieldByName(subjectName)
	switch {
	case !found || len(sf.Index) != 1:
		return personalField{}, false, fmt.Errorf("field %s names subject field %q, which is not a field of the event", f.Name, subjectName)
	case sf.Type.Kind() != reflect.String || sf.Tag.Get("personal") != "":
		return personalField{}, false, fmt.Errorf("subject field %s must be a plain (not personal) string", subjectName)
	}
	subjectJSON, ok := jsonName(sf)
	if !ok {
		return personalField{}, false, fmt.Errorf("subject field %s is not marshalled", subjectName)
	}
	return personalField{index: i, json: name, subjectIdx: sf.Index[0], subjectJSON: subjectJSON}, true, nil
}

// embeddedPersonal refuses personal tags inside an embedded struct: its
// fields are promoted to the top level of the JSON but would not be sealed.
func embeddedPersonal(f reflect.StructField) error {
	if !f.Anonymous || f.Type.Kind() != reflect.Struct {
		return nil
	}
	for j := range f.Type.NumField() {
		if _, tagged := f.Type.Field(j).Tag.Lookup("personal"); tagged {
			return fmt.Errorf("personal field %s.%s inside an embedded struct is not supported", f.Name, f.Type.Field(j).Name)
		}
	}
	return nil
}

// jsonName is the key encoding/json writes for f, and false when it writes
// none.
func jsonName(f reflect.StructField) (string, bool) {
	if !f.IsExported() {
		return "", false
	}
	name, _, _ := strings.Cut(f.Tag.Get("json"), ",")
	switch name {
	case "-":
		return "", false
	case "":
		return f.Name, true
	}
	return name, true
}

// Upcaster lifts one event type's stored JSON by one schema version. It sees
// the data as stored: personal fields are still sealed ({"$sealed":…}), so
// an upcaster may add, rename or reshape plain fields and may add a personal
// field only by leaving it absent; it must never rename a personal field (the
// field's JSON name is part of its ciphertext's binding).
type Upcaster func(data []byte) ([]byte, error)

type upcastStep struct {
	eventType string
	from      int
}

// RegisterUpcaster installs fn to lift eventType's data from fromVersion to
// fromVersion+1. Decode chains them up to the registered SchemaVersion.
func (c *Codec) RegisterUpcaster(eventType string, fromVersion int, fn func(data []byte) ([]byte, error)) error {
	if eventType == "" || fromVersion < 1 || fn == nil {
		return errors.New("eventstore: an upcaster needs an event type, a version >= 1 and a function")
	}
	c.mu.Lock()
	defer c.mu.Unlock()
	step := upcastStep{eventType, fromVersion}
	if _, dup := c.upcasters[step]; dup {
		return fmt.Errorf("eventstore: %s already has an upcaster from version %d", eventType, fromVersion)
	}
	c.upcasters[step] = fn
	return nil
}

// errWithheld stands in for a JSON error whose text may quote a value.
var errWithheld = errors.New("json error (detail withheld: it may quote personal data)")

// safeJSONError keeps what locates a JSON failure (field, Go type, offset)
// and drops what could quote personal data (values, characters), because
// errors reach the logs.
func safeJSONError(err error) error {
	var typeErr *json.UnmarshalTypeError
	var syntaxErr *json.SyntaxError
	var unsupportedType *json.UnsupportedTypeError
	switch {
	case errors.As(err, &typeErr):
		kind, _, _ := strings.Cut(typeErr.Value, " ") // "number 42" -> "number"
		return fmt.Errorf("json: field %q (%s) cannot hold a JSON %s", typeErr.Field, typeErr.Type, kind)
	case errors.As(err, &syntaxErr):
		return fmt.Errorf("json: syntax error at offset %d", syntaxErr.Offset)
	case errors.As(err, &unsupportedType):
		return err // names a Go type only
	}
	return errWithheld
}
