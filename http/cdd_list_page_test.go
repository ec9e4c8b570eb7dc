package http_test

import (
	"bytes"
	"mime/multipart"
	"net/http"
	"net/http/httptest"
	"testing"
	"time"

	"github.com/klient-crm/klient/domain/access"
	"github.com/klient-crm/klient/http/webtest"
	"github.com/klient-crm/klient/projections/cdd/cddtest"
)

// The AML officer's page imports a sanctions list from its form, as the
// API does: the list becomes the current one, named on the page. A form
// sent without its file is the page again with the catalogue's message
// (4xx), and nothing is imported: the current list stays.
func TestSanctionsListFromTheOfficersPage(t *testing.T) {
	t.Parallel()
	a := newApp(t)
	aml := a.as(a.signIn(a.member(access.RoleAMLOfficer).ID))
	rec := aml.upload("/due-diligence/lists", "eu-lista.xml", cddtest.List(time.Date(2026, 12, 1, 9, 0, 0, 0, time.UTC), "185300", 10,
		cddtest.Entry{ID: "78001", Person: true, Names: []string{"LISTSSON Lisa"}, BirthDate: "1960-01-01"}))
	wantStatus(t, rec, http.StatusSeeOther)
	if loc := rec.Header().Get("Location"); loc != "/due-diligence?done=list" {
		t.Fatalf("the import went to %q", loc)
	}
	page := aml.get("/due-diligence?done=list")
	wantStatus(t, page, http.StatusOK)
	webtest.WantContains(t, page.Body.String(), "Sanktionslistan är importerad.", "Gällande lista: 185300")

	var body bytes.Buffer
	mw := multipart.NewWriter(&body)
	must(t, mw.WriteField("note", "ingen fil"))
	must(t, mw.Close())
	req := httptest.NewRequest(http.MethodPost, "http://klient.test/due-diligence/lists", &body)
	req.Header.Set("Content-Type", mw.FormDataContentType())
	req.Header.Set("Sec-Fetch-Site", "same-origin")
	refused := aml.send(req)
	if refused.Code < 400 || refused.Code >= 500 {
		t.Fatalf("a form without its file: status %d", refused.Code)
	}
	webtest.WantContains(t, refused.Body.String(), "Filen innehåller ingen sanktionslista: den är tom eller namnger ingen.",
		"Gällande lista: 185300")
}
