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

// Issue 14 asks one duplicate rule: the pair the contact form warns of is
// the pair the import's dry run offers to skip, merge or create, and a
// pair the form lets through the import lets through too. Each probe is
// asked of both, as a registration (LikelyDuplicates) and as an import's
// row (ImportMatches).
func TestTheFormAndTheImportShareOneDuplicateRule(t *testing.T) {
	t.Parallel()
	w := newWorld(t)
	anna := person("Anna", "Lindqvist", "19811218-9876")
	anna.Emails = []contact.Email{{Address: "anna@example.se"}}
	anna.Phones = []contact.Phone{{Number: "+46701234567"}}
	annaID := w.addPerson(anna)
	org := newID()
	w.write(org, contact.OrganisationRegistered{ContactID: org, Details: contact.OrganisationDetails{
		Name: "Lindqvist Juridik AB", Emails: []contact.Email{{Address: "info@lindqvistjuridik.se"}}}})
	w.Run()
	w.caughtUp()
	ctx := context.Background()

	cases := []struct {
		what  string
		probe contacts.Probe
		want  string // the contact both must find, or "" for none
	}{
		{"a misspelt name and the same e-mail", contacts.Probe{Kind: contacts.KindPerson, Name: "Ana Lindkvist",
			Emails: []contact.Email{{Address: "ANNA@example.se"}}}, annaID},
		{"a misspelt name and the phone written the Swedish way", contacts.Probe{Kind: contacts.KindPerson, Name: "Anna Lindkvist",
			Phones: []contact.Phone{{Number: "070-123 45 67"}}}, annaID},
		{"the same name and birth date", contacts.Probe{Kind: contacts.KindPerson, Name: "Anna Lindqvist",
			Personnummer: "19811218-1234"}, annaID},
		{"another name with the same e-mail", contacts.Probe{Kind: contacts.KindPerson, Name: "Bertil Berg",
			Emails: []contact.Email{{Address: "anna@example.se"}}}, ""},
		{"the same name, nothing shared", contacts.Probe{Kind: contacts.KindPerson, Name: "Anna Lindqvist",
			Emails: []contact.Email{{Address: "annan@example.se"}}}, ""},
		{"a person with an organisation's address", contacts.Probe{Kind: contacts.KindPerson, Name: "Lindqvist Juridik",
			Emails: []contact.Email{{Address: "info@lindqvistjuridik.se"}}}, ""},
		{"an organisation's misspelt name and address", contacts.Probe{Kind: contacts.KindOrganisation, Name: "Lindkvist Juridik AB",
			Emails: []contact.Email{{Address: "info@lindqvistjuridik.se"}}}, org},
	}
	rows := make([]contacts.ImportCandidate, len(cases))
	for i, c := range cases {
		rows[i] = contacts.ImportCandidate{Kind: c.probe.Kind, Name: c.probe.Name, Number: c.probe.Personnummer,
			Emails: c.probe.Emails, Phones: c.probe.Phones}
	}
	matches, err := contacts.ImportMatches(ctx, w.Pool, rows)
	must(t, err)
	for i, c := range cases {
		form, err := contacts.LikelyDuplicates(ctx, w.Pool, c.probe, contacts.Options{})
		must(t, err)
		var byForm, byImport []string
		for _, f := range form {
			byForm = append(byForm, f.ID)
		}
		for _, m := range matches {
			if m.Row == i {
				if m.Exact {
					t.Errorf("%s: the import calls %s the same number", c.what, m.ContactID)
				}
				byImport = append(byImport, m.ContactID)
			}
		}
		var want []string
		if c.want != "" {
			want = []string{c.want}
		}
		if !slices.Equal(byForm, want) || !slices.Equal(byImport, want) {
			t.Errorf("%s: the form finds %v, the import %v; want %v in both", c.what, byForm, byImport, want)
		}
	}
}
