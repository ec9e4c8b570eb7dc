package contacts_test

import (
	"context"
	"errors"
	"slices"
	"testing"

	"github.com/klient-crm/klient/projections/contacts"
)

// Paging by cursor (issue 11, item 17) reads a list in the order one
// long page has it: a walk of one or two contacts a page, each page
// after the last contact of the one before, meets the same contacts in
// the same order, for the alphabetical list, an address search and both
// steps of a name search (prefix matches, then resemblances), whichever
// step the page's last contact came from.
func TestPagesAfterAContactReadTheListsInOrder(t *testing.T) {
	t.Parallel()
	w := newWorld(t)
	for _, n := range [][2]string{{"Anna", "Berg"}, {"Bo", "Bergman"}, {"Berit", "Ek"}, {"Cilla", "Lindberg"},
		{"Dan", "Ekberg"}, {"Erik", "Bergström"}, {"Åke", "Berg"}, {"Sten", "Borg"}, {"Gun", "Holm"}} {
		w.addPerson(person(n[0], n[1], ""))
	}
	w.Run()
	w.caughtUp()
	ctx := context.Background()
	for _, q := range []string{"", "berg", "berg a", "ek"} {
		whole := w.search(q, contacts.Options{Limit: 100})
		if len(whole) < 2 {
			t.Fatalf("%q finds %v: too few to page", q, names(whole))
		}
		for _, limit := range []int{1, 2} {
			var walked []contacts.Summary
			opts := contacts.Options{Limit: limit}
			for range len(whole) + 1 {
				page, err := contacts.Search(ctx, w.Pool, q, opts)
				must(t, err)
				walked = append(walked, page...)
				if len(page) < limit {
					break
				}
				last := contacts.KeyOf(page[len(page)-1])
				opts.After = &last
			}
			if !slices.Equal(names(walked), names(whole)) {
				t.Errorf("%q, %d a page: walked %v, one page has %v", q, limit, names(walked), names(whole))
			}
		}
	}
}

// A page after a contact the viewer cannot see, unknown or walled off
// (Exclude), is ErrAnchor: one answer for both.
func TestAPageAfterAnUnseenContactIsRefused(t *testing.T) {
	t.Parallel()
	w := newWorld(t)
	walled := w.addPerson(person("Vera", "Vägg", ""))
	w.addPerson(person("Öppen", "Person", ""))
	w.Run()
	w.caughtUp()
	ctx := context.Background()
	for what, opts := range map[string]contacts.Options{
		"unknown": {After: &contacts.Key{ID: newID()}},
		"walled":  {After: &contacts.Key{ID: walled}, Exclude: []string{walled}},
	} {
		for _, q := range []string{"", "person"} {
			if _, err := contacts.Search(ctx, w.Pool, q, opts); !errors.Is(err, contacts.ErrAnchor) {
				t.Errorf("%s anchor, %q: %v, want ErrAnchor", what, q, err)
			}
		}
	}
	page, err := contacts.Search(ctx, w.Pool, "", contacts.Options{After: &contacts.Key{ID: walled}})
	if err != nil || len(page) != 1 || page[0].DisplayName != "Öppen Person" {
		t.Errorf("after the contact, unwalled: %v, %v", names(page), err)
	}
}
