package http_test

import (
	"encoding/json"
	"net/http"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/klient-crm/klient/domain/access"
	cddpages "github.com/klient-crm/klient/http/cdd"
	"github.com/klient-crm/klient/http/i18n"
	"github.com/klient-crm/klient/http/webtest"
	"github.com/klient-crm/klient/projections/cdd/cddtest"
	"github.com/klient-crm/klient/projections/subjectexport"
)

// Issue 17's data protection: a client's due-diligence records are in
// their access package (art. 15) — how their identity was verified and
// what was seen, their PEP answer, the list they were screened against,
// the risk level and the decision — while the firm's assessments in
// words, which may tell of a suspicion the anti-money-laundering act
// forbids revealing (the risk's reasons, the hits and their reviews, the
// decision's reason), are marked withheld with that ground, in JSON and
// HTML alike, and their words are nowhere in the package.
func TestAccessPackageHoldsDueDiligenceWithholdingTheAssessments(t *testing.T) {
	t.Parallel()
	a := newApp(t)
	aml := a.as(a.signIn(a.member(access.RoleAMLOfficer).ID))
	wantStatus(t, aml.call(http.MethodPut, "/api/v1/due-diligence/assessment", `{"normal_from":1,"high_from":7,
		"summary":"Byråns allmänna riskbedömning.","factors":[{"code":"remote","category":"channel","label":"Aldrig träffad","weight":1}]}`), http.StatusOK)
	wantStatus(t, aml.postXML("/api/v1/due-diligence/lists", cddtest.List(time.Date(2026, 12, 1, 9, 0, 0, 0, time.UTC), "185001", 20,
		cddtest.Entry{ID: "77001", Person: true, Names: []string{"PAKETSSON Petra"}, BirthDate: "1950-03-03"})), http.StatusCreated)
	person := a.createPerson("Petra", "Paketsson")
	m := a.takeIn("Arvskifte efter Paketsson", "familjerätt", a.me.ID, person)
	path := "/api/v1/matters/" + m.ID + "/due-diligence"
	rec := a.call(http.MethodPost, path, `{}`)
	wantStatus(t, rec, http.StatusCreated)
	r := decode[cddpages.RecordJSON](t, rec)
	for _, part := range []string{`{"risk":{"factors":["remote"],"risk":"normal","reasons":"Medlen kommer från ett bolag på Cypern."}}`,
		`{"identity":{"method":"id_document","details":"Pass AB1234567"}}`,
		`{"pep":{"answer":"family","details":"Dotter till landshövding Paketsson."}}`} {
		r = a.cddCall(http.MethodPut, path, r.Version, part)
	}
	r = a.cddCall(http.MethodPost, path+"/screening", r.Version, `{}`)
	r = a.cddCall(http.MethodPost, path+"/hits/77001", r.Version, `{"match":false,"reason":"Den listade är född 1950."}`)
	a.cddCall(http.MethodPost, path+"/decision", r.Version, `{"decision":"escalated","reason":"Oklart ursprung: till den penningtvättsansvariga."}`)

	d := a.requestsOfficer()
	id := d.registerRequest(person, "access", date(-1), "BankID")
	raw := d.get("/gdpr/requests/" + id + "/package?format=json")
	wantStatus(t, raw, http.StatusOK)
	var p subjectexport.Package
	must(t, json.Unmarshal(raw.Body.Bytes(), &p))
	if len(p.DueDiligence) != 1 {
		t.Fatalf("the package holds %d due-diligence records, want the one", len(p.DueDiligence))
	}
	got := p.DueDiligence[0]
	if got.MatterID != m.ID || !strings.Contains(got.Matter, "Arvskifte efter Paketsson") || got.Risk != "normal" ||
		got.IdentityMethod != "id_document" || got.IdentityDetails != "Pass AB1234567" || got.PEPAnswer != "family" ||
		got.PEPDetails != "Dotter till landshövding Paketsson." || got.ScreenedListVersion != "185001" || got.Decision != "escalated" {
		t.Errorf("the record in the package: %+v", got)
	}
	wantWithheld := []string{"risk_reasons", "sanctions_hits", "hit_reviews", "decision_reason"}
	if got.Withheld == nil || !slices.Equal(got.Withheld.Fields, wantWithheld) || !strings.Contains(got.Withheld.Ground, "4 kap. 9 §") {
		t.Errorf("withheld %+v, want %v on the anti-money-laundering act's ground", got.Withheld, wantWithheld)
	}
	page := d.get("/gdpr/requests/" + id + "/package?format=html")
	wantStatus(t, page, http.StatusOK)
	wantContains(t, page.Body.String(), "Kundkännedom (penningtvättslagen)", "Pass AB1234567", "riskbedömningens skäl", "beslutets skäl")

	// Picked in English (the person's language), the page's words are the
	// catalogue's English, and the Swedish heading is gone; a language the
	// catalogue does not speak is refused in Swedish.
	request := d.get("/gdpr/requests/" + id)
	wantContains(t, request.Body.String(), i18n.T(i18n.Swedish, "dsr.package.html_en"),
		`href="/gdpr/requests/`+id+`/package?format=html&amp;lang=en"`)
	english := d.get("/gdpr/requests/" + id + "/package?format=html&lang=en")
	wantStatus(t, english, http.StatusOK)
	wantContains(t, english.Body.String(), `lang="en"`, i18n.T(i18n.English, "pkg.page.h.cdd"), "Pass AB1234567",
		i18n.T(i18n.English, "pkg.field.risk_reasons"), i18n.T(i18n.English, "pkg.cdd_pep.family"))
	webtest.WantAbsent(t, english.Body.String(), i18n.T(i18n.Swedish, "pkg.page.h.cdd"), i18n.T(i18n.Swedish, "pkg.field.risk_reasons"))
	unknown := d.get("/gdpr/requests/" + id + "/package?format=html&lang=fi")
	wantStatus(t, unknown, http.StatusUnprocessableEntity)
	wantContains(t, unknown.Body.String(), i18n.T(i18n.Swedish, "dsr.package.lang"))
	for _, body := range []string{raw.Body.String(), page.Body.String()} {
		for _, secret := range []string{"Cypern", "född 1950", "Oklart ursprung", "PAKETSSON", "77001"} {
			if strings.Contains(body, secret) {
				t.Errorf("the access package holds %q, which is withheld", secret)
			}
		}
	}
}
