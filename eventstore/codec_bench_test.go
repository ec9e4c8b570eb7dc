package eventstore_test

import (
	"context"
	"testing"

	"github.com/google/uuid"
	"github.com/klient-crm/klient/domain/contact"
	"github.com/klient-crm/klient/eventstore"
)

// benchCodec is encryption on (a real Keyring, key cached) or off (a
// sealer that copies), so the two figures differ only by sealing.
func benchCodec(b *testing.B, encrypted bool) *eventstore.Codec {
	if encrypted {
		return newCodecWorld(b).codec
	}
	codec := eventstore.NewCodec(plaintextSealer{})
	if err := codec.Register(contact.Events()...); err != nil {
		b.Fatal(err)
	}
	return codec
}

func benchEvent() contact.PersonRegistered {
	return contact.PersonRegistered{ContactID: uuid.NewString(), Details: personDetails()}
}

func benchmarkEncode(b *testing.B, encrypted bool) {
	ctx, codec, ev, id := context.Background(), benchCodec(b, encrypted), benchEvent(), newID(b)
	if _, err := codec.Encode(ctx, id, ev, meta()); err != nil { // creates and caches the key
		b.Fatal(err)
	}
	for b.Loop() {
		if _, err := codec.Encode(ctx, id, ev, meta()); err != nil {
			b.Fatal(err)
		}
	}
}

func benchmarkDecode(b *testing.B, encrypted bool) {
	ctx, codec := context.Background(), benchCodec(b, encrypted)
	env, err := codec.Encode(ctx, newID(b), benchEvent(), meta())
	if err != nil {
		b.Fatal(err)
	}
	for b.Loop() {
		if _, err := codec.Decode(ctx, env); err != nil {
			b.Fatal(err)
		}
	}
}

func BenchmarkEncodePersonRegisteredEncrypted(b *testing.B) { benchmarkEncode(b, true) }
func BenchmarkEncodePersonRegisteredPlaintext(b *testing.B) { benchmarkEncode(b, false) }
func BenchmarkDecodePersonRegisteredEncrypted(b *testing.B) { benchmarkDecode(b, true) }
func BenchmarkDecodePersonRegisteredPlaintext(b *testing.B) { benchmarkDecode(b, false) }
