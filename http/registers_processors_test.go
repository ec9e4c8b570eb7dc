package http_test

import (
	"encoding/csv"
	"net/http"
	"net/url"
	"testing"
	"time"

	"github.com/klient-crm/klient/domain/access"
	klienthttp "github.com/klient-crm/klient/http"
	dpopages "github.com/klient-crm/klient/http/dpo"
)

// TestProcessorsAndTheirReviews: a processor in the EEA needs no transfer
// mechanism; one in the US is refused without one, and with clauses
// without a transfer assessment (nothing written); the DPO's start page
// reminds of a review due within the month, read at the app's clock, and
// marks it due once the day has come; auditors read the register, not
// write it; a stale change is a conflict.
func TestProcessorsAndTheirReviews(t *testing.T) {
	t.Parallel()
	today := time.Now()
	pageNow := today
	clock := func() time.Time { return pageNow }
	a := newAppWith(t, klienthttp.Config{}, func(d *klienthttp.Deps) { d.Requests.Clock, d.Registers.Clock = clock, clock })
	officer := a.member(access.RoleDPO)
	dpo := a.as(a.signIn(officer.ID))
	inTwoWeeks := today.AddDate(0, 0, 14).Format("2006-01-02")

	rec := dpo.call(http.MethodPost, "/api/v1/processors", `{"name":"Driftbolaget AB","service":"Drift av servrar",
		"data_categories":"Allt i Klient","countries":["se"],"mechanism":"none","review_by":"`+inTwoWeeks+`"}`)
	wantStatus(t, rec, http.StatusCreated)
	eea := decode[dpopages.ProcessorJSON](t, rec)
	if len(eea.Countries) != 1 || eea.Countries[0] != "SE" || len(eea.ThirdCountries) != 0 {
		t.Errorf("recorded %+v", eea)
	}

	before := a.events()
	us := `{"name":"Molnet Inc.","service":"E-post","data_categories":"Korrespondens","countries":["IE","US"],"mechanism":"none","review_by":"2027-06-01"}`
	p := wantProblem(t, dpo.call(http.MethodPost, "/api/v1/processors", us), http.StatusUnprocessableEntity)
	if len(p.Errors) != 1 || p.Errors[0].Field != "mechanism" {
		t.Errorf("a US processor without a mechanism: %+v", p)
	}
	p = wantProblem(t, dpo.call(http.MethodPost, "/api/v1/processors", `{"name":"Molnet Inc.","service":"E-post","data_categories":"Korrespondens",
		"countries":["IE","US"],"mechanism":"scc","review_by":"2027-06-01"}`), http.StatusUnprocessableEntity)
	if len(p.Errors) != 1 || p.Errors[0].Field != "transfer_assessed" {
		t.Errorf("clauses without an assessment: %+v", p)
	}
	if a.events() != before {
		t.Fatalf("refused processors wrote %d events", a.events()-before)
	}
	rec = dpo.call(http.MethodPost, "/api/v1/processors", `{"name":"Molnet Inc.","service":"E-post","data_categories":"Korrespondens",
		"countries":["IE","US"],"mechanism":"scc","transfer_assessed":"2026-11-01","review_by":"2027-06-01"}`)
	wantStatus(t, rec, http.StatusCreated)
	if got := decode[dpopages.ProcessorJSON](t, rec); len(got.ThirdCountries) != 1 || got.ThirdCountries[0] != "US" {
		t.Errorf("the transfer: %+v", got)
	}

	home := section(t, dpo.get("/gdpr").Body.String(), "processor-reviews")
	wantContains(t, home, "Driftbolaget AB")
	wantAbsent(t, home, "Molnet", "Granskning förfallen")
	pageNow = today.AddDate(0, 0, 15)
	home = section(t, dpo.get("/gdpr").Body.String(), "processor-reviews")
	wantContains(t, home, "Driftbolaget AB", "Granskning förfallen")

	form := url.Values{"version": {"0"}, "name": {"Driftbolaget AB"}, "service": {"Drift av servrar"}, "data_categories": {"Allt i Klient"},
		"countries": {"SE"}, "mechanism": {"none"}, "review_by": {today.AddDate(1, 0, 0).Format("2006-01-02")}}
	wantStatus(t, dpo.post("/registers/processors/"+eea.ID, form), http.StatusSeeOther)
	wantAbsent(t, section(t, dpo.get("/gdpr").Body.String(), "processor-reviews"), "Driftbolaget AB")
	wantStatus(t, dpo.post("/registers/processors/"+eea.ID, form), http.StatusConflict)

	rec = dpo.call(http.MethodPut, "/api/v1/processors/"+eea.ID, `{"name":"Driftbolaget AB","service":"Drift och säkerhetskopior",
		"data_categories":"Allt i Klient","countries":["SE"],"mechanism":"none","review_by":"2027-12-01"}`, "If-Match", `"1"`)
	wantStatus(t, rec, http.StatusOK)
	if got := decode[dpopages.ProcessorJSON](t, rec); got.Service != "Drift och säkerhetskopior" || *got.Version != 2 {
		t.Errorf("changed through the API: %+v", got)
	}

	auditor := a.as(a.signIn(a.member(access.RoleAuditor).ID))
	list := auditor.get("/registers/processors")
	wantStatus(t, list, http.StatusOK)
	wantContains(t, list.Body.String(), "Driftbolaget AB", "Molnet Inc.", "Standardavtalsklausuler")
	wantAbsent(t, list.Body.String(), `id="new-processor"`)
	wantStatus(t, auditor.post("/registers/processors/"+eea.ID, form), http.StatusForbidden)
	wantProblem(t, auditor.call(http.MethodPost, "/api/v1/processors", us), http.StatusForbidden)
	rec = auditor.call(http.MethodGet, "/api/v1/processors", "")
	wantStatus(t, rec, http.StatusOK)
	if got := decode[struct{ Items []dpopages.ProcessorJSON }](t, rec); len(got.Items) != 2 {
		t.Errorf("the auditor reads %+v", got.Items)
	}
}

// TestRegistersExportAsCSV: issue 16 asks the registers to be exportable
// (CSV): the record of processing, one field of art. 30.1 a row after a
// row saying it is Klient's proposal until saved, and the processors, one
// a row with their transfers; a value a spreadsheet would run as a
// formula is neutralised; auditors export, nobody signed out does.
func TestRegistersExportAsCSV(t *testing.T) {
	t.Parallel()
	a := newApp(t)
	dpo := a.as(a.signIn(a.member(access.RoleDPO).ID))
	wantStatus(t, dpo.call(http.MethodPost, "/api/v1/processors", `{"name":"=HYPERLINK(\"x\")","service":"E-post",
		"data_categories":"Korrespondens","countries":["IE","US"],"mechanism":"scc","transfer_assessed":"2026-11-01","review_by":"2027-06-01"}`),
		http.StatusCreated)
	auditor := a.as(a.signIn(a.member(access.RoleAuditor).ID))

	rec := auditor.get("/registers/processing.csv")
	wantStatus(t, rec, http.StatusOK)
	rows, err := csv.NewReader(rec.Body).ReadAll()
	must(t, err)
	if len(rows) != 14 || rows[0][0] != "Uppgift" || rows[1][1] != "Klients förslag, aldrig sparat" || rows[2][1] != "Testbyrån AB" {
		t.Errorf("the record as CSV: %q", rows)
	}

	rec = auditor.get("/registers/processors.csv")
	wantStatus(t, rec, http.StatusOK)
	if ct := rec.Header().Get("Content-Type"); ct != "text/csv; charset=utf-8" {
		t.Errorf("Content-Type %q", ct)
	}
	rows, err = csv.NewReader(rec.Body).ReadAll()
	must(t, err)
	if len(rows) != 2 || rows[0][0] != "Biträde" || rows[1][0] != `'=HYPERLINK("x")` || rows[1][5] != "US" ||
		rows[1][6] != "Standardavtalsklausuler" || rows[1][7] != "2026-11-01" {
		t.Errorf("the processors as CSV: %q", rows)
	}
	wantStatus(t, a.as("").get("/registers/processors.csv"), http.StatusSeeOther)
}
