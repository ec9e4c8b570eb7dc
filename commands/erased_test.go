package commands_test

import (
	"context"
	"testing"

	"github.com/klient-crm/klient/commands"
	"github.com/klient-crm/klient/domain"
)

func TestErasedContactRefusesChanges(t *testing.T) {
	t.Parallel()
	w := newWorld(t)
	reg := registerPerson(t, w, tolvan())
	_, err := w.keyring.Shred(context.Background(), reg.ContactID)
	must(t, err)
	archive, err := commands.NewArchiveContactHandler(w.contacts)
	must(t, err)
	_, err = archive.Handle(context.Background(), commands.ArchiveContact{Actor: staff, ContactID: reg.ContactID})
	refusedWith(t, err, domain.KindErased, "contact.erased")
	if got := w.types(t, reg.ContactID); len(got) != 1 {
		t.Fatalf("stream %v, want only the registration", got)
	}
}

func TestConstructorsRefuseNil(t *testing.T) {
	t.Parallel()
	if _, err := commands.NewContacts(nil, nil, nil); err == nil {
		t.Error("NewContacts accepted nil dependencies")
	}
	constructors := map[string]func() error{
		"register person":       func() error { _, err := commands.NewRegisterPersonHandler(nil); return err },
		"register organisation": func() error { _, err := commands.NewRegisterOrganisationHandler(nil); return err },
		"change details":        func() error { _, err := commands.NewChangeContactDetailsHandler(nil); return err },
		"archive":               func() error { _, err := commands.NewArchiveContactHandler(nil); return err },
		"reactivate":            func() error { _, err := commands.NewReactivateContactHandler(nil); return err },
		"add affiliation":       func() error { _, err := commands.NewAddAffiliationHandler(nil); return err },
		"end affiliation":       func() error { _, err := commands.NewEndAffiliationHandler(nil); return err },
	}
	for name, construct := range constructors {
		if construct() == nil {
			t.Errorf("%s: constructor accepted a nil repository", name)
		}
	}
}
