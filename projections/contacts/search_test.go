package contacts_test

import (
	"context"
	"slices"
	"strings"
	"testing"

	"github.com/klient-crm/klient/domain/contact"
	"github.com/klient-crm/klient/projections/contacts"
)

func TestSearch(t *testing.T) {
	t.Parallel()
	w := newWorld(t)
	asa := newID()
	d := person("Åsa", "Lindqvist", "19811218-9876")
	d.Emails = []contact.Email{{Address: "Asa.Lindqvist@Example.se", Label: "work"}}
	d.Phones = []contact.Phone{{Number: "+46701234567"}}
	w.write(asa, contact.PersonRegistered{ContactID: asa, Details: d})
	w.addPerson(person("Lasse", "Åsberg", ""))
	w.addPerson(person("Göran", "Östlund", ""))
	w.addPerson(person("Maria", "Asplund", ""))
	org := newID()
	w.write(org, contact.OrganisationRegistered{ContactID: org, Details: contact.OrganisationDetails{
		Name: "Åsa Konsult AB", Organisationsnummer: "556036-0793", Phones: []contact.Phone{{Number: "+4681234567"}}}})
	w.Run()
	w.caughtUp()

	for _, c := range []struct {
		q     string
		first string // expected best match
		none  bool
	}{
		{q: "Åsa", first: "Åsa "},
		{q: "asa", first: "Åsa "},
		{q: "Asa Lindkvist", first: "Åsa Lindqvist"}, // folded and misspelt
		{q: "lindqvist", first: "Åsa Lindqvist"},
		{q: "ostlund", first: "Göran Östlund"},
		{q: "GÖRAN", first: "Göran Östlund"},
		{q: "konsult", first: "Åsa Konsult AB"},
		{q: "asa.lindqvist@example.SE", first: "Åsa Lindqvist"},
		{q: "070-123 45 67", first: "Åsa Lindqvist"},
		{q: "+46 70 123 45 67", first: "Åsa Lindqvist"},
		{q: "0046701234567", first: "Åsa Lindqvist"},
		{q: "08-123 45 67", first: "Åsa Konsult AB"},
		{q: "19811218-9876", first: "Åsa Lindqvist"},
		{q: "198112189876", first: "Åsa Lindqvist"},
		{q: "811218-9876", first: "Åsa Lindqvist"},
		{q: "8112189876", first: "Åsa Lindqvist"},
		{q: "556036-0793", first: "Åsa Konsult AB"},
		{q: "5560360793", first: "Åsa Konsult AB"},
		{q: "16556036-0793", first: "Åsa Konsult AB"},
		{q: "nobody@example.se", none: true},
		{q: "19811218-0000", none: true},
		{q: "zzzqqq", none: true},
	} {
		got := w.search(c.q, contacts.Options{})
		switch {
		case c.none && len(got) > 0:
			t.Errorf("Search(%q) = %q, want nothing", c.q, names(got))
		case !c.none && (len(got) == 0 || !strings.HasPrefix(got[0].DisplayName, c.first)):
			t.Errorf("Search(%q) = %q, want %q first", c.q, names(got), c.first)
		}
	}
	// Names starting with the query come first, then names with a word
	// that does.
	got := names(w.search("as", contacts.Options{}))
	if len(got) != 4 || !strings.HasPrefix(got[0], "Åsa") || !strings.HasPrefix(got[1], "Åsa") ||
		!slices.Contains(got[2:4], "Lasse Åsberg") || !slices.Contains(got[2:4], "Maria Asplund") {
		t.Errorf("Search(as) order = %q", got)
	}
	if got := w.search("Åsa", contacts.Options{Kind: contacts.KindOrganisation}); len(got) != 1 || got[0].Kind != contacts.KindOrganisation {
		t.Errorf("Search(Åsa, organisations) = %q", names(got))
	}
}

func TestListOrderPagingAndArchive(t *testing.T) {
	t.Parallel()
	w := newWorld(t)
	for _, n := range [][2]string{{"Östen", "Ö"}, {"Zoran", "Z"}, {"Anna", "A"}, {"Ärla", "Ä"}, {"Åke", "Å"}, {"Bo", "B"}} {
		w.addPerson(person(n[0], n[1], ""))
	}
	archived := newID()
	w.write(archived, contact.PersonRegistered{ContactID: archived, Details: person("Carl", "C", "")},
		contact.ContactArchived{ContactID: archived})
	w.Run()
	w.caughtUp()

	all, err := contacts.List(t.Context(), w.Pool, contacts.Options{})
	must(t, err)
	want := []string{"Anna A", "Bo B", "Zoran Z", "Åke Å", "Ärla Ä", "Östen Ö"} // Swedish order
	if !slices.Equal(names(all), want) {
		t.Fatalf("List = %q, want %q", names(all), want)
	}
	page, err := contacts.List(t.Context(), w.Pool, contacts.Options{Limit: 2, Offset: 2})
	must(t, err)
	if !slices.Equal(names(page), want[2:4]) {
		t.Fatalf("page 2 = %q, want %q", names(page), want[2:4])
	}
	with, err := contacts.List(t.Context(), w.Pool, contacts.Options{IncludeArchived: true})
	must(t, err)
	if len(with) != 7 || with[2].DisplayName != "Carl C" || !with[2].Archived {
		t.Fatalf("List with archived = %q", names(with))
	}
	if got := w.search("Carl", contacts.Options{}); len(got) != 0 {
		t.Fatalf("archived contact found by default: %q", names(got))
	}
	w.write(archived, contact.ContactReactivated{ContactID: archived})
	w.caughtUp()
	if got := w.search("Carl", contacts.Options{}); len(got) != 1 {
		t.Fatalf("reactivated contact not found: %q", names(got))
	}
}

// Walled contacts are left out by the query, so a page holds exactly Limit
// visible contacts.
func TestExcludeKeepsPagesExact(t *testing.T) {
	t.Parallel()
	w := newWorld(t)
	var ids []string
	for _, name := range []string{"Anna", "Berit", "Cecilia", "Doris"} {
		ids = append(ids, w.addPerson(person(name, "Exkludsson", "")))
	}
	w.Run()
	w.caughtUp()
	opts := contacts.Options{Limit: 2, Exclude: []string{ids[0], ids[2]}}
	for name, list := range map[string]func() ([]contacts.Summary, error){
		"list": func() ([]contacts.Summary, error) { return contacts.List(context.Background(), w.Pool, opts) },
		"search": func() ([]contacts.Summary, error) {
			return contacts.Search(context.Background(), w.Pool, "Exkludsson", opts)
		},
	} {
		got, err := list()
		if err != nil {
			t.Fatal(err)
		}
		var seen []string
		for _, s := range got {
			seen = append(seen, s.ID)
		}
		if !slices.Equal(seen, []string{ids[1], ids[3]}) {
			t.Errorf("%s with two walled: %v, want Berit and Doris", name, seen)
		}
	}
}

// A name search lists first the names in which the word typed begins a
// word — a whole word before a longer one, each group in Swedish
// alphabetical order (Å, Ä, Ö after Z) — then names that only contain or
// resemble it; pages run on across the two without gaps or repeats.
func TestSearchRanksWordsThenResemblancesAcrossPages(t *testing.T) {
	t.Parallel()
	w := newWorld(t)
	for _, n := range [][2]string{{"Östen", "Berg"}, {"Zoran", "Berg"}, {"Anna", "Berg"}, {"Åke", "Berg"},
		{"Ärla", "Berg"}, {"Cecilia", "Bergström"}, {"Dan", "Isberg"}, {"Eva", "Holm"}} {
		w.addPerson(person(n[0], n[1], ""))
	}
	w.Run()
	w.caughtUp()
	want := []string{"Anna Berg", "Zoran Berg", "Åke Berg", "Ärla Berg", "Östen Berg", "Cecilia Bergström", "Dan Isberg"}
	if got := names(w.search("berg", contacts.Options{})); !slices.Equal(got, want) {
		t.Fatalf("Search(berg) = %q, want %q", got, want)
	}
	for _, limit := range []int{1, 2, 3, 4, 6} {
		var all []string
		for offset := 0; offset < 12; offset += limit {
			all = append(all, names(w.search("Berg", contacts.Options{Limit: limit, Offset: offset}))...)
		}
		if !slices.Equal(all, want) {
			t.Errorf("pages of %d = %q, want %q", limit, all, want)
		}
	}
	// Two words: each must begin a word of the name, in any order.
	if got := names(w.search("berg ann", contacts.Options{})); len(got) == 0 || got[0] != "Anna Berg" {
		t.Errorf("Search(berg ann) = %q, want Anna Berg first", got)
	}
}

// The words the search reads follow a contact's name when it changes.
func TestSearchFollowsRenames(t *testing.T) {
	t.Parallel()
	w := newWorld(t)
	id := w.addPerson(person("Greta", "Garbosson", ""))
	w.Run()
	w.caughtUp()
	w.write(id, contact.PersonDetailsChanged{ContactID: id, Details: person("Greta", "Lovisadotter", "")})
	w.caughtUp()
	if got := w.search("garbo", contacts.Options{}); len(got) != 0 {
		t.Errorf("Search(garbo) after the rename = %q", names(got))
	}
	if got := names(w.search("lovisa", contacts.Options{})); !slices.Equal(got, []string{"Greta Lovisadotter"}) {
		t.Errorf("Search(lovisa) = %q", got)
	}
}

// A rebuild beside the running projector moves the words table and the
// trigger that keeps it into place: the search finds what was there, and
// a name written afterwards is found by its new words only.
func TestSearchAfterARebuildBeside(t *testing.T) {
	t.Parallel()
	w := newWorld(t)
	id := w.addPerson(person("Rut", "Ombyggd", ""))
	w.Run()
	w.caughtUp()
	must(t, w.RT.Rebuild(context.Background(), "contacts", nil))
	if got := names(w.search("ombygg", contacts.Options{})); !slices.Equal(got, []string{"Rut Ombyggd"}) {
		t.Fatalf("Search(ombygg) after the rebuild = %q", got)
	}
	w.write(id, contact.PersonDetailsChanged{ContactID: id, Details: person("Rut", "Nybyggd", "")})
	w.caughtUp()
	if got := w.search("ombygg", contacts.Options{}); len(got) != 0 {
		t.Errorf("Search(ombygg) after the rename = %q", names(got))
	}
	if got := names(w.search("nybygg", contacts.Options{})); !slices.Equal(got, []string{"Rut Nybyggd"}) {
		t.Errorf("Search(nybygg) = %q", got)
	}
	var schemas int
	must(t, w.Pool.QueryRow(context.Background(), `SELECT count(*) FROM pg_proc WHERE proname = 'contacts_v1_words_sync'`).Scan(&schemas))
	if schemas != 1 {
		t.Errorf("%d functions contacts_v1_words_sync after the rebuild, want the one in public", schemas)
	}
}
