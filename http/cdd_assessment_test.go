package http_test

import (
	"net/http"
	"net/url"
	"strings"
	"testing"

	"github.com/klient-crm/klient/domain/access"
	cddpages "github.com/klient-crm/klient/http/cdd"
)

// assessmentForm is the assessment page's form: rows of code, category,
// label and weight (a blank row among them), the thresholds, the summary.
func assessmentForm(version string, rows [][4]string, normal, high, summary string) url.Values {
	f := url.Values{"version": {version}, "normal_from": {normal}, "high_from": {high}, "summary": {summary}}
	for _, r := range append(rows, [4]string{}) {
		f["code"], f["category"] = append(f["code"], r[0]), append(f["category"], r[1])
		f["label"], f["weight"] = append(f["label"], r[2]), append(f["weight"], r[3])
	}
	return f
}

// Issue 17's general risk assessment as the AML officer keeps it on its
// page (versioned, with its history): the first version published from
// the form (a blank row is no factor), a bad weight and crossed
// thresholds refused with Swedish messages and nothing written, a second
// version from the first; the history names both with their publisher,
// each version reads whole on its own page and through the API, an
// unknown version is not found, and the page is the officer's alone.
func TestGeneralRiskAssessmentIsEditedOnItsPageWithItsHistory(t *testing.T) {
	t.Parallel()
	a := newApp(t)
	officer := a.member(access.RoleAMLOfficer)
	name := "Medarbetare " + officer.ID[len(officer.ID)-4:] // as the harness names them
	aml := a.as(a.signIn(officer.ID))
	page := aml.get("/due-diligence/assessment")
	wantStatus(t, page, http.StatusOK)
	wantContains(t, page.Body.String(), "Allmän riskbedömning", "Första versionen", `name="version" value=""`)

	rows := [][4]string{{"organisation", "client", "Juridisk person", "2"}, {"cash", "service", "Kontanthantering", "5"}}
	before := a.events()
	for _, bad := range []url.Values{
		assessmentForm("", [][4]string{{"cash", "service", "Kontanthantering", "elva"}}, "3", "7", "Byråns riskbedömning."),
		assessmentForm("", rows, "7", "3", "Byråns riskbedömning."),
	} {
		rec := aml.post("/due-diligence/assessment", bad)
		wantStatus(t, rec, http.StatusUnprocessableEntity)
		wantContains(t, rec.Body.String(), "Kontanthantering") // the form again, as posted
		if !strings.Contains(rec.Body.String(), "En vikt är 1–10.") && !strings.Contains(rec.Body.String(), "Gränsen för hög risk") {
			t.Errorf("a refused form without its Swedish message:\n%s", rec.Body.String())
		}
	}
	if n := a.events() - before; n != 0 {
		t.Errorf("refused forms wrote %d events", n)
	}
	rec := aml.post("/due-diligence/assessment", assessmentForm("", rows, "3", "7", "Byråns allmänna riskbedömning 2026."))
	wantStatus(t, rec, http.StatusSeeOther)
	first := decode[cddpages.AssessmentJSON](t, aml.call(http.MethodGet, "/api/v1/due-diligence/assessment", ""))
	if first.Version != 1 || len(first.Factors) != 2 || first.Factors[1].Weight != 5 || first.StreamVersion == nil {
		t.Fatalf("the first version: %+v", first)
	}
	rows[1][3] = "6"
	rec = aml.post("/due-diligence/assessment", assessmentForm("0", rows, "3", "7", "Kontanter väger tyngre från 2027."))
	wantStatus(t, rec, http.StatusSeeOther)

	page = aml.get("/due-diligence/assessment?done=published")
	body := page.Body.String()
	wantContains(t, body, "Den nya versionen av riskbedömningen är publicerad.", "Nästa version",
		"/due-diligence/assessment/versions/1", "/due-diligence/assessment/versions/2", name, `value="6"`)
	v1 := aml.get("/due-diligence/assessment/versions/1")
	wantStatus(t, v1, http.StatusOK)
	wantContains(t, v1.Body.String(), "Kontanthantering", "Byråns allmänna riskbedömning 2026.", name)
	wantStatus(t, aml.get("/due-diligence/assessment/versions/3"), http.StatusNotFound)
	versions := decode[cddpages.AssessmentVersionsJSON](t, aml.call(http.MethodGet, "/api/v1/due-diligence/assessment/versions", ""))
	if len(versions.Items) != 2 || versions.Items[0].Version != 2 || versions.Items[0].Factors[1].Weight != 6 ||
		versions.Items[1].Version != 1 || versions.Items[1].Factors[1].Weight != 5 || versions.Items[1].PublishedBy != officer.ID {
		t.Errorf("the versions through the API: %+v", versions.Items)
	}
	wantStatus(t, a.get("/due-diligence/assessment"), http.StatusForbidden)
	wantStatus(t, a.call(http.MethodGet, "/api/v1/due-diligence/assessment/versions", ""), http.StatusForbidden)
}
