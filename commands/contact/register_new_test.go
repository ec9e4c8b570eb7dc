package contact_test

import (
	"context"
	"slices"
	"testing"

	"github.com/google/uuid"

	"github.com/klient-crm/klient/commands/journal"
	"github.com/klient-crm/klient/domain"
	"github.com/klient-crm/klient/domain/contact"
)

// Registrations decided on empty contacts are created in one write; a
// batch that holds an existing contact is written stream by stream, the
// existing one refused alone (as for any registration expecting no
// stream), the others created.
func TestCreateNewRegistrations(t *testing.T) {
	t.Parallel()
	w := newWorld(t)
	ctx, now := context.Background(), today
	existing := registerPerson(t, w, tolvan())
	fresh := []string{uuid.NewString(), uuid.NewString()}
	var streams []journal.NewStream
	for _, id := range fresh {
		s, err := w.Contacts.NewRegistration(id, &contact.PersonDetails{GivenName: "Ny", FamilyName: "Person"}, nil, now)
		must(t, err)
		streams = append(streams, s)
	}
	_, errs, err := w.Contacts.CreateNew(ctx, staff, streams, now)
	must(t, err)
	if errs[0] != nil || errs[1] != nil || !slices.Equal(w.Types(t, fresh[1]), []string{contact.TypePersonRegistered}) {
		t.Fatalf("a batch of new contacts: %v, %v", errs, w.Types(t, fresh[1]))
	}

	again, err := w.Contacts.NewRegistration(existing.ContactID, &contact.PersonDetails{GivenName: "Annan", FamilyName: "Person"}, nil, now)
	must(t, err)
	third := uuid.NewString()
	other, err := w.Contacts.NewRegistration(third, nil, &contact.OrganisationDetails{Name: "Ny AB"}, now)
	must(t, err)
	_, errs, err = w.Contacts.CreateNew(ctx, staff, []journal.NewStream{again, other}, now)
	must(t, err)
	if !domain.IsKind(errs[0], domain.KindConflict) || errs[1] != nil {
		t.Fatalf("a batch with an existing contact: %v", errs)
	}
	if types := w.Types(t, existing.ContactID); len(types) != 1 {
		t.Fatalf("the existing contact got %v", types)
	}
	if types := w.Types(t, third); !slices.Equal(types, []string{contact.TypeOrganisationRegistered}) {
		t.Fatalf("the batch's new organisation: %v", types)
	}
	if _, _, err := w.Contacts.CreateNew(ctx, journal.Actor{}, []journal.NewStream{other}, now); !domain.IsKind(err, domain.KindForbidden) {
		t.Fatalf("no actor: %v", err)
	}
}
