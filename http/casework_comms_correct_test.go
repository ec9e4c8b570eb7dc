package http_test

import (
	"fmt"
	"net/http"
	"net/url"
	"testing"

	casework "github.com/klient-crm/klient/http/casework"

	"github.com/klient-crm/klient/domain/access"
	"github.com/klient-crm/klient/http/web"
)

// TestCorrectCommunications corrects a logged call from the matter's
// communications tab: the entry then shows "rättad" with when. An entry
// with neither subject nor note and a stale version are refused with
// nothing written; an assistant on the team who did not log it is
// refused (403), a lawyer on the team may correct it, and a lawyer not on
// the matter gets 404. An entry on a contact's page is corrected through
// the API.
func TestCorrectCommunications(t *testing.T) {
	t.Parallel()
	a := newApp(t)
	client := a.createPerson("Rut", "Rättelse")
	assistant, colleague := a.member(access.RoleAssistant), a.member(access.RoleLawyer)
	m := a.openMatter("Rättat ärende", a.me.ID, client, nil, []string{assistant.ID, colleague.ID}, nil)
	back := "/matters/" + m.ID + "/communications"
	logged := logForm("Samtal om arvode", "2026-03-02T10:00", "contact:"+client, "staff:"+a.me.ID)
	wantStatus(t, a.post(back, logged), http.StatusSeeOther)
	id := logged.Get("communication_id")
	edit := "/communications/" + id + "/edit?return=" + url.QueryEscape(back)
	wantContains(t, a.get(back).Body.String(), `href="/communications/`+id+`/edit?return=`, "Rätta")
	form := a.get(edit).Body.String()
	wantContains(t, form, "Rätta en post i kommunikationsloggen", `value="Samtal om arvode"`, "Rut Rättelse")
	version := hidden(t, form, "version")

	_, outsider := a.lawyer()
	before := a.events()
	empty := url.Values{"version": {version}, "subject": {""}, "body": {""}, "return": {back}}
	rec := a.post("/communications/"+id, empty)
	wantStatus(t, rec, http.StatusUnprocessableEntity)
	wantContains(t, rec.Body.String(), "Formuläret innehåller fel")
	stale := url.Values{"version": {version + "9"}, "subject": {"Sent"}, "body": {"x"}, "return": {back}}
	rec = a.post("/communications/"+id, stale)
	wantStatus(t, rec, http.StatusConflict)
	wantContains(t, rec.Body.String(), "Någon annan har ändrat posten", "Ladda om")
	helper := a.as(a.signIn(assistant.ID))
	wantAbsent(t, helper.get(back).Body.String(), `href="/communications/`+id+`/edit`)
	rec = helper.get("/communications/" + id + "/edit")
	wantStatus(t, rec, http.StatusForbidden)
	wantContains(t, rec.Body.String(), "Bara den som loggade posten")
	wantStatus(t, helper.post("/communications/"+id, url.Values{"version": {version}, "subject": {"Mitt"}}), http.StatusForbidden)
	wantStatus(t, outsider.get("/communications/"+id+"/edit"), http.StatusNotFound)
	wantStatus(t, outsider.post("/communications/"+id, url.Values{"version": {version}, "subject": {"Utifrån"}}), http.StatusNotFound)
	if a.events() != before {
		t.Fatalf("refused corrections wrote %d events", a.events()-before)
	}

	wantStatus(t, a.as(a.signIn(colleague.ID)).get("/communications/"+id+"/edit"), http.StatusOK)
	rec = a.post("/communications/"+id, url.Values{"version": {version}, "subject": {"Samtal om arvode och kostnadsräkning"},
		"body": {"Gick igenom läget och arvodet."}, "return": {back}})
	wantStatus(t, rec, http.StatusSeeOther)
	if location(rec) != back+"?done=corrected" {
		t.Errorf("the correction went to %s", location(rec))
	}
	tab := a.get(location(rec)).Body.String()
	wantContains(t, tab, "Posten är rättad.", "Samtal om arvode och kostnadsräkning", "rättad 20")

	own := logForm("Samtal utan ärende", "2026-03-03T09:00", "contact:"+client)
	wantStatus(t, a.post("/contacts/"+client+"/communications", own), http.StatusSeeOther)
	page := a.get("/contacts/" + client + "/communications").Body.String()
	wantContains(t, page, `href="/communications/`+own.Get("communication_id")+`/edit?return=`)
	path := "/api/v1/communications/" + own.Get("communication_id")
	current := entryVersion(t, a, client, own.Get("communication_id"))
	before = a.events()
	wantProblem(t, a.call(http.MethodPatch, path, `{"subject_line":"Gammalt"}`, "If-Match", web.VersionETag(current+9)), http.StatusConflict)
	wantProblem(t, a.call(http.MethodPatch, path, fmt.Sprintf(`{"subject_line":"","body":"","version":%d}`, current)), http.StatusUnprocessableEntity)
	wantProblem(t, helper.call(http.MethodPatch, path, fmt.Sprintf(`{"subject_line":"Utifrån","version":%d}`, current)), http.StatusForbidden)
	if a.events() != before {
		t.Fatalf("refused API corrections wrote %d events", a.events()-before)
	}
	rec = a.call(http.MethodPatch, path, fmt.Sprintf(`{"subject_line":"Samtal om bouppteckning","version":%d}`, current))
	wantStatus(t, rec, http.StatusOK)
	if got := decode[casework.EntryJSON](t, rec); !got.Corrected || got.SubjectLine != "Samtal om bouppteckning" || got.Body != "Gick igenom läget." {
		t.Errorf("the API's correction: %+v", got)
	}
	wantContains(t, a.get("/contacts/"+client+"/communications").Body.String(), "Samtal om bouppteckning", "rättad 20")
}

// entryVersion is the version the API lists the contact's entry id at.
func entryVersion(t *testing.T, a *app, contactID, id string) uint64 {
	t.Helper()
	rec := a.call(http.MethodGet, "/api/v1/communications?contact_id="+contactID, "")
	wantStatus(t, rec, http.StatusOK)
	for _, e := range decode[struct{ Items []casework.EntryJSON }](t, rec).Items {
		if e.ID == id {
			return e.Version
		}
	}
	t.Fatalf("the API does not list entry %s", id)
	return 0
}
