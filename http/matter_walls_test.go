package http_test

import (
	"fmt"
	"net/http"
	"net/url"
	"strings"
	"testing"

	"github.com/klient-crm/klient/http/web"
)

// TestMatterVisibility: a matter is seen by its responsible lawyer, its
// team members and its teams. A lawyer outside it, and a team member an
// ethical wall keeps away, never see its number, title or parties: not
// in the list, the search, a contact's page or log, a conflict check of
// their own, their tasks, their calendar feed or the API, and by ID it is
// the same 404 as an ID that does not exist.
func TestMatterVisibility(t *testing.T) {
	t.Parallel()
	a := newApp(t)
	member, asMember := a.lawyer()
	_, asTeam := a.lawyer("fusion")
	walled, asWalled := a.lawyer()
	outsider, asOutsider := a.lawyer()
	client, counter := a.createPerson("Cecilia", "Hemlig"), a.createPerson("Xerxes", "Motsson")
	m := a.openMatter("Hemlig fusion", a.me.ID, client, []string{"counterparty:" + counter},
		[]string{member.ID, walled.ID}, []string{"fusion"})
	a.clearAndOpen(m.ID, "clear", "")
	a.wallMatter(m.ID, walled.ID)
	secrets := a.fileUnder(m.ID, walled.ID, outsider.ID)

	for name, as := range map[string]*app{"member": asMember, "team": asTeam, "responsible": a} {
		wantContains(t, as.get("/matters").Body.String(), "Hemlig fusion")
		wantStatus(t, as.get("/matters/"+m.ID), http.StatusOK)
		wantContains(t, as.get("/matters/"+m.ID).Body.String(), "Cecilia Hemlig", "Xerxes Motsson")
		if t.Failed() {
			t.Fatalf("%s does not see the matter", name)
		}
	}
	own := asOutsider.openMatter("Motssons eget ärende", outsider.ID, counter, nil, nil, nil)
	for name, as := range map[string]*app{"outsider": asOutsider, "walled member": asWalled} {
		t.Run(name, func(t *testing.T) {
			hidden := []string{"Hemlig fusion", m.Number, m.ID, secrets.task, secrets.deadline, secrets.entry, secrets.doc}
			seesNoMatter(t, as, m.ID, client, hidden)
			seesNoFeed(t, as, hidden)
		})
	}
	page := asOutsider.get("/matters/" + own.ID).Body.String()
	check := asOutsider.post("/matters/"+own.ID+"/conflict-check", url.Values{"version": {hidden(t, page, "version")}}).Body.String()
	wantContains(t, check, "Jäv föreligger mot ett ärende du inte har behörighet till")
	wantAbsent(t, check, "Hemlig fusion", m.Number, m.ID, "Cecilia")
	rec := asOutsider.call(http.MethodPost, "/api/v1/matters/"+own.ID+"/conflict-checks", "", "If-Match", web.VersionETag(own.Version))
	wantContains(t, rec.Body.String(), `"visible":false`)
	wantAbsent(t, rec.Body.String(), "Hemlig fusion", m.Number, m.ID)
	mine := a.get("/matters/" + m.ID).Body.String()
	wantAbsent(t, mine, "behörighet till")
}

// filed holds what was filed under a matter, by its text.
type filed struct{ task, deadline, entry, doc string }

// fileUnder puts a task (for staff[0]), a deadline (staff[0] responsible),
// a logged call naming the client and a document on matter id.
func (a *app) fileUnder(id string, staff ...string) filed {
	a.t.Helper()
	f := filed{task: "Granska Hemligs avtal", deadline: "Hemlig förhandling", entry: "Samtal om fusionen", doc: "hemlig-plan.pdf"}
	for _, s := range staff {
		wantStatus(a.t, a.call(http.MethodPost, "/api/v1/tasks", fmt.Sprintf(`{"title":%q,"assignee":{"staff":%q},"due":%q,"matter_id":%q}`,
			f.task, s, date(-1), id)), http.StatusCreated)
		wantStatus(a.t, a.call(http.MethodPost, "/api/v1/deadlines", fmt.Sprintf(`{"matter_id":%q,"kind":"court_date","date":%q,"title":%q,"responsible":%q,"reminders":[7]}`,
			id, date(3), f.deadline, s)), http.StatusCreated)
	}
	client := a.getMatter(id).ClientIDs[0]
	wantStatus(a.t, a.call(http.MethodPost, "/api/v1/communications", fmt.Sprintf(`{"matter_id":%q,"kind":"phone_call","occurred_at":"2026-01-15T10:00:00Z","participants":[{"kind":"contact","id":%q}],"subject_line":%q}`,
		id, client, f.entry)), http.StatusCreated)
	wantStatus(a.t, a.upload("/api/v1/documents", f.doc, pdf("plan"), "matter_id", id), http.StatusCreated)
	return f
}

// seesNoMatter: every way to reach the matter hides it.
func seesNoMatter(t *testing.T, as *app, id, client string, hidden []string) {
	t.Helper()
	for what, body := range map[string]string{
		"list":             as.get("/matters").Body.String(),
		"search":           as.post("/matters/search", url.Values{"q": {"Hemlig"}}).Body.String(),
		"API list":         as.call(http.MethodGet, "/api/v1/matters", "").Body.String(),
		"start page":       as.get("/work").Body.String(),
		"API tasks":        as.call(http.MethodGet, "/api/v1/tasks", "").Body.String(),
		"API deadlines":    as.call(http.MethodGet, "/api/v1/deadlines", "").Body.String(),
		"client's page":    as.get("/contacts/" + client).Body.String(),
		"client's log":     as.get("/contacts/" + client + "/communications").Body.String(),
		"API client's log": as.call(http.MethodGet, "/api/v1/communications?contact_id="+client, "").Body.String(),
	} {
		t.Run(what, func(t *testing.T) { wantAbsent(t, body, hidden...) })
	}
	unknown := "01900000-0000-7000-8000-0000000000ff"
	for _, path := range []string{"/matters/%s", "/matters/%s/communications", "/matters/%s/documents", "/matters/%s/tasks",
		"/matters/%s/deadlines", "/matters/%s/history", "/matters/%s/edit", "/api/v1/matters/%s", "/api/v1/matters/%s/parties",
		"/api/v1/matters/%s/automatic-messages",
		"/api/v1/communications?matter_id=%s"} {
		got, want := as.get(strings.Replace(path, "%s", id, 1)), as.get(strings.Replace(path, "%s", unknown, 1))
		if got.Code != http.StatusNotFound || scrub(got, id) != scrub(want, unknown) {
			t.Errorf("GET %s of a hidden matter: %d, or unlike an unknown ID", path, got.Code)
		}
	}
	wantStatus(t, as.post("/matters/"+id+"/communications", url.Values{"kind": {"note"}, "body": {"x"}}), http.StatusNotFound)
	wantStatus(t, as.call(http.MethodPatch, "/api/v1/matters/"+id, `{"title":"x"}`, "If-Match", `"1"`), http.StatusNotFound)
}

// seesNoFeed: the member's calendar feed leaves the matter's items out.
func seesNoFeed(t *testing.T, as *app, hidden []string) {
	t.Helper()
	rec := as.as("").get(as.feedPath(t))
	wantStatus(t, rec, http.StatusOK)
	wantAbsent(t, rec.Body.String(), hidden...)
}

// TestMatterWallFormRefusesBadTargets: a wall names one existing record.
func TestMatterWallFormRefusesBadTargets(t *testing.T) {
	t.Parallel()
	a := newApp(t)
	admin := a.as(a.signIn(a.member("admin").ID))
	contact := a.createPerson("Mura", "Mål")
	before := a.events()
	for form, msg := range map[string]string{
		"matter_id=" + newID():                            "Det finns inget ärende med det här id:t.",
		"matter_id=" + newID() + "&contact_id=" + contact: "Ange en kontakt eller ett ärende, inte båda.",
	} {
		f, _ := url.ParseQuery(form + "&reason=j%C3%A4v&users=" + a.me.ID + "&wall_id=" + newID())
		rec := admin.post("/admin/walls", f)
		wantStatus(t, rec, http.StatusUnprocessableEntity)
		wantContains(t, rec.Body.String(), msg)
	}
	if a.events() != before {
		t.Error("a refused wall wrote events")
	}
}

// TestTeamAndGrants: a colleague added to the team, or granted access,
// sees the matter; one taken off it, or whose grant is revoked, no
// longer does.
func TestTeamAndGrants(t *testing.T) {
	t.Parallel()
	a := newApp(t)
	colleague, asColleague := a.lawyer()
	partner, asPartner := a.lawyer()
	m := a.openMatter("Teamärende", a.me.ID, a.createPerson("Tea", "Team"), nil, nil, nil)
	wantStatus(t, asColleague.get("/matters/"+m.ID), http.StatusNotFound)
	version := func() string { return hidden(t, a.get("/matters/"+m.ID).Body.String(), "version") }
	wantStatus(t, a.post("/matters/"+m.ID+"/team", url.Values{"version": {version()}, "members": {colleague.ID, a.me.ID}}), http.StatusSeeOther)
	wantStatus(t, asColleague.get("/matters/"+m.ID), http.StatusOK)
	wantStatus(t, a.post("/matters/"+m.ID+"/grants", url.Values{"version": {version()}, "staff_id": {partner.ID}}), http.StatusSeeOther)
	wantContains(t, asPartner.get("/matters").Body.String(), "Teamärende")
	wantStatus(t, a.confirmed("/matters/"+m.ID+"/grants/"+partner.ID+"/revoke", url.Values{"version": {version()}}), http.StatusSeeOther)
	wantStatus(t, a.post("/matters/"+m.ID+"/team", url.Values{"version": {version()}, "members": {a.me.ID}}), http.StatusSeeOther)
	wantStatus(t, asPartner.get("/matters/"+m.ID), http.StatusNotFound)
	wantStatus(t, asColleague.get("/matters/"+m.ID), http.StatusNotFound)
	wantContains(t, a.get("/matters/"+m.ID+"/history").Body.String(), "Teamet ändrades", "Behörighet gavs", "Behörighet togs bort")
}
