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

// The review ranks the pairs: most shared facts first; a name alone, or
// an address shared under another name, makes no pair.
func TestDuplicatePairs(t *testing.T) {
	t.Parallel()
	w := newWorld(t)
	both := person("Anna", "Lindqvist", "19811218-9876")
	both.Emails = []contact.Email{{Address: "anna@example.se"}}
	both.Phones = []contact.Phone{{Number: "+46701234567"}}
	a1 := w.addPerson(both)
	twin := person("Ana", "Lindqvist", "")
	twin.Emails = []contact.Email{{Address: "anna@example.se"}}
	twin.Phones = []contact.Phone{{Number: "+46701234567"}}
	a2 := w.addPerson(twin)
	b1 := w.addPerson(person("Bo", "Ek", "19700101-1239"))
	b2 := w.addPerson(person("Bo", "Eek", "19700101-4567"))
	other := person("Bertil", "Berg", "")
	other.Emails = []contact.Email{{Address: "anna@example.se"}}
	w.addPerson(other)
	w.addPerson(person("Anna", "Lindqvist", ""))
	w.Run()
	w.caughtUp()

	pairs, err := contacts.DuplicatePairs(context.Background(), w.Pool, contacts.Options{}, 10)
	must(t, err)
	ids := func(p contacts.Pair) [2]string { return [2]string{p.A.ID, p.B.ID} }
	sorted := func(x, y string) [2]string {
		if x > y {
			x, y = y, x
		}
		return [2]string{x, y}
	}
	if len(pairs) != 2 || ids(pairs[0]) != sorted(a1, a2) || ids(pairs[1]) != sorted(b1, b2) ||
		!slices.Equal(pairs[0].Reasons, []contacts.Reason{contacts.ReasonEmail, contacts.ReasonPhone}) ||
		!slices.Equal(pairs[1].Reasons, []contacts.Reason{contacts.ReasonBirthDate}) {
		t.Fatalf("pairs %+v", pairs)
	}
	if pairs, _ := contacts.DuplicatePairs(context.Background(), w.Pool, contacts.Options{Exclude: []string{a2}}, 10); len(pairs) != 1 {
		t.Fatalf("an excluded contact is in a pair: %+v", pairs)
	}
}
