package contacts_test

import (
	"context"
	"slices"
	"testing"

	"github.com/klient-crm/klient/domain/contact"
	"github.com/klient-crm/klient/projections/contacts"
)

// Issue 14: a likely duplicate is a similar name plus the same e-mail,
// phone or birth date. A similar name alone, or a shared address under
// another name, is not one.
func TestLikelyDuplicates(t *testing.T) {
	t.Parallel()
	w := newWorld(t)
	anna := person("Anna", "Lindqvist", "19811218-9876")
	anna.Emails = []contact.Email{{Address: "anna@example.se"}}
	anna.Phones = []contact.Phone{{Number: "+46701234567"}}
	annaID := w.addPerson(anna)
	namesake := w.addPerson(person("Anna", "Lindqvist", "19700101-1239")) // same name, nothing else shared
	other := person("Bertil", "Berg", "")
	other.Emails = []contact.Email{{Address: "anna@example.se"}} // shared address, other name
	w.addPerson(other)
	walled := person("Anna", "Lindkvist", "")
	walled.Emails = []contact.Email{{Address: "anna@example.se"}}
	walledID := w.addPerson(walled)
	org := newID()
	w.write(org, contact.OrganisationRegistered{ContactID: org, Details: contact.OrganisationDetails{
		Name: "Anna Lindqvist AB", Emails: []contact.Email{{Address: "anna@example.se"}}}})
	w.Run()
	w.caughtUp()
	ctx := context.Background()
	find := func(p contacts.Probe, opts contacts.Options) map[string][]contacts.Reason {
		t.Helper()
		found, err := contacts.LikelyDuplicates(ctx, w.Pool, p, opts)
		must(t, err)
		out := map[string][]contacts.Reason{}
		for _, c := range found {
			out[c.ID] = c.Reasons
		}
		return out
	}

	// Misspelt, with the same address and a phone written the Swedish way.
	got := find(contacts.Probe{Kind: contacts.KindPerson, Name: "Ana Lindqvist",
		Emails: []contact.Email{{Address: "Anna@Example.se"}}, Phones: []contact.Phone{{Number: "070-123 45 67"}}}, contacts.Options{})
	if !slices.Equal(got[annaID], []contacts.Reason{contacts.ReasonEmail, contacts.ReasonPhone}) || len(got) != 2 ||
		got[walledID] == nil {
		t.Fatalf("by address and phone: %v", got)
	}
	// The viewer's walls leave a contact out of the warning.
	if got := find(contacts.Probe{Kind: contacts.KindPerson, Name: "Anna Lindqvist",
		Emails: []contact.Email{{Address: "anna@example.se"}}}, contacts.Options{Exclude: []string{walledID}}); got[walledID] != nil || got[annaID] == nil {
		t.Fatalf("walled: %v", got)
	}
	// The birth date of the personnummer, under the same name.
	got = find(contacts.Probe{Kind: contacts.KindPerson, Name: "Anna Lindqvist", Personnummer: "19811218-1234"}, contacts.Options{})
	if !slices.Equal(got[annaID], []contacts.Reason{contacts.ReasonBirthDate}) || len(got) != 1 || got[namesake] != nil {
		t.Fatalf("by birth date: %v", got)
	}
	// The contact being edited is not its own duplicate; a name alone is nothing.
	if got := find(contacts.Probe{Kind: contacts.KindPerson, Name: "Anna Lindqvist", Personnummer: "19811218-9876", Self: annaID}, contacts.Options{}); len(got) != 0 {
		t.Fatalf("self: %v", got)
	}
	if got := find(contacts.Probe{Kind: contacts.KindPerson, Name: "Anna Lindqvist"}, contacts.Options{}); len(got) != 0 {
		t.Fatalf("name alone: %v", got)
	}
	// Organisations are compared with organisations.
	got = find(contacts.Probe{Kind: contacts.KindOrganisation, Name: "Anna Lindqvist Aktiebolag",
		Emails: []contact.Email{{Address: "anna@example.se"}}}, contacts.Options{})
	if len(got) != 1 || got[org] == nil {
		t.Fatalf("organisation: %v", got)
	}
}
