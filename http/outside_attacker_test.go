package http_test

import (
	"encoding/json"
	"fmt"
	"net/http"
	"net/http/httptest"
	"net/url"
	"regexp"
	"slices"
	"strings"
	"testing"

	"github.com/klient-crm/klient/domain/access"
)

// TestItemsOfAHiddenMatterAnswerAsUnknownIDs is the attacker's walk of
// every route that names a task, a deadline, a log entry or a document by
// its own ID: a colleague outside the matter, and one walled from it, who
// learnt an item's ID (a URL in an e-mail, a webhook log) get, for every
// read and every write, exactly the answer an ID that names nothing gets —
// status, body and headers (the README: "to them the matter does not
// exist"). A question before an irreversible action must not name the item
// either.
func TestItemsOfAHiddenMatterAnswerAsUnknownIDs(t *testing.T) {
	t.Parallel()
	a := newApp(t)
	walled, asWalled := a.lawyer()
	_, asOutsider := a.lawyer()
	client := a.createPerson("Hedda", "Hemlighet")
	m := a.openMatter("Hemligt förvärv", a.me.ID, client, nil, []string{walled.ID}, nil)
	a.clearAndOpen(m.ID, "clear", "")
	a.wallMatter(m.ID, walled.ID)
	items := map[string]string{
		"task": createdID(t, a.call(http.MethodPost, "/api/v1/tasks", fmt.Sprintf(
			`{"title":"Granska förvärvsavtalet","assignee":{"staff":%q},"due":%q,"matter_id":%q}`, a.me.ID, date(2), m.ID))),
		"deadline": createdID(t, a.call(http.MethodPost, "/api/v1/deadlines", fmt.Sprintf(
			`{"matter_id":%q,"kind":"court_date","date":%q,"title":"Förhandling om förvärvet","responsible":%q,"reminders":[7]}`, m.ID, date(9), a.me.ID))),
		"entry": createdID(t, a.call(http.MethodPost, "/api/v1/communications", fmt.Sprintf(
			`{"matter_id":%q,"kind":"phone_call","occurred_at":"2026-01-15T10:00:00Z","participants":[{"kind":"contact","id":%q}],"subject_line":"Samtal om förvärvet"}`, m.ID, client))),
		"doc":    createdID(t, a.upload("/api/v1/documents", "forvarv.pdf", pdf("förvärv"), "matter_id", m.ID)),
		"matter": m.ID,
	}
	hiddenWords := []string{"Granska förvärvsavtalet", "Förhandling om förvärvet", "Samtal om förvärvet", "forvarv.pdf",
		"Hemligt förvärv", "Hemlighet", m.Number}
	unknown := "01900000-0000-7000-8000-0000000000fe"
	type route struct {
		kind, method, path, body string // body: JSON for /api, a form otherwise
	}
	routes := []route{
		{"task", http.MethodPatch, "/api/v1/tasks/%s", `{"due":"2030-01-02"}`},
		{"task", http.MethodPost, "/api/v1/tasks/%s/cancel", `{}`},
		{"task", http.MethodPost, "/api/v1/tasks/%s/complete", `{}`},
		{"task", http.MethodPost, "/tasks/%s/complete", "version=1"},
		{"task", http.MethodPost, "/tasks/%s/cancel", "version=1"},
		{"task", http.MethodPost, "/tasks/%s/start", "version=1"},
		{"task", http.MethodPost, "/tasks/%s/reopen", "version=1"},
		{"task", http.MethodPost, "/tasks/%s/due", "version=1&due=2030-01-02"},
		{"task", http.MethodPost, "/tasks/%s/assignee", "version=1&assignee=staff:" + a.me.ID},
		{"deadline", http.MethodPatch, "/api/v1/deadlines/%s", `{"date":"2030-01-02"}`},
		{"deadline", http.MethodPost, "/api/v1/deadlines/%s/cancel", `{"reason":"x"}`},
		{"deadline", http.MethodPost, "/deadlines/%s/cancel", "version=1"},
		{"deadline", http.MethodPost, "/deadlines/%s/met", "version=1"},
		{"deadline", http.MethodPost, "/deadlines/%s/move", "version=1&date=2030-01-02"},
		{"entry", http.MethodGet, "/api/v1/communications/%s", ""},
		{"entry", http.MethodPatch, "/api/v1/communications/%s", `{"subject_line":"x"}`},
		{"entry", http.MethodGet, "/api/v1/communications/%s/special-category", ""},
		{"entry", http.MethodPut, "/api/v1/communications/%s/special-category", `{"categories":["health"],"legal_ground":"9.2.f"}`},
		{"entry", http.MethodGet, "/communications/%s", ""},
		{"entry", http.MethodGet, "/communications/%s/edit", ""},
		{"entry", http.MethodPost, "/communications/%s", "version=1&subject_line=x"},
		{"entry", http.MethodGet, "/communications/%s/special-category", ""},
		{"entry", http.MethodPost, "/communications/%s/special-category", "version=1&categories=health"},
		{"entry", http.MethodPost, "/follow-ups/%s/done", "version=1"},
		{"doc", http.MethodGet, "/api/v1/documents/%s", ""},
		{"doc", http.MethodGet, "/api/v1/documents/%s/special-category", ""},
		{"doc", http.MethodPut, "/api/v1/documents/%s/special-category", `{"categories":["health"],"legal_ground":"9.2.f"}`},
		{"doc", http.MethodGet, "/documents/%s", ""},
		{"doc", http.MethodGet, "/documents/%s/special-category", ""},
		{"doc", http.MethodPost, "/documents/%s/special-category", "version=1&categories=health"},
		{"matter", http.MethodPost, "/matters/%s", "version=1&title=x"},
		{"matter", http.MethodPost, "/matters/%s/activate", "version=1"},
		{"matter", http.MethodPost, "/matters/%s/archive", "version=1"},
		{"matter", http.MethodPost, "/matters/%s/close", "version=1"},
		{"matter", http.MethodPost, "/matters/%s/reopen", "version=1"},
		{"matter", http.MethodPost, "/matters/%s/communications", "kind=note&subject_line=x"},
		{"matter", http.MethodPost, "/matters/%s/conflict-check", "version=1"},
		{"matter", http.MethodPost, "/matters/%s/conflict-decision", "version=1&decision=clear"},
		{"matter", http.MethodPost, "/matters/%s/deadlines", "kind=filing&date=2030-01-02&title=x"},
		{"matter", http.MethodPost, "/matters/%s/notes", "body=x"},
		{"matter", http.MethodPost, "/matters/%s/parties", "version=1&contact_id=" + client + "&role=witness"},
		{"matter", http.MethodPost, "/matters/%s/parties/search", "q=Hed"},
		{"matter", http.MethodPost, "/matters/%s/parties/" + client, "version=1&role=witness"},
		{"matter", http.MethodPost, "/matters/%s/parties/" + client + "/remove", "version=1"},
		{"matter", http.MethodPost, "/matters/%s/tasks", "title=x&due=2030-01-02"},
		{"matter", http.MethodPost, "/matters/%s/team", "version=1"},
		{"matter", http.MethodPost, "/matters/%s/grants", "version=1&staff=" + a.me.ID},
		{"matter", http.MethodPost, "/matters/%s/grants/" + a.me.ID + "/revoke", "version=1"},
		{"matter", http.MethodGet, "/matters/%s/automatic", ""},
		{"matter", http.MethodPost, "/matters/%s/automatic", "status_report_days=30"},
		{"matter", http.MethodGet, "/matters/%s/letter", ""},
		{"matter", http.MethodPost, "/matters/%s/letter", "template=x"},
		{"matter", http.MethodPatch, "/api/v1/matters/%s", `{"title":"x"}`},
		{"matter", http.MethodPost, "/api/v1/matters/%s/activate", `{}`},
		{"matter", http.MethodPost, "/api/v1/matters/%s/archive", `{}`},
		{"matter", http.MethodPost, "/api/v1/matters/%s/conflict-checks", ``},
		{"matter", http.MethodPost, "/api/v1/matters/%s/conflict-checks/decision", `{"decision":"clear"}`},
		{"matter", http.MethodPost, "/api/v1/matters/%s/letters/preview", `{"template_id":"x"}`},
		{"matter", http.MethodPost, "/api/v1/matters/%s/letters", `{"template_id":"x"}`},
		{"matter", http.MethodPost, "/api/v1/matters/%s/notes", `{"body":"x"}`},
		{"matter", http.MethodPost, "/api/v1/matters/%s/parties", `{"contact_id":"` + client + `","role":"witness"}`},
		{"matter", http.MethodGet, "/api/v1/matters/%s/parties", ""},
		{"matter", http.MethodGet, "/api/v1/matters/%s/automatic-messages", ""},
		{"matter", http.MethodPut, "/api/v1/matters/%s/automatic-messages", `{"status_report_days":30,"reminder_days":7}`},
	}
	for name, as := range map[string]*app{"outsider": asOutsider, "walled": asWalled} {
		for _, rt := range routes {
			id := items[rt.kind]
			got := attack(as, rt.method, strings.Replace(rt.path, "%s", id, 1), rt.body)
			want := attack(as, rt.method, strings.Replace(rt.path, "%s", unknown, 1), rt.body)
			what := fmt.Sprintf("%s: %s %s of a hidden %s", name, rt.method, rt.path, rt.kind)
			if got.Code < 400 {
				t.Errorf("%s: %d, the item was reached", what, got.Code)
			}
			answersAlike(t, what, got, id, want, unknown)
			wantAbsent(t, got.Body.String(), hiddenWords...)
		}
	}
}

// attack sends one request as a browser form (paths outside /api) or as
// an API call with the version the attacker guesses.
func attack(as *app, method, path, body string) *httptest.ResponseRecorder {
	if strings.HasPrefix(path, "/api/") {
		return as.call(method, path, body, "If-Match", `"1"`)
	}
	if method == http.MethodGet {
		return as.get(path)
	}
	form, err := url.ParseQuery(body)
	must(as.t, err)
	return as.post(path, form)
}

// answersAlike: status, body and every header but the date and the
// correlation ID equal, once each answer's own ID is taken out.
func answersAlike(t *testing.T, what string, got *httptest.ResponseRecorder, gotID string, want *httptest.ResponseRecorder, wantID string) {
	t.Helper()
	if got.Code != want.Code {
		t.Errorf("%s: status %d, an unknown ID gets %d", what, got.Code, want.Code)
		return
	}
	if fresh.ReplaceAllString(scrub(got, gotID), "") != fresh.ReplaceAllString(scrub(want, wantID), "") {
		t.Errorf("%s: the body differs from an unknown ID's:\n%s\n---\n%s", what, scrub(got, gotID), scrub(want, wantID))
	}
	for _, h := range headerNames(got.Header(), want.Header()) {
		g := strings.ReplaceAll(strings.Join(got.Header().Values(h), ","), gotID, "")
		w := strings.ReplaceAll(strings.Join(want.Header().Values(h), ","), wantID, "")
		if g != w {
			t.Errorf("%s: header %s is %q, for an unknown ID %q", what, h, g, w)
		}
	}
}

// fresh is a form's new matter ID, another at every showing.
var fresh = regexp.MustCompile(`name="matter_id" value="[^"]*"`)

func headerNames(hs ...http.Header) []string {
	var names []string
	for _, h := range hs {
		for k := range h {
			if k != "Date" && k != "X-Correlation-Id" && !slices.Contains(names, k) {
				names = append(names, k)
			}
		}
	}
	return names
}

// createdID is the id of what a 201 answer created.
func createdID(t *testing.T, rec *httptest.ResponseRecorder) string {
	t.Helper()
	wantStatus(t, rec, http.StatusCreated)
	var v struct {
		ID string `json:"id"`
	}
	if err := json.Unmarshal(rec.Body.Bytes(), &v); err != nil || v.ID == "" {
		t.Fatalf("no id in the answer (%v): %s", err, rec.Body)
	}
	return v.ID
}

// TestTextNoDatabaseHoldsIsRefusedNotAFailure: an ID or a value with a NUL
// byte or bytes that are not UTF-8 (which PostgreSQL refuses to compare
// with text) once reached the database and answered 500. In a path it
// names nothing, so it answers as an unknown ID does; in a query or a body
// it is bad input: 400 with a message a person understands, nothing
// written, no 500 logged.
func TestTextNoDatabaseHoldsIsRefusedNotAFailure(t *testing.T) {
	t.Parallel()
	a := newApp(t)
	unknown := "01900000-0000-7000-8000-0000000000fe"
	for _, path := range []string{"/contacts/%s", "/api/v1/contacts/%s", "/api/v1/documents/%s", "/api/v1/communications/%s",
		"/documents/%s", "/communications/%s", "/matters/%s", "/api/v1/matters/%s", "/contacts/%s/communications"} {
		want := a.get(strings.Replace(path, "%s", unknown, 1))
		// each bad ID as sent, and as the page's own links show it
		for bad, shown := range map[string]string{"%00": "\ufffd", "a%00b": "a\ufffdb", "%FF": "\ufffd", "%C3%28": "\ufffd("} {
			got := a.get(strings.Replace(path, "%s", bad, 1))
			answersAlike(t, "GET "+strings.Replace(path, "%s", bad, 1), got, shown, want, unknown)
		}
	}
	for _, path := range []string{"/api/v1/deadlines?matter_id=%00", "/api/v1/deadlines?matter_id=%FF",
		"/api/v1/communications?contact_id=%00"} {
		p := wantProblem(t, a.call(http.MethodGet, path, ""), http.StatusBadRequest)
		wantContains(t, p.Detail+fmt.Sprint(p.Errors), "tecken")
	}
	before := a.events()
	p := wantProblem(t, a.call(http.MethodPost, "/api/v1/contacts/export", `{"ids":["a\u0000"],"format":"csv"}`), http.StatusBadRequest)
	wantContains(t, p.Detail+fmt.Sprint(p.Errors), "tecken")
	if a.events() != before {
		t.Error("a refused request wrote an event")
	}
	if strings.Contains(a.logs.String(), `"status":500`) {
		t.Errorf("a 500 was logged:\n%s", a.logs)
	}
}

// TestHiddenContactsAnswerAsUnknownIDs: a contact walled from the member,
// and one the DPO restricted (art. 18), reached by ID on every contact
// route — pages, API, reads and writes — answer exactly as an ID that
// names nobody: status, body and headers.
func TestHiddenContactsAnswerAsUnknownIDs(t *testing.T) {
	t.Parallel()
	a := newApp(t)
	a.guardContacts()
	member := a.memberIn([]string{"tvist"}, access.RoleLawyer)
	admin := a.as(a.signIn(a.member(access.RoleAdmin).ID))
	walled := a.createPerson("Wilma", "Väggad")
	restricted := a.createPerson("Rolf", "Begränsad")
	erect(t, admin, url.Values{"contact_id": {walled}, "users": {member.ID}, "reason": {"jäv: motpart i 2026-0042"}})
	wantStatus(t, a.dpo().call(http.MethodPost, "/api/v1/contacts/"+restricted+"/restriction", `{"reason":"Personen bestrider riktigheten"}`),
		http.StatusOK)
	as := a.as(a.signIn(member.ID))
	own := as.openMatter("Medlemmens ärende", member.ID, a.createPerson("Öppen", "Klient"), nil, nil, nil)
	unknown := "01900000-0000-7000-8000-0000000000fd"
	routes := [][3]string{
		{http.MethodGet, "/contacts/%s", ""},
		{http.MethodGet, "/contacts/%s/edit", ""},
		{http.MethodGet, "/contacts/%s/merge", ""},
		{http.MethodGet, "/contacts/%s/communications", ""},
		{http.MethodGet, "/contacts/%s/special-category", ""},
		{http.MethodPost, "/contacts/%s", "version=0&kind=person&given_name=X&family_name=Y"},
		{http.MethodPost, "/contacts/%s/archive", "version=0"},
		{http.MethodPost, "/contacts/%s/reactivate", "version=0"},
		{http.MethodPost, "/contacts/%s/merge/find", "q=x"},
		{http.MethodPost, "/contacts/%s/merge", "version=0"},
		{http.MethodPost, "/contacts/%s/relationships", "kind=spouse&other=x"},
		{http.MethodPost, "/contacts/%s/relationships/end", "kind=spouse&other_id=x"},
		{http.MethodPost, "/contacts/%s/communications", "kind=note&subject_line=x"},
		{http.MethodPost, "/contacts/%s/lawful-bases", "basis=contract&purpose=x"},
		{http.MethodPost, "/contacts/%s/consents", "purpose=newsletter"},
		{http.MethodPost, "/contacts/%s/objection", "kind=direct_marketing"},
		{http.MethodPost, "/contacts/%s/sensitive", "purpose=x"},
		{http.MethodGet, "/api/v1/contacts/%s", ""},
		{http.MethodGet, "/api/v1/contacts/%s/privacy", ""},
		{http.MethodGet, "/api/v1/communications?contact_id=%s", ""},
		{http.MethodPatch, "/api/v1/contacts/%s", `{"details":{"given_name":"X"}}`},
		{http.MethodPost, "/api/v1/contacts/%s/affiliations", `{"organisation_id":"01900000-0000-7000-8000-0000000000fc","role":"VD"}`},
		{http.MethodPost, "/api/v1/contacts/%s/relationships", `{"other_id":"01900000-0000-7000-8000-0000000000fc","kind":"spouse"}`},
		{http.MethodPost, "/api/v1/contacts/%s/merge", `{"merged_id":"01900000-0000-7000-8000-0000000000fc"}`},
		{http.MethodPost, "/api/v1/contacts/%s/lawful-bases", `{"basis":"contract","purpose":"x"}`},
		{http.MethodPost, "/api/v1/contacts/%s/consents", `{"purpose":"newsletter"}`},
		{http.MethodPost, "/api/v1/contacts/%s/objection", `{"kind":"direct_marketing"}`},
		{http.MethodGet, "/api/v1/contacts/%s/special-category", ""},
		{http.MethodGet, "/matters/new?client=%s", ""},
		{http.MethodPost, "/api/v1/contacts/export", `{"ids":["%s"],"format":"csv"}`},
		{http.MethodPost, "/api/v1/communications", `{"kind":"phone_call","occurred_at":"2026-01-15T10:00:00Z","participants":[{"kind":"contact","id":"%s"}],"subject_line":"x"}`},
		// New links: a restricted person may be kept, not processed anew.
		{http.MethodPost, "/api/v1/matters", `{"title":"x","practice_area":"processrätt","responsible_lawyer":"` + member.ID + `","parties":[{"contact_id":"%s","role":"client"}]}`},
		{http.MethodPost, "/api/v1/matters/" + own.ID + "/parties", `{"contact_id":"%s","role":"witness"}`},
		{http.MethodPost, "/api/v1/tasks", `{"title":"x","assignee":{"staff":"` + member.ID + `"},"due":"2030-01-02","contact_id":"%s"}`},
		{http.MethodPost, "/api/v1/communications", `{"kind":"phone_call","occurred_at":"2026-01-15T10:00:00Z","matter_id":"` + own.ID + `","contact_ids":["%s"],"subject_line":"x"}`},
	}
	for what, id := range map[string]string{"walled": walled, "restricted": restricted} {
		for _, rt := range routes {
			got := attack(as, rt[0], strings.Replace(rt[1], "%s", id, 1), strings.Replace(rt[2], "%s", id, 1))
			want := attack(as, rt[0], strings.Replace(rt[1], "%s", unknown, 1), strings.Replace(rt[2], "%s", unknown, 1))
			answersAlike(t, fmt.Sprintf("%s %s of a %s contact", rt[0], rt[1], what), got, id, want, unknown)
			wantAbsent(t, got.Body.String(), "Väggad", "Begränsad")
		}
	}
}
