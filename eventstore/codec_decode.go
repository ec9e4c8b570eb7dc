package eventstore

import (
	"context"
	"encoding/base64"
	"encoding/json"
	"fmt"
	"reflect"
	"slices"

	"github.com/klient-crm/klient/domain"
)

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
