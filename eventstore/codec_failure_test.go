package eventstore_test

import (
	"context"
	"encoding/base64"
	"encoding/json"
	"errors"
	"strings"
	"testing"

	"github.com/google/uuid"
	"github.com/klient-crm/klient/domain"
	"github.com/klient-crm/klient/domain/contact"
	"github.com/klient-crm/klient/eventstore"
)

// rewriteSealed applies edit to the sealed "details" of env's data.
func rewriteSealed(t *testing.T, env eventstore.Envelope, edit func(obj map[string]json.RawMessage)) eventstore.Envelope {
	t.Helper()
	var obj map[string]json.RawMessage
	if err := json.Unmarshal(env.Data, &obj); err != nil {
		t.Fatal(err)
	}
	edit(obj)
	data, err := json.Marshal(obj)
	if err != nil {
		t.Fatal(err)
	}
	env.Data = data
	return env
}

func flipLastByte(t *testing.T) func(map[string]json.RawMessage) {
	return func(obj map[string]json.RawMessage) {
		var sealed map[string]string
		if err := json.Unmarshal(obj["details"], &sealed); err != nil {
			t.Fatal(err)
		}
		ct, _ := base64.StdEncoding.DecodeString(sealed["$sealed"])
		ct[len(ct)-1] ^= 1
		obj["details"], _ = json.Marshal(map[string]string{"$sealed": base64.StdEncoding.EncodeToString(ct)})
	}
}

// A ciphertext that does not open is an error, never "erased", and the
// error quotes no personal data.
func TestDecodeFailsLoudlyOnBadCiphertext(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	w := newCodecWorld(t)
	person := uuid.NewString()
	ev := contact.PersonRegistered{ContactID: person, Details: personDetails()}
	first, err := w.codec.Encode(ctx, newID(t), ev, meta())
	if err != nil {
		t.Fatal(err)
	}
	second, err := w.codec.Encode(ctx, newID(t), contact.PersonDetailsChanged(ev), meta())
	if err != nil {
		t.Fatal(err)
	}
	cases := map[string]eventstore.Envelope{
		"tampered":             rewriteSealed(t, first, flipLastByte(t)),
		"moved to other event": rewriteSealed(t, second, func(obj map[string]json.RawMessage) { obj["details"] = sealedOf(t, first) }),
		"unsealed":             rewriteSealed(t, first, func(obj map[string]json.RawMessage) { obj["details"], _ = json.Marshal(ev.Details) }),
		"other subject":        rewriteSealed(t, first, func(obj map[string]json.RawMessage) { obj["contact_id"], _ = json.Marshal(uuid.NewString()) }),
	}
	for name, env := range cases {
		d, err := w.codec.Decode(ctx, env)
		if err == nil || domain.IsKind(err, domain.KindErased) || len(d.Erased) != 0 {
			t.Errorf("%s: Decode = %+v, %v; want a loud error", name, d.Erased, err)
			continue
		}
		for _, c := range canaries {
			if strings.Contains(err.Error(), c) {
				t.Errorf("%s: error quotes personal data: %v", name, err)
			}
		}
	}
}

func sealedOf(t *testing.T, env eventstore.Envelope) json.RawMessage {
	var obj map[string]json.RawMessage
	if err := json.Unmarshal(env.Data, &obj); err != nil {
		t.Fatal(err)
	}
	return obj["details"]
}

func TestEncodeRefusesMissingSubject(t *testing.T) {
	t.Parallel()
	w := newCodecWorld(t)
	_, err := w.codec.Encode(context.Background(), newID(t), contact.PersonRegistered{Details: personDetails()}, meta())
	if !domain.IsKind(err, domain.KindInvalid) {
		t.Fatalf("Encode without subject: %v; want invalid", err)
	}
	_, err = w.codec.Encode(context.Background(), uuid.Nil, contact.ContactArchived{ContactID: "x"}, meta())
	if !domain.IsKind(err, domain.KindInvalid) {
		t.Fatalf("Encode without event ID: %v; want invalid", err)
	}
}

func TestUnknownEventTypeIsClear(t *testing.T) {
	t.Parallel()
	codec := eventstore.NewCodec(plaintextSealer{})
	_, err := codec.Decode(context.Background(), eventstore.Envelope{ID: uuid.New(), Type: "contact.Nope", SchemaVersion: 1, Data: []byte(`{}`)})
	if !errors.Is(err, eventstore.ErrUnknownEventType) || !strings.Contains(err.Error(), "contact.Nope") {
		t.Errorf("Decode of an unknown type: %v", err)
	}
	_, err = codec.Encode(context.Background(), uuid.New(), contact.ContactArchived{ContactID: "x"}, meta())
	if !errors.Is(err, eventstore.ErrUnknownEventType) {
		t.Errorf("Encode of an unregistered type: %v", err)
	}
}
