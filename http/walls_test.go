package http_test

import (
	"context"
	"fmt"
	"net/http"
	"net/http/httptest"
	"net/url"
	"regexp"
	"strings"
	"testing"

	"github.com/klient-crm/klient/domain/access"
	casework "github.com/klient-crm/klient/http/casework"
	"github.com/klient-crm/klient/http/web"
	"github.com/klient-crm/klient/projections/staff"
)

// TestWallsKeepAContactAway walls one contact off from U by name and
// another from U's team, through the admin page. U then never sees either
// contact's name or ID in the list, the search page, the API list and
// search, and gets 404 by ID (page, edit form, API, writes), exactly as
// for an ID that does not exist; an unwalled colleague sees both. Lifting
// the walls gives U the contacts back.
func TestWallsKeepAContactAway(t *testing.T) {
	t.Parallel()
	a := newApp(t)
	u := a.memberIn([]string{"tvist"}, access.RoleLawyer)
	colleague := a.as(a.signIn(a.member(access.RoleLawyer).ID))
	admin := a.as(a.signIn(a.member(access.RoleAdmin).ID))
	direct := a.createPerson("Dolores", "Direktmur")
	viaTeam := a.createPerson("Tove", "Teammur")
	a.createPerson("Öppen", "Person")
	erect(t, admin, url.Values{"contact_id": {direct}, "users": {u.ID}, "reason": {"jäv: motpart i 2026-0042"}})
	erect(t, admin, url.Values{"contact_id": {viaTeam}, "teams": {"tvist"}, "reason": {"jäv: motpart i 2026-0043"}})

	walled := a.as(a.signIn(u.ID))
	for _, c := range []struct{ id, name string }{{direct, "Direktmur"}, {viaTeam, "Teammur"}} {
		seesNothing(t, walled, c.id, c.name)
		seesIt(t, colleague, c.id, c.name)
	}
	wantContains(t, walled.get("/contacts").Body.String(), "Öppen Person")
	if !strings.Contains(a.logs.String(), `"reason":"walled"`) {
		t.Error("a walled 404 left no warning")
	}

	for _, w := range admin.walls(t) {
		wantStatus(t, admin.confirmed("/admin/walls/"+w.ID+"/lift", url.Values{"version": {web.Uitoa(w.Version)}}), http.StatusSeeOther)
	}
	seesIt(t, walled, direct, "Direktmur")
	seesIt(t, walled, viaTeam, "Teammur")
}

func erect(t *testing.T, admin *app, form url.Values) {
	t.Helper()
	rec := admin.post("/admin/walls", form)
	if rec.Code != http.StatusSeeOther {
		t.Fatalf("erect wall: %d %s", rec.Code, rec.Body)
	}
}

// seesNothing: every way to reach the contact hides it.
func seesNothing(t *testing.T, as *app, id, name string) {
	t.Helper()
	search := as.post("/contacts/search", url.Values{"q": {name}}).Body.String()
	if strings.Contains(search, id) || strings.Contains(search, "<tbody>") {
		t.Error("the search page lists a walled contact") // the page repeats the words searched for, nothing more
	}
	for what, body := range map[string]string{
		"list":            as.get("/contacts").Body.String(),
		"API list":        as.call(http.MethodGet, "/api/v1/contacts", "").Body.String(),
		"API search":      as.call(http.MethodGet, "/api/v1/contacts?q="+url.QueryEscape(name), "").Body.String(),
		"API POST search": as.call(http.MethodPost, "/api/v1/contacts/search", `{"q":"`+name+`"}`).Body.String(),
	} {
		if strings.Contains(body, name) || strings.Contains(body, id) {
			t.Errorf("%s shows a walled contact", what)
		}
	}
	unknown := "01900000-0000-7000-8000-0000000000ff"
	for _, path := range []string{"/contacts/%s", "/contacts/%s/edit", "/api/v1/contacts/%s"} {
		got, want := as.get(strings.Replace(path, "%s", id, 1)), as.get(strings.Replace(path, "%s", unknown, 1))
		if got.Code != http.StatusNotFound || strings.Contains(got.Body.String(), name) || scrub(got, id) != scrub(want, unknown) {
			t.Errorf("GET %s of a walled contact: %d, or unlike an unknown ID", path, got.Code)
		}
	}
	wantStatus(t, as.confirmed("/contacts/"+id+"/archive", url.Values{"version": {"0"}}), http.StatusNotFound)
	wantStatus(t, as.call(http.MethodPatch, "/api/v1/contacts/"+id, `{"version":0,"details":{}}`), http.StatusNotFound)
}

// scrub is a body without what differs between two requests by design:
// the correlation ID and the ID asked for.
func scrub(rec *httptest.ResponseRecorder, id string) string {
	b := strings.ReplaceAll(rec.Body.String(), rec.Header().Get(web.CorrelationHeader), "")
	return strings.ReplaceAll(b, id, "")
}

// walls are the walls that stand.
func (a *app) walls(t *testing.T) []staff.Wall {
	t.Helper()
	walls, err := staff.ActiveWalls(context.Background(), a.pool)
	must(t, err)
	return walls
}

// seesIt: the contact is in the list, the search and at its ID.
func seesIt(t *testing.T, as *app, id, name string) {
	t.Helper()
	wantContains(t, as.get("/contacts").Body.String(), name)
	wantContains(t, as.post("/contacts/search", url.Values{"q": {name}}).Body.String(), name)
	wantContains(t, as.call(http.MethodGet, "/api/v1/contacts?q="+url.QueryEscape(name), "").Body.String(), id)
	wantStatus(t, as.get("/contacts/"+id), http.StatusOK)
	wantStatus(t, as.get("/api/v1/contacts/"+id), http.StatusOK)
}

// Writes and reads that name a walled contact answer exactly as for an ID
// that does not exist, status and body (issue 11, item 7): opening a matter
// with them as a party, adding them as a party, logging a communication
// with them, a task about them, and their communication log. A task about
// a contact that does not exist is refused (it was taken).
func TestWritesNamingAWalledContactAnswerAsForAnUnknownOne(t *testing.T) {
	t.Parallel()
	a := newApp(t)
	walledFrom, asWalled := a.lawyer()
	admin := a.as(a.signIn(a.member(access.RoleAdmin).ID))
	secret := a.createPerson("Hemlig", "Motpart")
	erect(t, admin, url.Values{"contact_id": {secret}, "users": {walledFrom.ID}, "reason": {"jäv"}})
	unknown := newID()
	client := a.createPerson("Vanlig", "Klient")
	m := asWalled.openMatter("Eget ärende", walledFrom.ID, client, nil, nil, nil)
	before := a.events()

	answers := func(contactID string) map[string]string {
		out := map[string]string{}
		for name, rec := range map[string]*httptest.ResponseRecorder{
			"open a matter": asWalled.call(http.MethodPost, "/api/v1/matters", `{"title":"Nytt","practice_area":"processrätt",
				"responsible_lawyer":"`+walledFrom.ID+`","parties":[{"contact_id":"`+client+`","role":"client"},
				{"contact_id":"`+contactID+`","role":"counterparty"}]}`),
			"add a party": asWalled.call(http.MethodPost, "/api/v1/matters/"+m.ID+"/parties",
				`{"version":`+web.Uitoa(m.Version)+`,"contact_id":"`+contactID+`","role":"counterparty"}`),
			"log a communication": asWalled.call(http.MethodPost, "/api/v1/communications",
				`{"contact_ids":["`+contactID+`"],"kind":"note","occurred_at":"2026-02-01T08:00:00Z","subject_line":"Samtal"}`),
			"a task": asWalled.call(http.MethodPost, "/api/v1/tasks", `{"title":"Ring","assignee":{"staff":"`+walledFrom.ID+`"},
				"due":"`+date(2)+`","contact_id":"`+contactID+`"}`),
			"the log": asWalled.call(http.MethodGet, "/api/v1/communications?contact_id="+contactID, ""),
		} {
			body := regexp.MustCompile(`"correlation_id":"[^"]*"`).ReplaceAllString(rec.Body.String(), "")
			out[name] = fmt.Sprintf("%d %s", rec.Code, strings.ReplaceAll(body, contactID, "<id>"))
		}
		return out
	}
	walled, missing := answers(secret), answers(unknown)
	for name, want := range missing {
		if walled[name] != want {
			t.Errorf("%s naming the walled contact:\n  %s\nfor an unknown ID:\n  %s", name, walled[name], want)
		}
		if !strings.HasPrefix(want, "422 ") && name != "the log" {
			t.Errorf("%s naming an unknown contact: %s, want 422", name, want)
		}
	}
	if n := a.events() - before; n != 0 {
		t.Errorf("refused writes wrote %d events", n)
	}
}

// The parties of a matter a member may see list a party they are walled
// from only by its role (issue 11, item 9: the API gave the walled
// contact's ID where the page shows "(dold kontakt)").
func TestPartiesListHidesAWalledParty(t *testing.T) {
	t.Parallel()
	a := newApp(t)
	walledFrom, asWalled := a.lawyer()
	admin := a.as(a.signIn(a.member(access.RoleAdmin).ID))
	client, secret := a.createPerson("Vanlig", "Klient"), a.createPerson("Hemlig", "Motpart")
	m := asWalled.openMatter("Tvist", walledFrom.ID, client, []string{"counterparty:" + secret}, nil, nil)
	erect(t, admin, url.Values{"contact_id": {secret}, "users": {walledFrom.ID}, "reason": {"jäv"}})

	rec := asWalled.call(http.MethodGet, "/api/v1/matters/"+m.ID+"/parties", "")
	wantStatus(t, rec, http.StatusOK)
	wantAbsent(t, rec.Body.String(), secret, "Hemlig")
	parties := decode[struct{ Items []casework.PartyJSON }](t, rec).Items
	var hidden, shown int
	for _, p := range parties {
		switch {
		case p.Hidden && p.ContactID == "" && p.PartyID == "" && p.Role != "":
			hidden++
		case p.ContactID == client:
			shown++
		}
	}
	if hidden != 1 || shown != 1 || len(parties) != 2 {
		t.Errorf("parties as the walled member gets them: %s", rec.Body)
	}
}

// A refused attempt on a walled contact is in the access log with its
// target and reason for the DPO, and nowhere the refused member looks
// (issue 11, item 11).
func TestRefusalsAreInTheAccessLogForTheDPO(t *testing.T) {
	t.Parallel()
	a := newApp(t)
	curious := a.member(access.RoleAdmin, access.RoleLawyer)
	asCurious := a.as(a.signIn(curious.ID))
	admin := a.as(a.signIn(a.member(access.RoleAdmin).ID))
	secret := a.createPerson("Hemlig", "Person")
	erect(t, admin, url.Values{"contact_id": {secret}, "users": {curious.ID}, "reason": {"jäv"}})
	wantStatus(t, asCurious.get("/contacts/"+secret), http.StatusNotFound)

	log := a.dpo().get("/admin/access-log?refused=1")
	wantStatus(t, log, http.StatusOK)
	wantContains(t, log.Body.String(), "Hemlig Person", "Nekad: etisk mur", "visade kontakten")
	own := asCurious.get("/admin/access-log?refused=1")
	wantStatus(t, own, http.StatusOK)
	wantAbsent(t, own.Body.String(), secret, "Hemlig Person", "Nekad: etisk mur")
}
