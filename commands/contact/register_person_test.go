package contact_test

import (
	"bytes"
	"context"
	"slices"
	"testing"

	"github.com/google/uuid"

	contactcmd "github.com/klient-crm/klient/commands/contact"
	"github.com/klient-crm/klient/domain"
	"github.com/klient-crm/klient/domain/contact"
)

func TestRegisterPersonSealsAndRecords(t *testing.T) {
	t.Parallel()
	w := newWorld(t)
	res := registerPerson(t, w, tolvan())
	envs := w.Stream(t, res.ContactID)
	if len(envs) != 1 || envs[0].Type != contact.TypePersonRegistered {
		t.Fatalf("stream %v", w.Types(t, res.ContactID))
	}
	env := envs[0]
	if res.Version != 0 || res.Position != env.Position {
		t.Fatalf("result %+v, event at %v", res, env.Position)
	}
	if env.Metadata.Actor != staff.ID || env.Metadata.CorrelationID != staff.CorrelationID || !env.Metadata.OccurredAt.Equal(today) {
		t.Fatalf("metadata %+v", env.Metadata)
	}
	for _, clear := range []string{"Tolvansson", "121212", "tolvan@exempel.se", "+46701234567"} {
		if bytes.Contains(env.Data, []byte(clear)) {
			t.Fatalf("personal data stored in the clear: %s", env.Data)
		}
	}
	decoded, err := w.Codec.Decode(context.Background(), env)
	must(t, err)
	got := decoded.Event.(contact.PersonRegistered).Details
	if got.Personnummer != "19121212-1212" || got.Phones[0].Number != "+46701234567" {
		t.Fatalf("details were not normalised: %+v", got)
	}
}

func TestRegisterPersonRetryIsSafe(t *testing.T) {
	t.Parallel()
	w := newWorld(t)
	h, err := contactcmd.NewRegisterPersonHandler(w.Contacts)
	must(t, err)
	id := uuid.NewString()
	cmd := contactcmd.RegisterPerson{Actor: staff, ContactID: id, Details: tolvan()}
	first, err := h.Handle(context.Background(), cmd)
	must(t, err)
	again, err := h.Handle(context.Background(), cmd)
	must(t, err)
	if again != first || first.ContactID != id {
		t.Fatalf("retry answered %+v, first %+v", again, first)
	}
	cmd.Details.GivenName = "Someone else"
	_, err = h.Handle(context.Background(), cmd)
	refusedWith(t, err, domain.KindConflict, "contact.id.taken")
	if got := w.Types(t, id); len(got) != 1 {
		t.Fatalf("stream %v, want the one registration", got)
	}
}

func TestRegisterWithBadInputWritesNothing(t *testing.T) {
	t.Parallel()
	w := newWorld(t)
	h, err := contactcmd.NewRegisterPersonHandler(w.Contacts)
	must(t, err)
	id := uuid.NewString()
	bad := tolvan()
	bad.Personnummer = "121212-1213"
	bad.Emails = append(bad.Emails, contact.Email{Address: "not an address"})
	_, err = h.Handle(context.Background(), contactcmd.RegisterPerson{Actor: staff, ContactID: id, Details: bad})
	refusedWith(t, err, domain.KindInvalid, "contact.personnummer.checksum")
	if got := problems(err); !slices.Equal(got, []string{"personnummer", "emails[1].address"}) {
		t.Fatalf("problems %v", got)
	}
	_, err = h.Handle(context.Background(), contactcmd.RegisterPerson{Actor: staff, ContactID: "not-a-uuid", Details: tolvan()})
	refusedWith(t, err, domain.KindInvalid, "contact.id.format")
	_, err = h.Handle(context.Background(), contactcmd.RegisterPerson{ContactID: id, Details: tolvan()})
	refusedWith(t, err, domain.KindForbidden, "auth.actor_required")
	if got := w.Types(t, id); len(got) != 0 {
		t.Fatalf("stream %v, want nothing written", got)
	}
}
