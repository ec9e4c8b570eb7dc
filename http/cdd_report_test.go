package http_test

import (
	"encoding/csv"
	"net/http"
	"strings"
	"testing"
	"time"

	"github.com/klient-crm/klient/domain/access"
	domaincdd "github.com/klient-crm/klient/domain/cdd"
	cddpages "github.com/klient-crm/klient/http/cdd"
	"github.com/klient-crm/klient/http/web"
	"github.com/klient-crm/klient/projections/cdd/cddtest"
)

// Issue 17's report for the AML officer, read thirteen months on (a
// high-risk approval of today is then overdue): the records of matters
// taken in or open counted by risk level and decision, the hits still to
// review and the periodic reviews overdue — on the page, in the API's figures and
// as CSV one matter a row (a title that would be a formula neutralised);
// a record behind a wall is in none of them; the report is the officer's.
func TestOfficersReportCountsRecordsByRiskAndDecision(t *testing.T) {
	t.Parallel()
	a := newAppWith(t, web.Config{}, thirteenMonthsOn)
	officer := a.member(access.RoleAMLOfficer)
	aml := a.as(a.signIn(officer.ID))
	wantStatus(t, aml.call(http.MethodPut, "/api/v1/due-diligence/assessment", `{"normal_from":1,"high_from":7,
		"summary":"Byråns allmänna riskbedömning.","factors":[{"code":"remote","category":"channel","label":"Aldrig träffad","weight":1}]}`), http.StatusOK)
	wantStatus(t, aml.postXML("/api/v1/due-diligence/lists", cddtest.List(time.Date(2026, 12, 1, 9, 0, 0, 0, time.UTC), "185200", 20,
		cddtest.Entry{ID: "66001", Person: true, Names: []string{"OBERG Asa"}})), http.StatusCreated)

	listed := a.takeIn("Gåvobrev", "familjerätt", a.me.ID, a.createPerson("Åsa", "Öberg"))
	path := "/api/v1/matters/" + listed.ID + "/due-diligence"
	rec := a.call(http.MethodPost, path, `{}`)
	wantStatus(t, rec, http.StatusCreated)
	r := decode[cddpages.RecordJSON](t, rec)
	r = a.cddCall(http.MethodPut, path, r.Version, `{"risk":{"factors":["remote"],"risk":"normal","reasons":"Aldrig träffad."}}`)
	a.cddCall(http.MethodPost, path+"/screening", r.Version, `{}`) // one hit, not reviewed
	recent := a.takeIn("Testamente", "familjerätt", a.me.ID, a.createPerson("Karl", "Lund"))
	a.approvedRecord(a.me.ID, officer.ID, recent.ID, domaincdd.RiskNormal)
	old := a.takeIn("=SUMMA(A1) Bodelning", "familjerätt", a.me.ID, a.createPerson("Bo", "Ek"))
	a.approvedRecord(a.me.ID, officer.ID, old.ID, domaincdd.RiskHigh)
	started := a.takeIn("Arvskifte", "familjerätt", a.me.ID, a.createPerson("Eva", "Dahl"))
	wantStatus(t, a.call(http.MethodPost, "/api/v1/matters/"+started.ID+"/due-diligence", `{}`), http.StatusCreated)
	walled := a.takeIn("Hemligt uppdrag", "familjerätt", a.me.ID, a.createPerson("Vera", "Vägg"))
	wantStatus(t, a.call(http.MethodPost, "/api/v1/matters/"+walled.ID+"/due-diligence", `{}`), http.StatusCreated)
	a.wallMatter(walled.ID, officer.ID)
	a.settle()

	got := decode[cddpages.ReportJSON](t, aml.call(http.MethodGet, "/api/v1/due-diligence/report", ""))
	want := cddpages.ReportJSON{Records: 4, OpenHits: 1, RecordsWithHit: 1, OverdueReviews: 1,
		ByRisk: map[string]map[string]int{"normal": {"approved": 1, "undecided": 1}, "high": {"approved": 1}, "unassessed": {"undecided": 1}}}
	if got.Records != want.Records || got.OpenHits != want.OpenHits || got.RecordsWithHit != want.RecordsWithHit ||
		got.OverdueReviews != want.OverdueReviews || len(got.ByRisk) != 3 || got.ByRisk["normal"]["approved"] != 1 ||
		got.ByRisk["high"]["approved"] != 1 || got.ByRisk["normal"]["undecided"] != 1 || got.ByRisk["unassessed"]["undecided"] != 1 {
		t.Errorf("the report's figures: %+v, want %+v", got, want)
	}

	page := aml.get("/due-diligence/report").Body.String()
	wantContains(t, page, "Rapport om kundkännedom", "Försenade periodiska översyner", "/due-diligence/records/"+old.ID, "Ej bedömd")
	if strings.Contains(page, walled.ID) || strings.Contains(page, "Hemligt uppdrag") {
		t.Error("the report's page shows a walled record")
	}
	res := aml.get("/due-diligence/report.csv")
	wantStatus(t, res, http.StatusOK)
	rows, err := csv.NewReader(strings.NewReader(res.Body.String())).ReadAll()
	must(t, err)
	if len(rows) != 5 || rows[0][0] != "Ärendenummer" {
		t.Fatalf("the CSV: %q, want a heading and the 4 records", rows)
	}
	found := false
	for _, row := range rows[1:] {
		if strings.Contains(row[1], "SUMMA") {
			found = true
			if row[1] != "'=SUMMA(A1) Bodelning" || row[8] != "ja" || row[4] != "Godkänd" {
				t.Errorf("the overdue record's row: %q", row)
			}
		}
		if row[1] == "Hemligt uppdrag" {
			t.Error("the CSV holds a walled record")
		}
	}
	if !found {
		t.Errorf("the CSV has no row of the overdue record: %q", rows)
	}
	wantStatus(t, a.get("/due-diligence/report"), http.StatusForbidden)
	wantStatus(t, a.call(http.MethodGet, "/api/v1/due-diligence/report", ""), http.StatusForbidden)
}
