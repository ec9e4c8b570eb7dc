package contact_test

import (
	"context"
	"slices"
	"testing"

	contactcmd "github.com/klient-crm/klient/commands/contact"
	"github.com/klient-crm/klient/domain"
	"github.com/klient-crm/klient/domain/contact"
)

func TestArchiveAndReactivate(t *testing.T) {
	t.Parallel()
	w := newWorld(t)
	reg := registerOrganisation(t, w, exempelAB())
	archive, err := contactcmd.NewArchiveContactHandler(w.Contacts)
	must(t, err)
	reactivate, err := contactcmd.NewReactivateContactHandler(w.Contacts)
	must(t, err)
	ctx := context.Background()
	archived, err := archive.Handle(ctx, contactcmd.ArchiveContact{Actor: staff, ContactID: reg.ContactID, ExpectedVersion: 0})
	must(t, err)
	again, err := archive.Handle(ctx, contactcmd.ArchiveContact{Actor: staff, ContactID: reg.ContactID, ExpectedVersion: archived.Version})
	must(t, err)
	if again != archived {
		t.Fatalf("archiving twice answered %+v, then %+v", archived, again)
	}
	back, err := reactivate.Handle(ctx, contactcmd.ReactivateContact{Actor: staff, ContactID: reg.ContactID, ExpectedVersion: archived.Version})
	must(t, err)
	if back.Version != 2 {
		t.Fatalf("reactivated at %+v", back)
	}
	want := []string{contact.TypeOrganisationRegistered, contact.TypeContactArchived, contact.TypeContactReactivated}
	if got := w.Types(t, reg.ContactID); !slices.Equal(got, want) {
		t.Fatalf("stream %v, want %v", got, want)
	}
	_, err = archive.Handle(ctx, contactcmd.ArchiveContact{Actor: staff, ContactID: "nonsense"})
	refusedWith(t, err, domain.KindNotFound, "contact.not_found")
}
