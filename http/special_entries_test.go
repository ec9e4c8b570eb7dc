package http_test

import (
	"bytes"
	"context"
	"net/http"
	"net/url"
	"slices"
	"strings"
	"testing"

	"github.com/klient-crm/klient/domain/access"
	"github.com/klient-crm/klient/domain/dpo"
	"github.com/klient-crm/klient/http/casework"
	docpages "github.com/klient-crm/klient/http/casework/documents"
	dpopages "github.com/klient-crm/klient/http/dpo"
	"github.com/klient-crm/klient/http/web"
	"github.com/klient-crm/klient/projections/accesslog"
)

// TestSpecialCategoryEntries: issue 16's sensitive data on the
// communication log. A lawyer marks a logged call as health data: a
// category without its ground is refused in Swedish and writes nothing;
// the page asks before it marks. Once marked, the assistant on the same
// matter's team (whose role lacks sensitive.read) finds the entry
// nowhere — not in the matter's tab, not in the API's list, and every
// address of it answers as an unknown entry's — and an auditor reads its
// events without their text. The lawyer sees the line without its text,
// and opens it only with a purpose (422 in Swedish without one), which
// the access log records. The categories are sealed in the log; the
// record of processing and the DPO's start page count the entry. Lifting
// the marking gives the assistant the entry back.
func TestSpecialCategoryEntries(t *testing.T) {
	t.Parallel()
	a := newApp(t)
	assistant := a.member(access.RoleAssistant)
	m := a.openMatter("Arbetsskada Lind", a.me.ID, a.createPerson("Lisa", "Lind"), nil, []string{assistant.ID}, nil)
	const subjectLine, body = "Samtal om diagnosen", "Klienten berättade om sin utmattningsdepression"
	entry := decode[casework.EntryJSON](t, a.call(http.MethodPost, "/api/v1/communications", `{"matter_id":"`+m.ID+
		`","kind":"phone_call","occurred_at":"2026-02-01T08:00:00Z","subject_line":"`+subjectLine+`","body":"`+body+`"}`))
	asAssistant := a.as(a.signIn(assistant.ID))
	list := "/api/v1/communications?matter_id=" + m.ID
	wantContains(t, asAssistant.call(http.MethodGet, list, "").Body.String(), entry.ID, subjectLine)

	path := "/api/v1/communications/" + entry.ID + "/special-category"
	before := a.events()
	p := wantProblem(t, a.call(http.MethodPut, path, `{"categories":["health"],"grounds":[]}`), http.StatusUnprocessableEntity)
	if len(p.Errors) != 1 || p.Errors[0].Field != "grounds" {
		t.Errorf("health without a ground: %+v", p)
	}
	page := "/communications/" + entry.ID + "/special-category"
	rec := a.post(page, url.Values{"categories": {"health"}, "grounds": {"art10"}})
	wantStatus(t, rec, http.StatusUnprocessableEntity)
	wantContains(t, rec.Body.String(), "Känsliga personuppgifter kräver ett lagstöd i art. 9.2.")
	if a.events() != before {
		t.Fatalf("refused markings wrote %d events", a.events()-before)
	}
	form := url.Values{"categories": {"health"}, "grounds": {"art9_2_f"}}
	confirmed := a.asks(t, page, form, "Markera posten")
	wantStatus(t, a.post(page, confirmed), http.StatusSeeOther)
	read := decode[docpages.SpecialCategoryJSON](t, a.call(http.MethodGet, path, ""))
	if len(read.Categories) != 1 || read.Categories[0] != dpo.CategoryHealth || len(read.Grounds) != 1 || read.Grounds[0] != dpo.GroundLegalClaims {
		t.Errorf("the marking reads %+v; want health under art. 9.2 f as saved", read)
	}
	envs, err := a.store.ReadStream(context.Background(), dpo.EntrySpecialStreamName(entry.ID), 0, 100)
	must(t, err)
	if len(envs) != 1 {
		t.Fatalf("the marking is %d events, want 1", len(envs))
	}
	if bytes.Contains(envs[0].Data, []byte("health")) {
		t.Errorf("the category is in the log in the clear: %s", envs[0].Data)
	}

	// The assistant: nowhere, and the same answers as an unknown entry's.
	wantAbsent(t, asAssistant.call(http.MethodGet, list, "").Body.String(), entry.ID, subjectLine)
	wantAbsent(t, asAssistant.get("/matters/"+m.ID+"/communications").Body.String(), entry.ID, subjectLine, body)
	unknown := newID()
	for _, p := range []string{"/communications/", "/api/v1/communications/", "/communications/%s/edit"} {
		at := func(id string) string {
			if strings.Contains(p, "%s") {
				return strings.Replace(p, "%s", id, 1)
			}
			return p + id
		}
		hidden, none := asAssistant.get(at(entry.ID)), asAssistant.get(at(unknown))
		wantStatus(t, hidden, http.StatusNotFound)
		if hidden.Code != none.Code || hidden.Header().Get("Content-Type") != none.Header().Get("Content-Type") {
			t.Errorf("%s: the marked entry answers %d %s, an unknown one %d %s", p, hidden.Code,
				hidden.Header().Get("Content-Type"), none.Code, none.Header().Get("Content-Type"))
		}
		wantAbsent(t, hidden.Body.String(), subjectLine, body)
	}
	wantProblem(t, asAssistant.call(http.MethodPatch, "/api/v1/communications/"+entry.ID, `{"version":0,"body":"x"}`), http.StatusNotFound)
	wantStatus(t, asAssistant.call(http.MethodGet, path, ""), http.StatusForbidden)

	// The lawyer: the line without its text; the text with a purpose.
	listed := decode[struct{ Items []casework.EntryJSON }](t, a.call(http.MethodGet, list, ""))
	if len(listed.Items) != 1 || !listed.Items[0].Special || listed.Items[0].SubjectLine != "" || listed.Items[0].Body != "" {
		t.Errorf("the lawyer's list gives %+v; want the marked entry without its text", listed.Items)
	}
	tab := a.get("/matters/" + m.ID + "/communications").Body.String()
	wantContains(t, tab, "Känsliga uppgifter", "Hälsa", `action="/communications/`+entry.ID+`"`, `name="purpose"`)
	wantAbsent(t, tab, subjectLine, body)
	p = wantProblem(t, a.call(http.MethodGet, "/api/v1/communications/"+entry.ID, ""), http.StatusUnprocessableEntity)
	if len(p.Errors) != 1 || p.Errors[0].Code != "special.entry_purpose_required" || p.Errors[0].Message != "Ange varför du öppnar posten: den innehåller känsliga personuppgifter." {
		t.Errorf("the API without a purpose: %+v", p)
	}
	got := a.get("/communications/" + entry.ID)
	wantStatus(t, got, http.StatusUnprocessableEntity)
	wantContains(t, got.Body.String(), "Ange varför du öppnar posten")
	wantAbsent(t, got.Body.String(), subjectLine, body)
	opened := decode[casework.EntryJSON](t, a.call(http.MethodGet, "/api/v1/communications/"+entry.ID, "", web.PurposeHeader, "Stämningsansökan"))
	if opened.SubjectLine != subjectLine || opened.Body != body {
		t.Errorf("opened with a purpose, the API gives %q / %q", opened.SubjectLine, opened.Body)
	}
	got = a.get("/communications/" + entry.ID + "?" + url.Values{"purpose": {"Förbereda förhandlingen"}}.Encode())
	wantStatus(t, got, http.StatusOK)
	wantContains(t, got.Body.String(), subjectLine, body)
	wantStatus(t, a.get("/communications/"+entry.ID+"/edit"), http.StatusUnprocessableEntity)
	edit := a.get("/communications/" + entry.ID + "/edit?" + url.Values{"purpose": {"Rätta anteckningen"}}.Encode())
	wantStatus(t, edit, http.StatusOK)
	wantContains(t, edit.Body.String(), body)
	reads := map[string]bool{}
	logged, err := web.AccessLogStore(a.pool, a.keys).Search(context.Background(), accesslog.Filter{StaffID: a.me.ID, Limit: 500})
	must(t, err)
	for _, e := range logged { // the purpose is sealed; the access log's own search opens it
		reads[e.Route+" "+e.Purpose] = true
	}
	for _, want := range []string{"/api/v1/communications/{id} Stämningsansökan", "/communications/{id} Förbereda förhandlingen"} {
		if !reads[want] {
			t.Errorf("the access log has no read %q", want)
		}
	}

	// The audit trail: an auditor reads who and when, not the text; the
	// DPO reads it.
	_, asAuditor := a.auditor()
	stream := "/audit/streams/communication-" + entry.ID
	trail := asAuditor.get(stream)
	wantStatus(t, trail, http.StatusOK)
	wantAbsent(t, trail.Body.String(), subjectLine, body)
	wantAbsent(t, asAuditor.get("/audit/streams/"+dpo.EntrySpecialStreamName(entry.ID)).Body.String(), "Hälsa", "health")
	officer := a.requestsOfficer()
	wantContains(t, officer.get(stream).Body.String(), subjectLine)

	record := decode[dpopages.RecordJSON](t, officer.call(http.MethodGet, "/api/v1/processing-record", ""))
	want := dpopages.SpecialCategoryInUseJSON{Category: dpo.CategoryHealth, Documents: 0, Entries: 1}
	if len(record.SpecialCategories) != 1 || record.SpecialCategories[0] != want {
		t.Errorf("the record lists %+v, want %+v", record.SpecialCategories, want)
	}
	for _, page := range []string{"/registers/processing", "/gdpr"} {
		wantContains(t, section(t, officer.get(page).Body.String(), "special-categories"), "Hälsa – dokument: 0, kontakter: 0, i kommunikationsloggen: 1")
	}

	// The API marks as the page does: offences beside health, each with
	// its ground, read back sorted as saved.
	put := a.call(http.MethodPut, path, `{"categories":["health","criminal"],"grounds":["art10","art9_2_f"]}`)
	wantStatus(t, put, http.StatusOK)
	both := decode[docpages.SpecialCategoryJSON](t, put)
	if len(both.Categories) != 2 || len(both.Grounds) != 2 || !slices.Contains(both.Categories, dpo.CategoryHealth) ||
		!slices.Contains(both.Grounds, dpo.GroundLegalClaims) {
		t.Errorf("the API's marking reads %+v; want health and offences, under art. 9.2 f and art. 10", both)
	}

	lift := a.asks(t, page, url.Values{}, "Häva markeringen")
	wantStatus(t, a.post(page, lift), http.StatusSeeOther)
	wantContains(t, asAssistant.call(http.MethodGet, list, "").Body.String(), entry.ID, subjectLine)
	wantStatus(t, asAssistant.get("/communications/"+entry.ID), http.StatusOK)
}
