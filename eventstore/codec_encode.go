package eventstore

import (
	"context"
	"encoding/base64"
	"encoding/binary"
	"encoding/json"
	"fmt"
	"reflect"
	"slices"
	"strings"

	"github.com/google/uuid"

	"github.com/klient-crm/klient/domain"
)

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
