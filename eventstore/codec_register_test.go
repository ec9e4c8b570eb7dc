package eventstore_test

import (
	"context"
	"strings"
	"testing"

	"github.com/klient-crm/klient/domain"
	"github.com/klient-crm/klient/domain/contact"
	"github.com/klient-crm/klient/eventstore"
)

// plaintextSealer "seals" by copying: encryption off, for benchmarks and
// tests that are about the codec's shape only.
type plaintextSealer struct{}

func (plaintextSealer) Seal(_ context.Context, _ string, p, _ []byte) ([]byte, error) {
	return append([]byte(nil), p...), nil
}

func (plaintextSealer) Open(_ context.Context, _ string, c, _ []byte) ([]byte, error) {
	return append([]byte(nil), c...), nil
}

type (
	noSubjectField struct {
		Secret string `json:"secret" personal:"Missing"`
	}
	intSubject struct {
		ID     int    `json:"id"`
		Secret string `json:"secret" personal:"ID"`
	}
	hiddenPersonal struct {
		ID     string `json:"id"`
		Secret string `json:"-" personal:"ID"`
	}
	embedded struct{ noSubjectField }
)

func (noSubjectField) EventType() string  { return "test.NoSubjectField" }
func (noSubjectField) SchemaVersion() int { return 1 }
func (intSubject) EventType() string      { return "test.IntSubject" }
func (intSubject) SchemaVersion() int     { return 1 }
func (hiddenPersonal) EventType() string  { return "test.HiddenPersonal" }
func (hiddenPersonal) SchemaVersion() int { return 1 }
func (embedded) EventType() string        { return "test.Embedded" }
func (embedded) SchemaVersion() int       { return 1 }

func TestRegisterRefuses(t *testing.T) {
	t.Parallel()
	cases := map[string][]domain.Event{
		"duplicate type":          {contact.ContactArchived{}, contact.ContactArchived{}},
		"pointer":                 {&contact.ContactArchived{}},
		"missing subject field":   {noSubjectField{}},
		"non-string subject":      {intSubject{}},
		"unmarshalled personal":   {hiddenPersonal{}},
		"personal in embedded":    {embedded{}},
		"duplicate of registered": {contact.PersonRegistered{}},
	}
	for name, events := range cases {
		codec := eventstore.NewCodec(plaintextSealer{})
		if err := codec.Register(contact.PersonRegistered{}); err != nil {
			t.Fatal(err)
		}
		if err := codec.Register(events...); err == nil {
			t.Errorf("%s: Register accepted it", name)
		}
	}
}

// A refused batch registers nothing, so a retry after the fix is clean.
func TestRegisterIsAllOrNothing(t *testing.T) {
	t.Parallel()
	codec := eventstore.NewCodec(plaintextSealer{})
	if err := codec.Register(contact.ContactArchived{}, intSubject{}); err == nil {
		t.Fatal("Register accepted a bad batch")
	}
	if err := codec.Register(contact.ContactArchived{}); err != nil {
		t.Fatalf("the refused batch left %v behind", err)
	}
	if !strings.Contains(eventstore.ErrUnknownEventType.Error(), "not registered") {
		t.Error("sentinel message changed")
	}
}

// The codec lists the fields it seals, each with the field naming whose
// key seals it: what the read models' declarations of what they hold are
// checked against.
func TestSealedFieldsAreListed(t *testing.T) {
	t.Parallel()
	codec := eventstore.NewCodec(plaintextSealer{})
	if err := codec.Register(contact.ContactArchived{}, contact.PersonRegistered{}, contact.AffiliationAdded{}); err != nil {
		t.Fatal(err)
	}
	var got []string
	for _, f := range codec.SealedFields() {
		got = append(got, f.String()+" by "+f.Subject)
	}
	want := []string{"contact.AffiliationAdded.role by contact_id", "contact.PersonRegistered.details by contact_id"}
	if strings.Join(got, "; ") != strings.Join(want, "; ") {
		t.Errorf("sealed fields %v, want %v", got, want)
	}
}
