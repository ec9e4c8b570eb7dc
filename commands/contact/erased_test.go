package contact_test

import (
	"context"
	"testing"

	contactcmd "github.com/klient-crm/klient/commands/contact"
	"github.com/klient-crm/klient/domain"
)

func TestErasedContactRefusesChanges(t *testing.T) {
	t.Parallel()
	w := newWorld(t)
	reg := registerPerson(t, w, tolvan())
	_, err := w.Keyring.Shred(context.Background(), reg.ContactID)
	must(t, err)
	archive, err := contactcmd.NewArchiveContactHandler(w.Contacts)
	must(t, err)
	_, err = archive.Handle(context.Background(), contactcmd.ArchiveContact{Actor: staff, ContactID: reg.ContactID})
	refusedWith(t, err, domain.KindErased, "contact.erased")
	if got := w.Types(t, reg.ContactID); len(got) != 1 {
		t.Fatalf("stream %v, want only the registration", got)
	}
}

func TestConstructorsRefuseNil(t *testing.T) {
	t.Parallel()
	if _, err := contactcmd.NewContacts(nil, nil, nil); err == nil {
		t.Error("NewContacts accepted nil dependencies")
	}
	constructors := map[string]func() error{
		"register person":       func() error { _, err := contactcmd.NewRegisterPersonHandler(nil); return err },
		"register organisation": func() error { _, err := contactcmd.NewRegisterOrganisationHandler(nil); return err },
		"change details":        func() error { _, err := contactcmd.NewChangeContactDetailsHandler(nil); return err },
		"archive":               func() error { _, err := contactcmd.NewArchiveContactHandler(nil); return err },
		"reactivate":            func() error { _, err := contactcmd.NewReactivateContactHandler(nil); return err },
		"add affiliation":       func() error { _, err := contactcmd.NewAddAffiliationHandler(nil); return err },
		"end affiliation":       func() error { _, err := contactcmd.NewEndAffiliationHandler(nil); return err },
	}
	for name, construct := range constructors {
		if construct() == nil {
			t.Errorf("%s: constructor accepted a nil repository", name)
		}
	}
}
