package eventstore_test

import (
	"context"
	"reflect"
	"slices"
	"strings"
	"testing"

	"github.com/google/uuid"
	"github.com/klient-crm/klient/domain"
	"github.com/klient-crm/klient/domain/contact"
	"github.com/klient-crm/klient/eventstore"
)

func contactEvents(person, org string) []domain.Event {
	return []domain.Event{
		contact.PersonRegistered{ContactID: person, Details: personDetails()},
		contact.OrganisationRegistered{ContactID: org, Details: orgDetails()},
		contact.PersonDetailsChanged{ContactID: person, Details: personDetails()},
		contact.OrganisationDetailsChanged{ContactID: org, Details: orgDetails()},
		contact.ContactArchived{ContactID: person},
		contact.ContactReactivated{ContactID: person},
		contact.AffiliationAdded{ContactID: person, OrganisationID: org, Role: canaryRole},
		contact.AffiliationEnded{ContactID: person, OrganisationID: org},
	}
}

func TestCodecRoundTripsContactEvents(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	w := newCodecWorld(t)
	person, org := uuid.NewString(), uuid.NewString()
	for _, ev := range contactEvents(person, org) {
		env, err := w.codec.Encode(ctx, newID(t), ev, meta())
		if err != nil {
			t.Fatalf("Encode %s: %v", ev.EventType(), err)
		}
		if env.Type != ev.EventType() || env.SchemaVersion != ev.SchemaVersion() {
			t.Errorf("%s: envelope type %q v%d", ev.EventType(), env.Type, env.SchemaVersion)
		}
		for _, c := range canaries {
			if strings.Contains(string(env.Data), c) {
				t.Errorf("%s: encoded data contains %q: %s", ev.EventType(), c, env.Data)
			}
		}
		d, err := w.codec.Decode(ctx, env)
		if err != nil {
			t.Fatalf("Decode %s: %v", ev.EventType(), err)
		}
		if !reflect.DeepEqual(d.Event, ev) || len(d.Erased) != 0 {
			t.Errorf("%s: decoded %+v (erased %v); want %+v", ev.EventType(), d.Event, d.Erased, ev)
		}
	}
}

func TestEncodeListsSealedSubjects(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	w := newCodecWorld(t)
	person, org := "b-person", "a-org"
	m := meta()
	m.Subjects = []string{person}
	env, err := w.codec.Encode(ctx, newID(t), contact.OrganisationRegistered{ContactID: org, Details: orgDetails()}, m)
	if err != nil {
		t.Fatal(err)
	}
	if want := []string{org, person}; !slices.Equal(env.Metadata.Subjects, want) {
		t.Errorf("Subjects = %v; want %v (distinct, sorted)", env.Metadata.Subjects, want)
	}
	if !strings.Contains(string(env.Data), `"contact_id":"`+org+`"`) || !strings.Contains(string(env.Data), `"$sealed"`) {
		t.Errorf("data %s: want the plain contact ID and a sealed details field", env.Data)
	}
}

func TestDecodedEventIsAValue(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	w := newCodecWorld(t)
	id := uuid.NewString()
	env, err := w.codec.Encode(ctx, newID(t), &contact.PersonRegistered{ContactID: id, Details: personDetails()}, meta())
	if err != nil {
		t.Fatal(err)
	}
	d, err := w.codec.Decode(ctx, env)
	if err != nil {
		t.Fatal(err)
	}
	switch ev := d.Event.(type) {
	case contact.PersonRegistered:
		if ev.Details.Personnummer != canaryPNR {
			t.Errorf("personnummer not restored")
		}
	default:
		t.Fatalf("decoded a %T; want contact.PersonRegistered", d.Event)
	}
}

func TestErasedSubjectDecodesToZeroFields(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	w := newCodecWorld(t)
	person, org := uuid.NewString(), uuid.NewString()
	added := contact.AffiliationAdded{ContactID: person, OrganisationID: org, Role: canaryRole}
	registered := contact.PersonRegistered{ContactID: person, Details: personDetails()}
	var envs []eventstore.Envelope
	for _, ev := range []domain.Event{registered, added} {
		env, err := w.codec.Encode(ctx, newID(t), ev, meta())
		if err != nil {
			t.Fatal(err)
		}
		envs = append(envs, env)
	}
	if _, err := w.keyring.Shred(ctx, person); err != nil {
		t.Fatal(err)
	}
	want := []domain.Event{contact.PersonRegistered{ContactID: person}, contact.AffiliationAdded{ContactID: person, OrganisationID: org}}
	for i, env := range envs {
		d, err := w.codec.Decode(ctx, env)
		if err != nil {
			t.Fatalf("Decode after erasure: %v", err)
		}
		if !reflect.DeepEqual(d.Event, want[i]) || !d.IsErased(person) || len(d.Erased) != 1 {
			t.Errorf("decoded %+v erased %v; want %+v erased [%s]", d.Event, d.Erased, want[i], person)
		}
	}
}
