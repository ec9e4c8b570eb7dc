package eventstore

import (
	"encoding/base64"
	"encoding/binary"
	"encoding/json"

	"github.com/google/uuid"
)

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
