package eventstore

import (
	"fmt"
	"reflect"
	"strings"

	"github.com/klient-crm/klient/domain"
)

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
