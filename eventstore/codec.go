package eventstore

import (
	"context"
	"encoding/base64"
	"encoding/binary"
	"encoding/json"
	"errors"
	"fmt"
	"reflect"
	"slices"
	"strings"
	"sync"

	"github.com/google/uuid"

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

// Encode marshals ev to JSON with every personal field sealed by its
// subject's key, and returns the envelope to append (Stream, Version,
// Position and RecordedAt are the store's to set). It adds the subjects it
// sealed for to meta.Subjects (distinct, sorted). A personal field whose
// subject ID is empty is refused as invalid.
func (c *Codec) Encode(ctx context.Context, id uuid.UUID, ev domain.Event, meta Metadata) (Envelope, error) {
	if id == uuid.Nil {
		return Envelope{}, domain.Invalid("id", "an event needs an ID")
	}
	if ev == nil {
		return Envelope{}, domain.Invalid("event", "no event to encode")
	}
	s, v, err := c.schemaOf(ev)
	if err != nil {
		return Envelope{}, err
	}
	data, err := json.Marshal(v.Interface())
	if err != nil {
		return Envelope{}, fmt.Errorf("eventstore: encode %s: %w", s.eventType, safeJSONError(err))
	}
	data, subjects, err := c.sealFields(ctx, id, s, v, data)
	if err != nil {
		return Envelope{}, err
	}
	meta.Subjects = mergeSubjects(meta.Subjects, subjects)
	return Envelope{ID: id, Type: s.eventType, SchemaVersion: s.version, Data: data, Metadata: meta}, nil
}

// schemaOf finds ev's registered schema and its struct value; a pointer to
// a registered struct is accepted.
func (c *Codec) schemaOf(ev domain.Event) (*eventSchema, reflect.Value, error) {
	s, err := c.schema(ev.EventType())
	if err != nil {
		return nil, reflect.Value{}, err
	}
	v := reflect.ValueOf(ev)
	if v.Kind() == reflect.Pointer && !v.IsNil() {
		v = v.Elem()
	}
	if v.Type() != s.typ {
		return nil, reflect.Value{}, fmt.Errorf("eventstore: event type %q is registered as %s, not %s", s.eventType, s.typ, v.Type())
	}
	return s, v, nil
}

// sealFields replaces each personal field's JSON value with its sealed form.
func (c *Codec) sealFields(ctx context.Context, id uuid.UUID, s *eventSchema, v reflect.Value, data []byte) ([]byte, []string, error) {
	if len(s.personal) == 0 {
		return data, nil, nil
	}
	var obj map[string]json.RawMessage
	if err := json.Unmarshal(data, &obj); err != nil {
		return nil, nil, fmt.Errorf("eventstore: encode %s: not a JSON object: %w", s.eventType, safeJSONError(err))
	}
	subjects := make([]string, 0, len(s.personal))
	for _, pf := range s.personal {
		subject := v.Field(pf.subjectIdx).String()
		if subject == "" {
			return nil, nil, domain.Invalid(pf.subjectJSON, "the data subject of field %s is missing", pf.json)
		}
		raw, present := obj[pf.json]
		if !present {
			continue // omitempty left nothing to seal
		}
		ct, err := c.sealer.Seal(ctx, subject, raw, sealAD(subject, s.eventType, id, pf.json))
		if err != nil {
			return nil, nil, fmt.Errorf("eventstore: seal %s field %s: %w", s.eventType, pf.json, err)
		}
		obj[pf.json] = sealedJSON(ct)
		subjects = append(subjects, subject)
	}
	out, err := json.Marshal(obj)
	return out, subjects, err
}

// mergeSubjects lists every subject sealed for, and the owner of an entry
// key ("<owner>/<entry>", domain.EntryKey) beside it: the event is about the
// owner (an erasure's census, the audit trail's walls and the key prefetch
// find it by the owner), while the entry's own key is what seals its text.
func mergeSubjects(have, add []string) []string {
	if len(add) == 0 && len(have) == 0 {
		return have
	}
	all := append(slices.Clone(have), add...)
	for _, s := range add {
		if owner, _, family := strings.Cut(s, "/"); family {
			all = append(all, owner)
		}
	}
	slices.Sort(all)
	return slices.Compact(all)
}

// sealedKey marks a sealed value in stored JSON: {"$sealed":"<base64>"}.
// No event field can be named "$sealed", so the form is unambiguous.
const sealedKey = "$sealed"

// adVersion starts every codec associated data, so the binding can change
// shape later without old ciphertexts opening under a new meaning.
const adVersion = "klient.codec.v1"

func sealedJSON(ciphertext []byte) json.RawMessage {
	out := make([]byte, 0, len(sealedKey)+base64.StdEncoding.EncodedLen(len(ciphertext))+8)
	out = append(out, `{"`+sealedKey+`":"`...)
	out = base64.StdEncoding.AppendEncode(out, ciphertext)
	return append(out, `"}`...)
}

// sealAD binds a sealed value to its subject, event type, event ID and
// field: a ciphertext copied to another event, field or subject does not
// open. Parts are length-prefixed so no two bindings share an encoding. The
// subject is bound here too, not only by the Keyring, so the binding holds
// whatever Sealer is used.
func sealAD(subject, eventType string, id uuid.UUID, field string) []byte {
	out := make([]byte, 0, len(adVersion)+len(subject)+len(eventType)+len(field)+16+8)
	out = append(out, adVersion...)
	for _, part := range []string{subject, eventType, string(id[:]), field} {
		out = binary.AppendUvarint(out, uint64(len(part)))
		out = append(out, part...)
	}
	return out
}

// Decode upcasts env's data to the registered version, opens its sealed
// fields and unmarshals it into a new value (not a pointer) of the
// registered type. A field whose subject was erased is left at its zero
// value and the subject is listed in Decoded.Erased: decoding never fails
// because a key is gone. Any other failure to open (a tampered ciphertext,
// a missing key) is an error.
func (c *Codec) Decode(ctx context.Context, env Envelope) (Decoded, error) {
	s, err := c.schema(env.Type)
	if err != nil {
		return Decoded{}, fmt.Errorf("eventstore: decode event %s: %w", env.ID, err)
	}
	data, err := c.upcast(env.Type, env.SchemaVersion, s.version, env.Data)
	if err != nil {
		return Decoded{}, fmt.Errorf("eventstore: decode event %s: %w", env.ID, err)
	}
	data, erased, err := c.openFields(ctx, env, s, data)
	if err != nil {
		return Decoded{}, err
	}
	ptr := reflect.New(s.typ)
	if err := json.Unmarshal(data, ptr.Interface()); err != nil {
		return Decoded{}, fmt.Errorf("eventstore: decode event %s (%s): %w", env.ID, env.Type, safeJSONError(err))
	}
	return Decoded{Envelope: env, Event: ptr.Elem().Interface().(domain.Event), Erased: erased}, nil
}

// Prefetch asks the sealer to load, in one go, the keys of every subject
// whose key seals a field of envs (the envelopes name them), so that
// decoding a batch does not wait for one key-store read per subject. A
// sealer that cannot prefetch makes it a no-op; a failed prefetch only
// means the keys are read one by one again.
func (c *Codec) Prefetch(ctx context.Context, envs []Envelope) error {
	p, ok := c.sealer.(KeyPrefetcher)
	if !ok {
		return nil
	}
	var subjects []string
	for _, env := range envs {
		subjects = append(subjects, env.Metadata.Subjects...)
	}
	slices.Sort(subjects)
	return p.Prefetch(ctx, slices.Compact(subjects))
}

// KeyEpoch is the sealer's key epoch (see KeyEpoch), or 0 when the sealer
// keeps none: opened events kept past it may hold plaintext of a subject
// erased since.
func (c *Codec) KeyEpoch() uint64 {
	if e, ok := c.sealer.(KeyEpoch); ok {
		return e.Epoch()
	}
	return 0
}

// openFields replaces each sealed personal value with its plaintext, or
// drops it when the subject was erased.
func (c *Codec) openFields(ctx context.Context, env Envelope, s *eventSchema, data []byte) ([]byte, []string, error) {
	if len(s.personal) == 0 {
		return data, nil, nil
	}
	var obj map[string]json.RawMessage
	if err := json.Unmarshal(data, &obj); err != nil {
		return nil, nil, fmt.Errorf("eventstore: decode event %s: data is not a JSON object: %w", env.ID, safeJSONError(err))
	}
	var erased []string
	for _, pf := range s.personal {
		subject, gone, err := c.openField(ctx, env, s, pf, obj)
		if err != nil {
			return nil, nil, fmt.Errorf("eventstore: decode event %s (%s) field %s: %w", env.ID, env.Type, pf.json, err)
		}
		if gone {
			erased = append(erased, subject)
		}
	}
	out, err := json.Marshal(obj)
	if err != nil {
		return nil, nil, fmt.Errorf("eventstore: decode event %s: %w", env.ID, safeJSONError(err))
	}
	slices.Sort(erased)
	return out, slices.Compact(erased), nil
}

// openField opens one personal field in obj in place. An absent or null
// field is left alone; a present one must be sealed, so data written
// unsealed by mistake is noticed rather than trusted.
func (c *Codec) openField(ctx context.Context, env Envelope, s *eventSchema, pf personalField, obj map[string]json.RawMessage) (string, bool, error) {
	raw, present := obj[pf.json]
	if !present || string(raw) == "null" {
		return "", false, nil
	}
	ct, ok := parseSealed(raw)
	if !ok {
		return "", false, fmt.Errorf("personal field is stored unsealed")
	}
	var subject string
	if err := json.Unmarshal(obj[pf.subjectJSON], &subject); err != nil || subject == "" {
		return "", false, fmt.Errorf("subject field %s is missing", pf.subjectJSON)
	}
	pt, err := c.sealer.Open(ctx, subject, ct, sealAD(subject, s.eventType, env.ID, pf.json))
	switch {
	case domain.IsKind(err, domain.KindErased):
		delete(obj, pf.json)
		return subject, true, nil
	case err != nil:
		return "", false, err
	}
	obj[pf.json] = pt
	return subject, false, nil
}

// parseSealed returns the ciphertext of a sealed value, and false for
// anything else.
func parseSealed(raw json.RawMessage) ([]byte, bool) {
	var obj map[string]string
	if json.Unmarshal(raw, &obj) != nil || len(obj) != 1 {
		return nil, false
	}
	b64, ok := obj[sealedKey]
	if !ok {
		return nil, false
	}
	ct, err := base64.StdEncoding.DecodeString(b64)
	return ct, err == nil
}

// upcast runs the chain from stored version from to current version to.
func (c *Codec) upcast(eventType string, from, to int, data []byte) ([]byte, error) {
	if from < 1 || from > to {
		return nil, fmt.Errorf("%s stored at schema version %d; this build reads versions 1 to %d", eventType, from, to)
	}
	for v := from; v < to; v++ {
		c.mu.RLock()
		fn, ok := c.upcasters[upcastStep{eventType, v}]
		c.mu.RUnlock()
		if !ok {
			return nil, fmt.Errorf("%s has no upcaster from schema version %d", eventType, v)
		}
		var err error
		if data, err = fn(data); err != nil {
			return nil, fmt.Errorf("upcast %s from version %d: %w", eventType, v, err)
		}
	}
	return data, nil
}
