package http_test

import (
	"bytes"
	"context"
	"net/http"
	"net/url"
	"testing"

	"github.com/klient-crm/klient/domain/access"
	"github.com/klient-crm/klient/domain/dpo"
	dpopages "github.com/klient-crm/klient/http/dpo"
	"github.com/klient-crm/klient/http/web"
	"github.com/klient-crm/klient/projections/accesslog"
)

// TestSpecialCategoryDocuments: issue 16's sensitive data (art. 9, 10). A
// lawyer marks a matter's document (a medical certificate) as health data
// and data on offences; a category without its ground is refused in
// Swedish and writes nothing. Once marked, the assistant on the same
// matter's team (whose role lacks sensitive.read) finds it nowhere: not
// in the documents tab, and its download through a page or the API is the
// same 404 as an unknown document's; the lawyer sees it marked and opens
// it only with a purpose (refused in Swedish without one), which the
// access log records with the read. The categories are sealed
// in the log; the record of processing and the DPO's start page count
// the categories in use.
// Lifting the marking gives the assistant the document back.
func TestSpecialCategoryDocuments(t *testing.T) {
	t.Parallel()
	a := newApp(t)
	assistant := a.member(access.RoleAssistant)
	m := a.openMatter("Personskada efter trafikolycka", a.me.ID, a.createPerson("Olle", "Olycka"), nil, []string{assistant.ID}, nil)
	docID := newID()
	wantStatus(t, a.upload("/matters/"+m.ID+"/documents", "läkarintyg.pdf", pdf("Diagnos: whiplashskada"), "document_id", docID),
		http.StatusSeeOther)
	asAssistant := a.as(a.signIn(assistant.ID))
	wantStatus(t, asAssistant.get("/documents/"+docID), http.StatusOK)

	path := "/api/v1/documents/" + docID + "/special-category"
	before := a.events()
	p := wantProblem(t, a.call(http.MethodPut, path, `{"categories":["health"],"grounds":[]}`), http.StatusUnprocessableEntity)
	if len(p.Errors) != 1 || p.Errors[0].Field != "grounds" {
		t.Errorf("health without a ground: %+v", p)
	}
	rec := a.post("/documents/"+docID+"/special-category", url.Values{"categories": {"criminal"}, "grounds": {"art9_2_f"}})
	wantStatus(t, rec, http.StatusUnprocessableEntity)
	wantContains(t, rec.Body.String(), "Uppgifter om lagöverträdelser kräver lagstödet i art. 10.")
	if a.events() != before {
		t.Fatalf("refused markings wrote %d events", a.events()-before)
	}
	rec = a.call(http.MethodPut, path, `{"categories":["health","criminal"],"grounds":["art9_2_f","art10"]}`)
	wantStatus(t, rec, http.StatusOK)
	marked := decode[struct {
		Categories []string `json:"categories"`
		Grounds    []string `json:"grounds"`
	}](t, rec)
	if len(marked.Categories) != 2 || len(marked.Grounds) != 2 {
		t.Errorf("the marking reads %+v", marked)
	}
	rec = a.call(http.MethodGet, path, "")
	wantStatus(t, rec, http.StatusOK)
	read := decode[struct {
		Categories []string `json:"categories"`
		Grounds    []string `json:"grounds"`
	}](t, rec)
	if len(read.Categories) != 2 || len(read.Grounds) != 2 {
		t.Errorf("the marking read back is %+v; want the two categories and grounds just saved", read)
	}

	unknown := newID()
	for _, p := range []string{"/documents/", "/api/v1/documents/"} {
		hidden, none := asAssistant.get(p+docID), asAssistant.get(p+unknown)
		wantStatus(t, hidden, http.StatusNotFound)
		if hidden.Code != none.Code || hidden.Header().Get("Content-Type") != none.Header().Get("Content-Type") {
			t.Errorf("%s: the marked document answers %d %s, an unknown one %d %s", p, hidden.Code,
				hidden.Header().Get("Content-Type"), none.Code, none.Header().Get("Content-Type"))
		}
	}
	wantAbsent(t, asAssistant.get("/matters/"+m.ID+"/documents").Body.String(), "läkarintyg.pdf", docID)
	wantStatus(t, asAssistant.call(http.MethodGet, path, ""), http.StatusForbidden)

	tab := a.get("/matters/" + m.ID + "/documents").Body.String()
	wantContains(t, tab, "läkarintyg.pdf", "Känsliga uppgifter", "Hälsa", "Lagöverträdelser (art. 10)")
	wantContains(t, tab, `action="/documents/`+docID+`"`, `name="purpose"`)
	wantAbsent(t, tab, `href="/documents/`+docID+`"`)
	got := a.get("/documents/" + docID)
	wantStatus(t, got, http.StatusUnprocessableEntity)
	wantContains(t, got.Body.String(), "Ange varför du öppnar dokumentet")
	wantProblem(t, a.call(http.MethodGet, "/api/v1/documents/"+docID, ""), http.StatusUnprocessableEntity)
	got = a.get("/documents/" + docID + "?" + url.Values{"purpose": {"Förbereda huvudförhandlingen"}}.Encode())
	wantStatus(t, got, http.StatusOK)
	var reads int
	entries, err := web.AccessLogStore(a.pool, a.keys).Search(context.Background(), accesslog.Filter{StaffID: a.me.ID, Limit: 500})
	must(t, err)
	for _, e := range entries { // the purpose is sealed; the access log's own search opens it
		if e.Via == accesslog.ViaDownload && e.Route == "/documents/{id}" && e.Purpose == "Förbereda huvudförhandlingen" {
			reads++
		}
	}
	if reads != 1 {
		t.Errorf("the lawyer's read of the marked document is in the access log with its purpose %d times, want 1", reads)
	}

	envs, err := a.store.ReadStream(context.Background(), dpo.SpecialStreamName(docID), 0, 100)
	must(t, err)
	for _, e := range envs {
		if bytes.Contains(e.Data, []byte("health")) || bytes.Contains(e.Data, []byte("criminal")) {
			t.Errorf("the categories are in the log in the clear: %s", e.Data)
		}
	}

	officer := a.requestsOfficer()
	record := decode[dpopages.RecordJSON](t, officer.call(http.MethodGet, "/api/v1/processing-record", ""))
	want := []dpopages.SpecialCategoryInUseJSON{{Category: dpo.CategoryHealth, Documents: 1}, {Category: dpo.CategoryCriminal, Documents: 1}}
	if len(record.SpecialCategories) != 2 || record.SpecialCategories[0] != want[0] || record.SpecialCategories[1] != want[1] {
		t.Errorf("the record lists %+v, want %+v", record.SpecialCategories, want)
	}
	for _, page := range []string{"/registers/processing", "/gdpr"} {
		wantContains(t, section(t, officer.get(page).Body.String(), "special-categories"),
			"Hälsa – dokument: 1, kontakter: 0", "Lagöverträdelser (art. 10) – dokument: 1, kontakter: 0")
	}

	wantStatus(t, a.call(http.MethodPut, path, `{"categories":[],"grounds":[]}`), http.StatusOK)
	wantStatus(t, asAssistant.get("/documents/"+docID), http.StatusOK)
	wantContains(t, section(t, officer.get("/registers/processing").Body.String(), "special-categories"),
		"Inga dokument, kontakter eller poster i kommunikationsloggen är markerade")
}
