package http_test

import (
	"fmt"
	"net/http"
	"strings"
	"testing"

	"github.com/klient-crm/klient/domain/access"
	casework "github.com/klient-crm/klient/http/casework"
	conflictpages "github.com/klient-crm/klient/http/casework/conflicts"
	contactpages "github.com/klient-crm/klient/http/contacts"
	"github.com/klient-crm/klient/http/web"
)

// createOrganisation registers an organisation through the API.
func (a *app) createOrganisation(name string) string {
	a.t.Helper()
	rec := a.call(http.MethodPost, "/api/v1/contacts", fmt.Sprintf(`{"kind":"organisation","details":{"name":%q}}`, name))
	wantStatus(a.t, rec, http.StatusCreated)
	return decode[contactpages.ContactJSON](a.t, rec).ID
}

// link posts one link of the contact at the version it is at, and
// returns the contact as the answer shows it.
func (a *app) link(id, path, body string, status int) contactpages.ContactJSON {
	a.t.Helper()
	rec := a.call(http.MethodGet, "/api/v1/contacts/"+id, "")
	wantStatus(a.t, rec, http.StatusOK)
	rec = a.call(http.MethodPost, "/api/v1/contacts/"+id+path, body, "If-Match", rec.Header().Get("ETag"))
	wantStatus(a.t, rec, status)
	return decode[contactpages.ContactJSON](a.t, rec)
}

// Issue 14, as it was reported: "a conflict check on a matter for Åsa
// Lindqvist finds nothing although she is VD of the counterparty in
// another matter". Now the check follows her role and names the path,
// on the page and in the API; relations between organisations show on
// both of them.
func TestConflictCheckFollowsRolesAndRelations(t *testing.T) {
	t.Parallel()
	a := newApp(t)
	asa := a.createPerson("Åsa", "Lindqvist")
	norrsken := a.createOrganisation("Norrsken Bygg AB")
	holding := a.createOrganisation("Norrsken Holding AB")
	client := a.createPerson("Kalle", "Klient")
	a.link(asa, "/affiliations", fmt.Sprintf(`{"organisation_id":%q,"role":"VD"}`, norrsken), http.StatusCreated)
	parent := a.link(holding, "/relationships", fmt.Sprintf(`{"other_id":%q,"kind":"parent"}`, norrsken), http.StatusCreated)
	if len(parent.Relationships) != 1 || parent.Relationships[0].Words != "moderbolag till" || parent.Relationships[0].OtherName != "Norrsken Bygg AB" {
		t.Fatalf("the parent's relations: %+v", parent.Relationships)
	}
	sub := decode[contactpages.ContactJSON](t, a.call(http.MethodGet, "/api/v1/contacts/"+norrsken, ""))
	if len(sub.Relationships) != 1 || sub.Relationships[0].Words != "dotterbolag till" || sub.Relationships[0].Outgoing {
		t.Fatalf("the subsidiary's relations: %+v", sub.Relationships)
	}
	wantContains(t, a.get("/contacts/"+norrsken).Body.String(), "dotterbolag till", "Norrsken Holding AB")

	// A person's kind of relation between organisations writes nothing.
	rec := a.call(http.MethodGet, "/api/v1/contacts/"+holding, "")
	rec = a.call(http.MethodPost, "/api/v1/contacts/"+holding+"/relationships", fmt.Sprintf(`{"other_id":%q,"kind":"spouse"}`, norrsken),
		"If-Match", rec.Header().Get("ETag"))
	if p := wantProblem(t, rec, http.StatusUnprocessableEntity); len(p.Errors) == 0 || p.Errors[0].Code != "contact.relationship.kind" {
		t.Fatalf("refusal %+v", p)
	}

	other := a.openMatter("Entreprenadtvist", a.me.ID, client, []string{"counterparty:" + norrsken}, nil, nil)
	a.clearAndOpen(other.ID, "clear", "")
	u := a.member(access.RoleLawyer)
	admin := a.as(a.signIn(a.member(access.RoleAdmin).ID))
	m := a.openMatter("Bodelning", a.me.ID, asa, nil, []string{u.ID}, nil)
	rec = a.call(http.MethodPost, "/api/v1/matters/"+m.ID+"/conflict-checks", "", "If-Match", web.VersionETag(a.getMatter(m.ID).Version))
	wantStatus(t, rec, http.StatusOK)
	rep := decode[casework.ConflictJSON](t, rec)
	var path *conflictpages.HitJSON
	for _, p := range rep.Parties {
		for i, h := range p.Hits {
			if h.MatterID == other.ID && len(h.Path) > 0 {
				path = &p.Hits[i]
			}
		}
	}
	if path == nil || path.ContactID != asa || path.Role != "counterparty" || len(path.Path) != 1 ||
		path.Path[0].ContactID != norrsken || path.Path[0].Words != "VD för" || path.Path[0].Relation != "affiliation" {
		t.Fatalf("no path to the counterparty: %+v", rep)
	}
	page := a.post("/matters/"+m.ID+"/conflict-check", map[string][]string{"version": {web.Uitoa(a.getMatter(m.ID).Version)}}).Body.String()
	if !strings.Contains(flatten(page), "Åsa Lindqvist — VD för — Norrsken Bygg AB — Motpart i "+other.Number) {
		t.Fatalf("the page does not name the path: %s", flatten(page))
	}

	// A colleague on the matter who is walled from the company learns only
	// that a conflict exists: nothing of the path.
	erect(t, admin, map[string][]string{"contact_id": {norrsken}, "users": {u.ID}, "reason": {"jäv"}})
	walled := a.as(a.signIn(u.ID))
	rec = walled.call(http.MethodPost, "/api/v1/matters/"+m.ID+"/conflict-checks", "", "If-Match", web.VersionETag(a.getMatter(m.ID).Version))
	wantStatus(t, rec, http.StatusOK)
	if strings.Contains(rec.Body.String(), norrsken) || strings.Contains(rec.Body.String(), "VD för") ||
		!strings.Contains(rec.Body.String(), `"visible":false`) {
		t.Fatalf("a walled path shows: %s", rec.Body)
	}

	// Ended, the role and the relation leave both contacts and the check.
	if c := a.link(holding, "/relationships/end", fmt.Sprintf(`{"other_id":%q,"kind":"parent"}`, norrsken), http.StatusOK); len(c.Relationships) != 0 {
		t.Fatalf("after the end: %+v", c.Relationships)
	}
	if c := a.link(asa, "/affiliations/end", fmt.Sprintf(`{"organisation_id":%q}`, norrsken), http.StatusOK); len(c.Affiliations) != 0 {
		t.Fatalf("after the end: %+v", c.Affiliations)
	}
	rec = a.call(http.MethodPost, "/api/v1/matters/"+m.ID+"/conflict-checks", "", "If-Match", web.VersionETag(a.getMatter(m.ID).Version))
	wantStatus(t, rec, http.StatusOK)
	if strings.Contains(rec.Body.String(), `"path"`) {
		t.Fatalf("an ended role still leads somewhere: %s", rec.Body)
	}
}

// flatten is a page's text with its markup and runs of white space gone.
func flatten(page string) string {
	var b strings.Builder
	in := false
	for _, r := range page {
		switch {
		case r == '<':
			in = true
		case r == '>':
			in = false
		case !in:
			b.WriteRune(r)
		}
	}
	return strings.Join(strings.Fields(b.String()), " ")
}
