package history

import (
	"encoding/json"
	"reflect"
	"strings"
)

// ErasedMark stands in for a personal field whose subject's key is gone.
var ErasedMark = json.RawMessage(`"erased"`)

// undecodable is what an event this build cannot decode changed, for all
// anyone can tell.
var undecodable = json.RawMessage(`{"undecodable": "this build does not know the event type"}`)

// Changes is what an event changed: its fields as JSON, opened where the
// keys exist and "erased" where they do not. Personal fields are found by
// the same struct tag the codec seals by (personal:"<SubjectField>").
func Changes(e Event) json.RawMessage {
	if e.Undecodable() {
		return undecodable
	}
	raw, err := json.Marshal(e.Event)
	if err != nil || len(e.Erased) == 0 {
		return raw
	}
	var fields map[string]json.RawMessage
	if json.Unmarshal(raw, &fields) != nil {
		return raw
	}
	v := reflect.ValueOf(e.Event)
	if v.Kind() != reflect.Struct {
		return raw
	}
	for i := range v.NumField() {
		if name, subject, ok := personalField(v, i); ok && e.IsErased(subject) {
			fields[name] = ErasedMark
		}
	}
	out, _ := json.Marshal(fields) // re-marshalling what was just unmarshalled
	return out
}

// personalField reports v's field i when it is personal: its JSON name and
// the subject whose key seals it.
func personalField(v reflect.Value, i int) (name, subject string, ok bool) {
	f := v.Type().Field(i)
	subjectField, ok := f.Tag.Lookup("personal")
	if !ok {
		return "", "", false
	}
	name, _, _ = strings.Cut(f.Tag.Get("json"), ",")
	if name == "" {
		name = f.Name
	}
	s := v.FieldByName(subjectField)
	if !s.IsValid() || s.Kind() != reflect.String {
		return "", "", false
	}
	return name, s.String(), true
}
