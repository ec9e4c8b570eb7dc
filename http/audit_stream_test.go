package http_test

import (
	"html"
	"net/http"
	"net/http/httptest"
	"net/url"
	"regexp"
	"strings"
	"testing"

	"github.com/klient-crm/klient/domain/access"
)

// TestAuditStreamPage: a line of the trail about a stream with no page of
// its own (here a wall's) links to the stream's events, which show as of a
// moment like any history; a contact's stream goes to the contact's page.
func TestAuditStreamPage(t *testing.T) {
	t.Parallel()
	a := newApp(t)
	lawyer, _ := a.lawyer()
	client := a.createPerson("Stina", "Ström")
	admin := a.as(a.signIn(a.member(access.RoleAdmin).ID))
	erect(t, admin, url.Values{"wall_id": {newID()}, "contact_id": {client}, "users": {lawyer.ID}, "reason": {"jäv i tvist"}})
	date, clock := moment(t)
	a.liftWallsOf(lawyer.ID)
	a.awaitTrail()
	_, auditor := a.auditor()

	trail := auditor.get("/audit?type=" + access.TypeWallErected).Body.String()
	link := regexp.MustCompile(`class="history" href="(/audit/streams/wall-[^"]+)"`).FindStringSubmatch(trail)
	if link == nil {
		t.Fatal("the trail links no wall's stream")
	}
	now := auditor.get(link[1])
	wantStatus(t, now, http.StatusOK)
	wantContains(t, now.Body.String(), access.TypeWallErected, access.TypeWallLifted, "jäv i tvist", `<p id="record">Etisk mur</p>`,
		"En etisk mur restes", "En etisk mur hävdes")
	then := auditor.get(link[1] + "?" + url.Values{"as_of": {date}, "as_of_time": {clock}}.Encode())
	wantStatus(t, then, http.StatusOK)
	wantContains(t, then.Body.String(), access.TypeWallErected)
	wantAbsent(t, then.Body.String(), access.TypeWallLifted)

	rec := auditor.get("/audit/streams/contact-" + client)
	if rec.Code != http.StatusSeeOther || !strings.HasPrefix(location(rec), "/audit/contacts/"+client) {
		t.Errorf("a contact's stream: %d to %q", rec.Code, location(rec))
	}
	wantStatus(t, auditor.get("/audit/streams/wall-01900000-0000-7000-8000-0000000000ff"), http.StatusNotFound)
	wantStatus(t, auditor.get("/audit/streams/"+url.PathEscape("ingen ström")), http.StatusNotFound)
}

// A stream filed under a matter the auditor is walled from — a task's, a
// deadline's, a log entry's — answers exactly as a stream that does not
// exist (issue 11, item 8: 200 with event types, actors and follow-up
// fields), while an unwalled auditor reads it.
func TestAuditStreamsUnderAWalledMatterAnswerAsUnknown(t *testing.T) {
	t.Parallel()
	a := newApp(t)
	m := a.openMatter("Avskärmat", a.me.ID, a.createPerson("Klient", "Klientsson"), nil, nil, nil)
	created := func(rec *httptest.ResponseRecorder) string {
		t.Helper()
		wantStatus(t, rec, http.StatusCreated)
		return decode[struct{ ID string }](t, rec).ID
	}
	task := created(a.call(http.MethodPost, "/api/v1/tasks",
		`{"title":"Läs in","assignee":{"staff":"`+a.me.ID+`"},"due":"`+date(2)+`","matter_id":"`+m.ID+`"}`))
	wantStatus(t, a.call(http.MethodPost, "/api/v1/tasks/"+task+"/complete", `{"version":0}`), http.StatusOK)
	deadline := created(a.call(http.MethodPost, "/api/v1/deadlines", `{"matter_id":"`+m.ID+`","kind":"filing","date":"`+date(10)+
		`","title":"Svaromål","responsible":"`+a.me.ID+`","reminders":[7]}`))
	entry := created(a.call(http.MethodPost, "/api/v1/communications",
		`{"matter_id":"`+m.ID+`","kind":"note","occurred_at":"2026-02-01T08:00:00Z","subject_line":"Anteckning"}`))
	walledAuditor, asWalled := a.auditor()
	_, asOther := a.auditor()
	a.wallMatter(m.ID, walledAuditor.ID)
	a.awaitTrail()

	// The trail, too: a task's later events no longer name its matter.
	wantContains(t, asOther.get("/audit/trail.csv").Body.String(), "work.TaskCompleted")
	wantAbsent(t, asWalled.get("/audit/trail.csv").Body.String(), "work.TaskCompleted", "work.TaskCreated")
	const unknownID = "01900000-0000-7000-8000-0000000000ff"
	page := func(as *app, stream string) (int, string) {
		rec := as.get("/audit/streams/" + stream)
		body := regexp.MustCompile(`[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}`).ReplaceAllString(rec.Body.String(), "<id>")
		return rec.Code, body
	}
	for kind, id := range map[string]string{"task-": task, "deadline-": deadline, "communication-": entry} {
		if code, _ := page(asOther, kind+id); code != http.StatusOK {
			t.Errorf("an unwalled auditor reading %s%s: %d", kind, id, code)
		}
		code, body := page(asWalled, kind+id)
		unknownCode, unknownBody := page(asWalled, kind+unknownID)
		if code != http.StatusNotFound || code != unknownCode || body != unknownBody {
			t.Errorf("the walled auditor reading %s: %d, unlike an unknown stream (%d)", kind, code, unknownCode)
		}
	}
}

// A practice area's workflow template is kept in a stream named after the
// area ("workflow-template-processrätt"): the trail's link to it must open
// its history for an auditor, not answer 404 because the name holds a
// Swedish letter (found trying the demo data as an auditor).
func TestAuditStreamOfASwedishNamedTemplate(t *testing.T) {
	t.Parallel()
	a := newApp(t)
	admin := a.as(a.signIn(a.member(access.RoleAdmin).ID))
	// Both a one-word area with Swedish letters and a default area of two
	// words ("offentlig rätt": areas may be words joined by single spaces).
	for _, area := range []string{"processrätt", "offentlig rätt"} {
		if rec := admin.post("/admin/templates/"+url.PathEscape(area), processTemplate("2")); rec.Code != http.StatusSeeOther {
			t.Fatalf("saving the template of %s: %d %s", area, rec.Code, rec.Body)
		}
	}
	a.awaitTrail()
	_, auditor := a.auditor()
	trail := auditor.get("/audit").Body.String()
	links := regexp.MustCompile(`class="history" href="(/audit/streams/workflow-template-[^"]+)"`).FindAllStringSubmatch(trail, -1)
	if len(links) != 2 {
		t.Fatalf("the trail links %d workflow templates' streams; want 2", len(links))
	}
	for _, link := range links {
		rec := auditor.get(html.UnescapeString(link[1]))
		wantStatus(t, rec, http.StatusOK)
		wantContains(t, rec.Body.String(), "Skicka uppdragsbekräftelse")
	}
}
