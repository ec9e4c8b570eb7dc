package domain

import (
	"encoding/json"
	"fmt"
	"strings"
)

// EntryKey is the data-subject ID of the key of one free-text entry (a
// communication's text, a task's), owned by owner: the person or matter
// whose key sealed such text before entry keys. Its own key lets one
// entry's text be made unreadable (a redaction destroys it) while the
// owner keeps everything else; the key store destroys an owner's entry
// keys with the owner's (crypto.Keyring.Shred), so erasing a person or
// ending a matter's retention still reaches every entry. entry names the
// record and its generation ("task-<id>", "task-<id>.1" after the first
// redaction): chosen by the decision, not by chance, so a retried command
// decides the same event. Owner IDs never hold '/' (ValidID).
func EntryKey(owner, entry string) string { return owner + "/" + entry }

// KeyOwner is the owner of an entry key, and any other subject itself.
func KeyOwner(subject string) string {
	owner, _, _ := strings.Cut(subject, "/")
	return owner
}

// Upcast lifts one event type's stored JSON from schema version From to
// From+1 (the codec runs it before opening sealed fields).
type Upcast struct {
	EventType string
	From      int
	Lift      func(data []byte) ([]byte, error)
}

// CopyField is an Upcast's Lift that sets field to, where absent, to the
// value of field from: an event that sealed its text with its owner's key
// names that key as its text's subject.
func CopyField(from, to string) func([]byte) ([]byte, error) {
	return func(data []byte) ([]byte, error) {
		var obj map[string]json.RawMessage
		if err := json.Unmarshal(data, &obj); err != nil {
			return nil, fmt.Errorf("upcast: not a JSON object")
		}
		if _, has := obj[to]; !has {
			obj[to] = obj[from]
		}
		return json.Marshal(obj)
	}
}
