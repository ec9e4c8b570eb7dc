package http_test

import (
	"bytes"
	"context"
	"encoding/json"
	"net/http"
	"net/url"
	"strings"
	"testing"

	"github.com/klient-crm/klient/domain/access"
	"github.com/klient-crm/klient/domain/dpo"
	dpopages "github.com/klient-crm/klient/http/dpo"
)

// TestRecordOfProcessingFromProposalToPublicNotice: before the DPO saves
// anything, the record is Klient's proposal from what it knows (the firm,
// the purposes, the retention schedule) and there is no public page; the
// DPO completes and saves it (a missing field is refused, nothing
// written); the public information page then answers without sign-in,
// made from the record, with no one's personal data on it; the DPO's
// contact is sealed in the log; auditors read but do not write; a stale
// save is a conflict.
func TestRecordOfProcessingFromProposalToPublicNotice(t *testing.T) {
	t.Parallel()
	a := newApp(t)
	a.createPerson("Greta", "Lundqvist")
	officer := a.member(access.RoleDPO)
	dpoApp := a.as(a.signIn(officer.ID))
	anyone := a.as("")

	wantStatus(t, anyone.get("/privacy-notice"), http.StatusNotFound)
	page := dpoApp.get("/registers/processing")
	wantStatus(t, page, http.StatusOK)
	wantContains(t, page.Body.String(), `id="record-proposal"`, "Testbyrån AB", "Klientrelation", "Ärendeakt: 10 år efter att ärendet avslutats",
		"Inga överföringar till länder utanför EU/EES.")
	// Before the first save there is no public page: the record page says
	// so rather than link to a page that answers 404.
	wantContains(t, page.Body.String(), `id="notice-unpublished"`)
	wantAbsent(t, page.Body.String(), `href="/privacy-notice"`)

	form := url.Values{"version": {"0"}, "saved": {"false"}}
	for _, f := range []string{"controller_name", "organisation_number", "dpo_contact", "purposes", "subject_categories",
		"data_categories", "recipients", "transfers", "retention", "measures"} {
		form.Set(f, "x "+f)
	}
	form.Set("controller_name", "Testbyrån AB")
	form.Set("organisation_number", "556677-8899")
	form.Set("dpo_contact", "Dataskyddsombudet, dataskydd@testbyran.example")
	before := a.events()
	rec := dpoApp.post("/registers/processing", form)
	wantStatus(t, rec, http.StatusUnprocessableEntity)
	wantContains(t, rec.Body.String(), `id="error-controller_address"`)
	if a.events() != before {
		t.Fatal("a refused record wrote events")
	}
	form.Set("controller_address", "Storgatan 1\n111 22 Stockholm")
	wantStatus(t, dpoApp.post("/registers/processing", form), http.StatusSeeOther)

	wantContains(t, dpoApp.get("/registers/processing").Body.String(), `href="/privacy-notice"`)
	notice := anyone.get("/privacy-notice")
	wantStatus(t, notice, http.StatusOK)
	wantContains(t, notice.Body.String(), "Så behandlar vi dina personuppgifter", "Testbyrån AB", "556677-8899",
		"dataskydd@testbyran.example", "x purposes", "Integritetsskyddsmyndigheten")
	wantAbsent(t, notice.Body.String(), "Greta", "Lundqvist")

	envs, err := a.store.ReadStream(context.Background(), dpo.RecordStreamName(), 0, 10)
	must(t, err)
	if len(envs) != 1 || bytes.Contains(envs[0].Data, []byte("dataskydd@testbyran.example")) {
		t.Errorf("the record's stream holds %d events, the DPO's contact in the clear", len(envs))
	}

	auditor := a.as(a.signIn(a.member(access.RoleAuditor).ID))
	view := auditor.get("/registers/processing")
	wantStatus(t, view, http.StatusOK)
	wantContains(t, view.Body.String(), `id="record-view"`, "556677-8899")
	wantAbsent(t, view.Body.String(), `id="record-form"`)
	wantProblem(t, auditor.call(http.MethodPut, "/api/v1/processing-record", `{}`), http.StatusForbidden)

	rec = dpoApp.call(http.MethodGet, "/api/v1/processing-record", "")
	wantStatus(t, rec, http.StatusOK)
	got := decode[dpopages.RecordJSON](t, rec)
	if !got.Saved || got.Version != 0 || got.DPOContact != "Dataskyddsombudet, dataskydd@testbyran.example" {
		t.Fatalf("the saved record reads %+v", got)
	}
	got.Measures = "Kryptering per person"
	body := recordBody(t, got.ProcessingRecord)
	rec = dpoApp.call(http.MethodPut, "/api/v1/processing-record", body, "If-Match", `"0"`)
	wantStatus(t, rec, http.StatusOK)
	if saved := decode[dpopages.RecordJSON](t, rec); saved.Version != 1 || saved.Measures != "Kryptering per person" {
		t.Errorf("saved again: %+v", saved)
	}
	wantProblem(t, dpoApp.call(http.MethodPut, "/api/v1/processing-record", body, "If-Match", `"0"`), http.StatusConflict)
}

func recordBody(t *testing.T, r dpo.ProcessingRecord) string {
	t.Helper()
	b, err := json.Marshal(r)
	must(t, err)
	return string(b)
}

// TestRecordWhileTheRegistersRebuild: issue 16's loose end — while the
// registers' read model is rebuilt, a record not found may be one not
// replayed yet: the page says the register is being rebuilt and offers
// no form instead of calling it never saved, and the API and the public
// page answer 503 with Retry-After instead of "not saved" and 404, and so
// does the record's history.
func TestRecordWhileTheRegistersRebuild(t *testing.T) {
	t.Parallel()
	a := newApp(t)
	dpoApp := a.as(a.signIn(a.member(access.RoleDPO).ID))
	wantContains(t, dpoApp.get("/registers/processing").Body.String(), `id="record-proposal"`)

	ctx := context.Background()
	var status string
	must(t, a.pool.QueryRow(ctx, `SELECT status FROM projector_checkpoints WHERE name = 'dpo'`).Scan(&status))
	_, err := a.pool.Exec(ctx, `UPDATE projector_checkpoints SET status = 'rebuilding' WHERE name = 'dpo'`)
	must(t, err)
	page := dpoApp.get("/registers/processing")
	wantStatus(t, page, http.StatusOK)
	wantContains(t, page.Body.String(), `id="record-rebuilding"`, "Registren byggs om")
	wantAbsent(t, page.Body.String(), `id="record-proposal"`, `id="record-form"`)
	rec := dpoApp.call(http.MethodGet, "/api/v1/processing-record", "")
	wantProblem(t, rec, http.StatusServiceUnavailable)
	if rec.Header().Get("Retry-After") == "" {
		t.Error("503 without Retry-After")
	}
	wantStatus(t, a.as("").get("/privacy-notice"), http.StatusServiceUnavailable)
	// The history, empty while the versions replay, is not "never saved"
	// either.
	wantStatus(t, dpoApp.get("/registers/processing/history"), http.StatusServiceUnavailable)

	_, err = a.pool.Exec(ctx, `UPDATE projector_checkpoints SET status = $1 WHERE name = 'dpo'`, status)
	must(t, err)
	wantContains(t, dpoApp.get("/registers/processing").Body.String(), `id="record-proposal"`)
}

// TestRecordVersionHistory: every save of the record is a version the
// history page lists, when and by whom; the latest is read whole with the
// fields it changed from the one before marked, and an earlier one is
// read as it stood. Before the first save there is no history (404).
func TestRecordVersionHistory(t *testing.T) {
	t.Parallel()
	a := newApp(t)
	officer := a.member(access.RoleDPO)
	dpoApp := a.as(a.signIn(officer.ID))
	wantStatus(t, dpoApp.get("/registers/processing/history"), http.StatusNotFound)

	body := func(retention, version string) string {
		return `{"controller_name":"Testbyrån AB","organisation_number":"556677-8899","controller_address":"Storgatan 1",
		"dpo_contact":"dataskydd@testbyran.example","purposes":"Klientrelation","subject_categories":"Klienter","data_categories":"Namn",
		"recipients":"Domstolar","transfers":"Inga","retention":"` + retention + `","measures":"Kryptering"` + version + `}`
	}
	wantStatus(t, dpoApp.call(http.MethodPut, "/api/v1/processing-record", body("Tio år", "")), http.StatusOK)
	wantStatus(t, dpoApp.call(http.MethodPut, "/api/v1/processing-record", body("Elva år", `,"version":0`)), http.StatusOK)

	page := dpoApp.get("/registers/processing/history")
	wantStatus(t, page, http.StatusOK)
	wantContains(t, section(t, page.Body.String(), "record-versions"), "Version 2", "Version 1", "Medarbetare "+officer.ID[len(officer.ID)-4:])
	latest := section(t, page.Body.String(), "record-version")
	wantContains(t, latest, "Elva år", "Tidsfrister för radering <span class=\"badge\">ändrad</span>")
	if strings.Count(latest, "ändrad") != 1 {
		t.Errorf("only the retention changed, the page marks %d fields", strings.Count(latest, "ändrad"))
	}
	first := section(t, dpoApp.get("/registers/processing/history?version=0").Body.String(), "record-version")
	wantContains(t, first, "Version 1", "Tio år")
	wantAbsent(t, first, "Elva år", "ändrad")
	wantContains(t, dpoApp.get("/registers/processing").Body.String(), `href="/registers/processing/history"`)
}
