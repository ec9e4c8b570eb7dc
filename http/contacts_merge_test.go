package http_test

import (
	"fmt"
	"net/http"
	"net/url"
	"strings"
	"testing"

	"github.com/klient-crm/klient/domain/access"
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

	u := a.member(access.RoleLawyer)
	admin := a.as(a.signIn(a.member(access.RoleAdmin).ID))
	erect(t, admin, url.Values{"contact_id": {away}, "users": {u.ID}, "reason": {"jäv"}})
	walled := a.as(a.signIn(u.ID))
	if rec := walled.get("/api/v1/contacts/" + keep); rec.Code != http.StatusOK {
		t.Fatalf("before the merge the kept contact is not walled: %d", rec.Code)
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

	// The wall before the merged contact stands before the survivor too,
	// and its old ID answers as an unknown one.
	for _, path := range []string{"/api/v1/contacts/" + keep, "/api/v1/contacts/" + away, "/contacts/" + keep} {
		if rec := walled.get(path); rec.Code != http.StatusNotFound {
			t.Errorf("GET %s behind the merged contact's wall: %d", path, rec.Code)
		}
	}
}
