package commandtest

import (
	"context"
	"testing"

	contactcmd "github.com/klient-crm/klient/commands/contact"
	"github.com/klient-crm/klient/domain/contact"
)

// Tolvan is a person's complete details (the Swedish test person).
func Tolvan() contact.PersonDetails {
	return contact.PersonDetails{
		GivenName:    "Tolvan",
		FamilyName:   "Tolvansson",
		Personnummer: "121212+1212",
		Emails:       []contact.Email{{Address: "tolvan@exempel.se"}},
		Phones:       []contact.Phone{{Number: "070-123 45 67"}},
	}
}

// ExempelAB is an organisation's details.
func ExempelAB() contact.OrganisationDetails {
	return contact.OrganisationDetails{Name: "Exempel AB", Organisationsnummer: "556016-0680"}
}

// RegisterPerson registers a person as Staff.
func RegisterPerson(t *testing.T, w *World, d contact.PersonDetails) contactcmd.Result {
	t.Helper()
	h, err := contactcmd.NewRegisterPersonHandler(w.Contacts)
	Must(t, err)
	res, err := h.Handle(context.Background(), contactcmd.RegisterPerson{Actor: Staff, Details: d})
	Must(t, err)
	return res
}

// RegisterOrganisation registers an organisation as Staff.
func RegisterOrganisation(t *testing.T, w *World, d contact.OrganisationDetails) contactcmd.Result {
	t.Helper()
	h, err := contactcmd.NewRegisterOrganisationHandler(w.Contacts)
	Must(t, err)
	res, err := h.Handle(context.Background(), contactcmd.RegisterOrganisation{Actor: Staff, Details: d})
	Must(t, err)
	return res
}
