package http_test

import (
	"fmt"
	"net/http"
	"strings"
	"testing"

	contactpages "github.com/klient-crm/klient/http/contacts"
)

// Issue 14's merge through the API: the kept contact takes the details
// chosen field by field; the merged one's ID answers with a pointer (API)
// or a redirect (page) and leaves the list. A merge into itself is
// refused and writes nothing.
func TestMergeTwoContacts(t *testing.T) {
	t.Parallel()
	a := newApp(t)
	keep := a.createPerson("Åsa", "Lindqvist")
	away := a.createPerson("Åsa", "Lindkvist")
	version := func(id string) string {
		rec := a.call(http.MethodGet, "/api/v1/contacts/"+id, "")
		wantStatus(t, rec, http.StatusOK)
		return strings.Trim(rec.Header().Get("ETag"), `"`)
	}

	before := a.events()
	rec := a.call(http.MethodPost, "/api/v1/contacts/"+keep+"/merge",
		fmt.Sprintf(`{"version":%s,"merged_id":%q,"merged_version":%s}`, version(keep), keep, version(keep)))
	if p := wantProblem(t, rec, http.StatusUnprocessableEntity); len(p.Errors) == 0 || p.Errors[0].Code != "contact.merge.self" ||
		!strings.Contains(p.Errors[0].Message, "sig själv") {
		t.Fatalf("self-merge: %+v", p)
	}
	if a.events() != before {
		t.Fatal("a refused merge wrote events")
	}

	body := fmt.Sprintf(`{"version":%s,"merged_id":%q,"merged_version":%s,
		"details":{"given_name":"Åsa","family_name":"Lindqvist","emails":[{"address":"asa@example.se"}]}}`, version(keep), away, version(away))
	rec = a.call(http.MethodPost, "/api/v1/contacts/"+keep+"/merge", body)
	wantStatus(t, rec, http.StatusOK)
	if c := decode[contactpages.ContactJSON](t, rec); c.ID != keep || !strings.Contains(rec.Body.String(), "asa@example.se") {
		t.Fatalf("merged: %s", rec.Body)
	}

	rec = a.call(http.MethodGet, "/api/v1/contacts/"+away, "")
	wantStatus(t, rec, http.StatusMovedPermanently)
	if p := decode[contactpages.MergedJSON](t, rec); p.MergedInto != keep || rec.Header().Get("Location") != "/api/v1/contacts/"+keep {
		t.Fatalf("pointer %s %v", rec.Body, rec.Header())
	}
	page := a.get("/contacts/" + away)
	if page.Code != http.StatusMovedPermanently || page.Header().Get("Location") != "/contacts/"+keep {
		t.Fatalf("page of the merged contact: %d %v", page.Code, page.Header())
	}
	list := decode[contactpages.ListJSON](t, a.call(http.MethodGet, "/api/v1/contacts", ""))
	for _, c := range list.Items {
		if c.ID == away {
			t.Fatal("the merged contact is still listed")
		}
	}
}
