package commands_test

import (
	"context"
	"testing"

	"github.com/klient-crm/klient/commands"
	"github.com/klient-crm/klient/domain/contact"
)

func tolvan() contact.PersonDetails {
	return contact.PersonDetails{
		GivenName:    "Tolvan",
		FamilyName:   "Tolvansson",
		Personnummer: "121212+1212",
		Emails:       []contact.Email{{Address: "tolvan@exempel.se"}},
		Phones:       []contact.Phone{{Number: "070-123 45 67"}},
	}
}

func exempelAB() contact.OrganisationDetails {
	return contact.OrganisationDetails{Name: "Exempel AB", Organisationsnummer: "556016-0680"}
}

func registerPerson(t *testing.T, w *world, d contact.PersonDetails) commands.Result {
	t.Helper()
	h, err := commands.NewRegisterPersonHandler(w.contacts)
	must(t, err)
	res, err := h.Handle(context.Background(), commands.RegisterPerson{Actor: staff, Details: d})
	must(t, err)
	return res
}

func registerOrganisation(t *testing.T, w *world, d contact.OrganisationDetails) commands.Result {
	t.Helper()
	h, err := commands.NewRegisterOrganisationHandler(w.contacts)
	must(t, err)
	res, err := h.Handle(context.Background(), commands.RegisterOrganisation{Actor: staff, Details: d})
	must(t, err)
	return res
}
