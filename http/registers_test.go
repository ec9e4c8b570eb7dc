package http_test

import (
	"fmt"
	"net/http"
	"net/url"
	"strings"
	"testing"
	"time"

	"github.com/klient-crm/klient/domain/access"
	klienthttp "github.com/klient-crm/klient/http"
	dpopages "github.com/klient-crm/klient/http/dpo"
)

// recordBreach records a breach discovered at discovered through the API
// as the DPO app a, and returns it.
func (a *app) recordBreach(reference string, discovered time.Time) dpopages.BreachJSON {
	a.t.Helper()
	rec := a.call(http.MethodPost, "/api/v1/breaches", fmt.Sprintf(`{"reference":%q,"discovered_at":%q,"summary":%q}`,
		reference, discovered.Format(time.RFC3339), "Ett e-brev med klientförteckningen skickades till fel mottagare."))
	wantStatus(a.t, rec, http.StatusCreated)
	return decode[dpopages.BreachJSON](a.t, rec)
}

const assessmentJSON = `{"nature":["confidentiality"],"subject_categories":"Klienter","subjects_approx":40,
	"data_categories":"Namn och postadress","records_approx":40,"consequences":"Obehöriga kan ha läst namn och adresser.",
	"severity":"risk","measures_taken":"Mottagaren har bekräftat att brevet raderats."}`

// TestBreachAPIFromDiscoveryToSupplement: the 72-hour clock of art. 33.1
// runs from the discovery the DPO gives; a notification after it is
// refused without the reasons for the delay and taken with them, which
// stops the clock; the decision is final; a supplement follows. Auditors
// read, but neither they nor lawyers write, and an unknown breach is 404.
func TestBreachAPIFromDiscoveryToSupplement(t *testing.T) {
	t.Parallel()
	a := newApp(t)
	dpo := a.requestsOfficer()
	discovered := time.Now().Add(-80 * time.Hour).Truncate(time.Second)
	b := dpo.recordBreach("INC-2026-07", discovered)
	if b.Status != "running" || !b.Overdue || b.HoursLeft > -8 || !b.Deadline.Equal(discovered.Add(72*time.Hour)) {
		t.Fatalf("recorded 80 hours after discovery: %+v; want running, overdue by 8 hours, deadline 72 hours on", b)
	}

	rec := dpo.call(http.MethodPost, "/api/v1/breaches/"+b.ID+"/decisions", `{"step":"report"}`, "If-Match", `"0"`)
	if p := wantProblem(t, rec, http.StatusConflict); !strings.Contains(p.Detail, "Bedöm incidenten först") {
		t.Errorf("a report before any assessment: %+v", p)
	}
	rec = dpo.call(http.MethodPut, "/api/v1/breaches/"+b.ID+"/assessment", assessmentJSON, "If-Match", `"0"`)
	wantStatus(t, rec, http.StatusOK)
	b = decode[dpopages.BreachJSON](t, rec)
	if b.Assessment == nil || b.Assessment.SubjectsApprox != 40 || b.Version != 1 {
		t.Fatalf("assessed: %+v", b)
	}

	before := a.events()
	rec = dpo.call(http.MethodPost, "/api/v1/breaches/"+b.ID+"/decisions", `{"step":"report","imy_reference":"DI-2026-1"}`, "If-Match", `"1"`)
	p := wantProblem(t, rec, http.StatusUnprocessableEntity)
	if len(p.Errors) != 1 || p.Errors[0].Field != "text" || a.events() != before {
		t.Errorf("a late report without reasons: %+v, %d events written", p, a.events()-before)
	}
	rec = dpo.call(http.MethodPost, "/api/v1/breaches/"+b.ID+"/decisions",
		`{"step":"report","imy_reference":"DI-2026-1","text":"Incidenten anmäldes internt först efter helgen."}`, "If-Match", `"1"`)
	wantStatus(t, rec, http.StatusOK)
	b = decode[dpopages.BreachJSON](t, rec)
	if b.Status != "reported" || b.IMYReference != "DI-2026-1" || !b.Overdue || b.SupplementsDue.IsZero() {
		t.Errorf("reported late: %+v", b)
	}
	rec = dpo.call(http.MethodPost, "/api/v1/breaches/"+b.ID+"/decisions", `{"step":"not_report","text":"Ingen risk"}`, "If-Match", `"2"`)
	wantProblem(t, rec, http.StatusConflict)
	rec = dpo.call(http.MethodPost, "/api/v1/breaches/"+b.ID+"/decisions", `{"step":"supplement","text":"Ytterligare tre mottagare."}`, "If-Match", `"2"`)
	wantStatus(t, rec, http.StatusOK)
	if b = decode[dpopages.BreachJSON](t, rec); len(b.Supplements) != 1 || b.Supplements[0].Text != "Ytterligare tre mottagare." {
		t.Errorf("supplemented: %+v", b.Supplements)
	}

	auditor := a.as(a.signIn(a.member(access.RoleAuditor).ID))
	rec = auditor.call(http.MethodGet, "/api/v1/breaches/"+b.ID, "")
	wantStatus(t, rec, http.StatusOK)
	if got := decode[dpopages.BreachJSON](t, rec); rec.Header().Get("ETag") != `"3"` || got.Status != "reported" || len(got.Supplements) != 1 {
		t.Errorf("the auditor reads %+v (ETag %s)", got, rec.Header().Get("ETag"))
	}
	rec = auditor.call(http.MethodGet, "/api/v1/breaches", "")
	wantStatus(t, rec, http.StatusOK)
	list := decode[struct{ Items []dpopages.BreachJSON }](t, rec)
	if len(list.Items) != 1 || list.Items[0].ID != b.ID || list.Items[0].Version != 3 {
		t.Errorf("the auditor reads %+v", list.Items)
	}
	wantProblem(t, auditor.call(http.MethodPost, "/api/v1/breaches", `{"reference":"X","summary":"Y"}`), http.StatusForbidden)
	wantProblem(t, a.call(http.MethodGet, "/api/v1/breaches/"+b.ID, ""), http.StatusForbidden) // the lawyer
	unknown := wantProblem(t, dpo.call(http.MethodGet, "/api/v1/breaches/0193a6f0-0000-7000-8000-0000000000ff", ""), http.StatusNotFound)
	garbage := wantProblem(t, dpo.call(http.MethodGet, "/api/v1/breaches/nej", ""), http.StatusNotFound)
	if unknown.Detail != garbage.Detail || unknown.Code != "dpo.breach.not_found" {
		t.Errorf("an unknown breach %+v, a malformed ID %+v", unknown, garbage)
	}
}

// TestBreachAPIPagesTheRegister: keyset pages, the latest discovered first.
func TestBreachAPIPagesTheRegister(t *testing.T) {
	t.Parallel()
	a := newApp(t)
	dpo := a.requestsOfficer()
	now := time.Now().Truncate(time.Second)
	for i := range 3 {
		dpo.recordBreach(fmt.Sprintf("INC-%d", i), now.Add(-time.Duration(i+1)*time.Hour))
	}
	var refs []string
	next := ""
	for page := 0; page < 3; page++ {
		rec := dpo.call(http.MethodGet, "/api/v1/breaches?limit=2&after="+url.QueryEscape(next), "")
		wantStatus(t, rec, http.StatusOK)
		got := decode[struct {
			Items []dpopages.BreachJSON
			Next  string
		}](t, rec)
		for _, b := range got.Items {
			refs = append(refs, b.Reference)
		}
		if next = got.Next; next == "" {
			break
		}
	}
	if strings.Join(refs, " ") != "INC-0 INC-1 INC-2" {
		t.Errorf("the pages list %v, want INC-0 INC-1 INC-2", refs)
	}
}

// TestStartPageShowsTheClockAtTheInjectedNow: the DPO's start page reads
// each running clock at the app's clock, not the machine's: 70½ hours
// after discovery one whole hour is left; 75 hours after, it is overdue
// by 3 hours, in red (the overdue badge); once reported, it leaves.
func TestStartPageShowsTheClockAtTheInjectedNow(t *testing.T) {
	t.Parallel()
	discovered := time.Now().Add(-time.Hour).Truncate(time.Second)
	pageNow := discovered.Add(70*time.Hour + 30*time.Minute)
	clock := func() time.Time { return pageNow }
	a := newAppWith(t, klienthttp.Config{}, func(d *klienthttp.Deps) { d.Requests.Clock, d.Registers.Clock = clock, clock })
	dpo := a.requestsOfficer()
	b := dpo.recordBreach("INC-42", discovered)

	page := dpo.get("/gdpr")
	wantStatus(t, page, http.StatusOK)
	wantContains(t, section(t, page.Body.String(), "breach-clocks"), "INC-42", "1 timmar kvar")

	pageNow = discovered.Add(75 * time.Hour)
	clocks := section(t, dpo.get("/gdpr").Body.String(), "breach-clocks")
	wantContains(t, clocks, `class="overdue"`, `badge overdue`, "Försenad 3 timmar")

	wantStatus(t, dpo.call(http.MethodPut, "/api/v1/breaches/"+b.ID+"/assessment", assessmentJSON, "If-Match", `"0"`), http.StatusOK)
	wantStatus(t, dpo.call(http.MethodPost, "/api/v1/breaches/"+b.ID+"/decisions",
		`{"step":"report","text":"Skälen till förseningen."}`, "If-Match", `"1"`), http.StatusOK)
	clocks = section(t, dpo.get("/gdpr").Body.String(), "breach-clocks")
	wantAbsent(t, clocks, "INC-42")
}

// TestBreachPagesRecordAssessDecideAndPrint: the DPO's forms, a refusal
// shown beside its field with nothing written, the confirmation before a
// decision, IMY's notification with the controller, and the CSV; the
// auditor sees the register without its forms.
func TestBreachPagesRecordAssessDecideAndPrint(t *testing.T) {
	t.Parallel()
	a := newApp(t)
	dpo := a.requestsOfficer()
	before := a.events()
	rec := dpo.post("/registers/breaches", url.Values{"breach_id": {newID()}, "reference": {""}, "discovered_at": {"2026-13-40T25:00"},
		"summary": {"Fel mottagare"}})
	wantStatus(t, rec, http.StatusBadRequest)
	wantContains(t, rec.Body.String(), "Ange datum och klockslag.")
	rec = dpo.post("/registers/breaches", url.Values{"breach_id": {newID()}, "reference": {""}, "discovered_at": {""}, "summary": {"Fel mottagare"}})
	wantStatus(t, rec, http.StatusUnprocessableEntity)
	wantContains(t, rec.Body.String(), `id="error-reference"`, "Fyll i fältet.")
	if a.events() != before {
		t.Fatalf("refused forms wrote %d events", a.events()-before)
	}

	rec = dpo.post("/registers/breaches", url.Values{"breach_id": {newID()}, "reference": {"INC-9"}, "discovered_at": {""},
		"summary": {"En bärbar dator med klientakter stals ur en bil."}})
	wantStatus(t, rec, http.StatusSeeOther)
	path, _, _ := strings.Cut(location(rec), "?")
	page := dpo.get(path)
	wantStatus(t, page, http.StatusOK)
	wantContains(t, page.Body.String(), "Incident INC-9", "71 timmar kvar", "En bärbar dator med klientakter stals ur en bil.")

	form := url.Values{"version": {"0"}, "nature": {"confidentiality", "availability"}, "severity": {"high"},
		"subject_categories": {"Klienter"}, "subjects_approx": {"12"}, "data_categories": {"Akter i brottmål"},
		"records_approx": {"12"}, "consequences": {"Uppgifter om brott kan ha röjts."}}
	wantStatus(t, dpo.post(path+"/assessment", form), http.StatusSeeOther)

	decision := url.Values{"version": {"1"}, "step": {"report"}, "imy_reference": {"DI-2026-9"}}
	rec = dpo.post(path+"/decision", decision)
	wantStatus(t, rec, http.StatusOK)
	wantContains(t, rec.Body.String(), `id="confirm-form"`, "Registrera att incident INC-9 har anmälts till IMY?")
	wantStatus(t, dpo.confirmed(path+"/decision", decision), http.StatusSeeOther)

	note := dpo.get(path + "/notification")
	wantStatus(t, note, http.StatusOK)
	wantContains(t, note.Body.String(), "Anmälan av personuppgiftsincident", "Testbyrån AB", "INC-9", "DI-2026-9",
		"Konfidentialitet", "Tillgänglighet", "Hög risk", "Akter i brottmål", "Uppgifter om brott kan ha röjts.")

	auditor := a.as(a.signIn(a.member(access.RoleAuditor).ID))
	list := auditor.get("/registers")
	wantStatus(t, list, http.StatusOK)
	wantContains(t, list.Body.String(), "INC-9", "Anmäld till IMY")
	wantAbsent(t, list.Body.String(), `id="new-breach"`)
	detail := auditor.get(path)
	wantStatus(t, detail, http.StatusOK)
	wantAbsent(t, detail.Body.String(), `id="assessment-form"`, `id="supplement-form"`)
	wantStatus(t, auditor.post(path+"/assessment", form), http.StatusForbidden)

	csv := auditor.get("/registers/breaches.csv")
	wantStatus(t, csv, http.StatusOK)
	wantContains(t, csv.Body.String(), "Egen referens", "INC-9", "DI-2026-9", "Hög risk")
}

// section is the element of page with id, up to its closing tag's name.
func section(t *testing.T, page, id string) string {
	t.Helper()
	_, rest, ok := strings.Cut(page, `id="`+id+`"`)
	if !ok {
		t.Fatalf("no #%s in the page", id)
	}
	body, _, _ := strings.Cut(rest, "</section>")
	return body
}

// TestDPOStartPageSaysItCannotTellWhileRebuilt: read models are never
// half-true. While the registers' read model is rebuilt in place it may
// not have replayed a breach yet, so the start page must not say that no
// 72-hour clock runs, nor that no access review was ever made; likewise
// for the requests while theirs is rebuilt.
func TestDPOStartPageSaysItCannotTellWhileRebuilt(t *testing.T) {
	t.Parallel()
	a := newApp(t)
	dpo := a.requestsOfficer()
	dpo.recordBreach("INC-7", time.Now().Add(-2*time.Hour))
	ctx := a.t.Context()
	setStatus := func(name, status string) {
		t.Helper()
		_, err := a.pool.Exec(ctx, `UPDATE projector_checkpoints SET status = $2 WHERE name = $1`, name, status)
		must(t, err)
	}
	var dpoStatus, gdprStatus string
	must(t, a.pool.QueryRow(ctx, `SELECT status FROM projector_checkpoints WHERE name = 'dpo'`).Scan(&dpoStatus))
	must(t, a.pool.QueryRow(ctx, `SELECT status FROM projector_checkpoints WHERE name = 'gdpr'`).Scan(&gdprStatus))
	setStatus("dpo", "rebuilding")
	setStatus("gdpr", "rebuilding")

	page := dpo.get("/gdpr")
	wantStatus(t, page, http.StatusOK)
	body := page.Body.String()
	for _, panel := range []string{"breach-clocks", "processor-reviews", "access-review", "dpia-reviews", "special-categories",
		"open-requests", "held-erasures", "restricted", "certificates"} {
		got := section(t, body, panel)
		wantContains(t, got, "Kan inte visas just nu")
		wantAbsent(t, got, "Inga ", "Ingen ")
	}

	setStatus("dpo", dpoStatus)
	setStatus("gdpr", gdprStatus)
	body = dpo.get("/gdpr").Body.String()
	wantContains(t, section(t, body, "breach-clocks"), "INC-7")
	wantContains(t, section(t, body, "access-review"), "Ingen granskning är gjord")
	wantAbsent(t, body, "Kan inte visas just nu")
}
