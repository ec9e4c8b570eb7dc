package http_test

import (
	"bytes"
	"context"
	"net/http"
	"net/url"
	"testing"
	"time"

	"github.com/klient-crm/klient/domain/access"
	"github.com/klient-crm/klient/domain/dpo"
	klienthttp "github.com/klient-crm/klient/http"
	dpopages "github.com/klient-crm/klient/http/dpo"
)

// TestImpactAssessmentsFromProposalToDecision: issue 16's impact
// assessments (art. 35) in CNIL's structure. The new form starts from
// Klient's own processing; a risk left unrated and an action without an
// owner are refused, and so is going ahead despite a high residual risk
// (art. 36.1: consult IMY first), nothing written; each save is a version
// the page lists and can show; the action plan's owners are sealed in the
// log; the DPO's start page reminds of a review due within the month and
// marks it due on the day; auditors read, do not write; a stale save is a
// conflict.
func TestImpactAssessmentsFromProposalToDecision(t *testing.T) {
	t.Parallel()
	today := time.Now()
	pageNow := today
	clock := func() time.Time { return pageNow }
	a := newAppWith(t, klienthttp.Config{}, func(d *klienthttp.Deps) { d.Requests.Clock, d.Registers.Clock = clock, clock })
	officer := a.member(access.RoleDPO)
	dpoApp := a.as(a.signIn(officer.ID))

	page := dpoApp.get("/registers/dpias/new")
	wantStatus(t, page, http.StatusOK)
	wantContains(t, page.Body.String(), "Klients behandling av klient- och ärendeuppgifter", "Obehörig åtkomst till uppgifter",
		"Oönskad ändring av uppgifter", "Förlust av uppgifter", "Förhandssamråd med IMY (art. 36)")

	inTwoWeeks := today.AddDate(0, 0, 14).Format("2006-01-02")
	form := url.Values{"assessment_id": {"0192f1d2-7a51-7cc3-9a1e-5b0c6a3f2d11"}, "title": {"Klientregistret"},
		"context": {"Klienter och motparter i ärenden"}, "necessity": {"Avtal och rättslig förpliktelse"},
		"risk_access_likelihood": {"3"}, "risk_access_severity": {"3"},
		"risk_modification_likelihood": {"1"}, "risk_modification_severity": {"2"},
		"risk_disappearance_likelihood": {"1"}, "risk_disappearance_severity": {""},
		"action_plan": {"Tvåfaktorsinloggning; Eva Ek\n"}, "decision": {"proceed"}, "reason": {"Godtagbart"}, "review_by": {inTwoWeeks}}
	before := a.events()
	rec := dpoApp.post("/registers/dpias", form)
	wantStatus(t, rec, http.StatusUnprocessableEntity)
	wantContains(t, rec.Body.String(), `id="error-risk_disappearance_severity"`, `id="error-action_plan"`,
		"En hög kvarvarande risk kräver förhandssamråd med IMY")
	if a.events() != before {
		t.Fatal("a refused assessment wrote events")
	}

	form.Set("risk_disappearance_severity", "2")
	form.Set("action_plan", "Tvåfaktorsinloggning; Eva Ek; 2027-03-01")
	form.Set("decision", "consult")
	rec = dpoApp.post("/registers/dpias", form)
	wantStatus(t, rec, http.StatusSeeOther)
	id := form.Get("assessment_id")
	if loc := rec.Header().Get("Location"); loc != "/registers/dpias/"+id+"?done=saved" {
		t.Fatalf("saved to %q", loc)
	}
	envs, err := a.store.ReadStream(context.Background(), dpo.ImpactAssessmentStreamName(id), 0, 10)
	must(t, err)
	if len(envs) != 1 || bytes.Contains(envs[0].Data, []byte("Eva Ek")) {
		t.Errorf("the assessment's stream holds %d events, the action plan's owner in the clear", len(envs))
	}

	home := section(t, dpoApp.get("/gdpr").Body.String(), "dpia-reviews")
	wantContains(t, home, "Klientregistret")
	wantAbsent(t, home, "Granskning förfallen")
	pageNow = today.AddDate(0, 0, 15)
	wantContains(t, section(t, dpoApp.get("/gdpr").Body.String(), "dpia-reviews"), "Klientregistret", "Granskning förfallen")

	form.Del("assessment_id")
	form.Set("version", "0")
	form.Set("risk_access_likelihood", "2")
	form.Set("decision", "proceed")
	form.Set("reason", "IMY:s svar: åtgärderna räcker")
	form.Set("review_by", today.AddDate(1, 0, 0).Format("2006-01-02"))
	wantStatus(t, dpoApp.post("/registers/dpias/"+id, form), http.StatusSeeOther)
	wantStatus(t, dpoApp.post("/registers/dpias/"+id, form), http.StatusConflict)
	wantAbsent(t, section(t, dpoApp.get("/gdpr").Body.String(), "dpia-reviews"), "Klientregistret")

	page = dpoApp.get("/registers/dpias/" + id)
	history := section(t, page.Body.String(), "dpia-history")
	wantContains(t, history, "Version 2", "Version 1", "Behandlingen genomförs", "Förhandssamråd med IMY (art. 36)", "Medarbetare "+officer.ID[len(officer.ID)-4:])
	earlier := dpoApp.get("/registers/dpias/" + id + "?version=0")
	wantContains(t, earlier.Body.String(), `id="dpia-earlier"`, "Den senaste är version 2")
	wantAbsent(t, earlier.Body.String(), `id="save-dpia"`)

	auditor := a.as(a.signIn(a.member(access.RoleAuditor).ID))
	list := auditor.get("/registers/dpias")
	wantStatus(t, list, http.StatusOK)
	wantContains(t, list.Body.String(), "Klientregistret", "Behandlingen genomförs")
	wantAbsent(t, list.Body.String(), `id="new-dpia"`)
	wantStatus(t, auditor.post("/registers/dpias/"+id, form), http.StatusForbidden)
	got := decode[dpopages.ImpactAssessmentJSON](t, auditor.call(http.MethodGet, "/api/v1/impact-assessments/"+id, ""))
	if got.Decision != dpo.DecisionProceed || len(got.Versions) != 2 || len(got.ActionPlan) != 1 || got.ActionPlan[0].Owner != "Eva Ek" ||
		len(got.Risks) != 3 || got.Risks[0].High {
		t.Errorf("the auditor reads %+v", got)
	}
	wantProblem(t, auditor.call(http.MethodPost, "/api/v1/impact-assessments", `{}`), http.StatusForbidden)
	wantStatus(t, dpoApp.get("/registers/dpias/0192f1d2-7a51-7cc3-9a1e-5b0c6a3f2d12"), http.StatusNotFound)
}

// TestImpactAssessmentsThroughTheAPI: the API takes the action plan as a
// list and the risks by kind; a high residual risk with "proceed" is
// refused with the decision named; a new version needs the version it
// replaces.
func TestImpactAssessmentsThroughTheAPI(t *testing.T) {
	t.Parallel()
	a := newApp(t)
	dpoApp := a.as(a.signIn(a.member(access.RoleDPO).ID))
	body := func(likelihood, decision string) string {
		return `{"title":"Kameraövervakning av entrén","context":"Kameror i entrén","necessity":"Skydd mot inbrott",
		"risks":[{"kind":"access","likelihood":` + likelihood + `,"severity":4},{"kind":"modification","likelihood":1,"severity":1},
			{"kind":"disappearance","likelihood":1,"severity":1}],
		"action_plan":[{"measure":"Maskera gatan","owner":"Kontorschefen","due":"2027-02-01"}],
		"decision":"` + decision + `","reason":"Bedömt","review_by":"2027-12-01"}`
	}
	before := a.events()
	p := wantProblem(t, dpoApp.call(http.MethodPost, "/api/v1/impact-assessments", body("3", "proceed")), http.StatusUnprocessableEntity)
	if len(p.Errors) != 1 || p.Errors[0].Field != "decision" {
		t.Errorf("going ahead despite a high risk: %+v", p)
	}
	if a.events() != before {
		t.Fatal("a refused assessment wrote events")
	}
	rec := dpoApp.call(http.MethodPost, "/api/v1/impact-assessments", body("2", "proceed"))
	wantStatus(t, rec, http.StatusCreated)
	got := decode[dpopages.ImpactAssessmentJSON](t, rec)
	if got.ID == "" || *got.Version != 0 || len(got.Versions) != 1 || got.ActionPlan[0].Measure != "Maskera gatan" {
		t.Fatalf("created %+v", got)
	}
	wantProblem(t, dpoApp.call(http.MethodPut, "/api/v1/impact-assessments/"+got.ID, body("1", "stop")), http.StatusPreconditionRequired)
	rec = dpoApp.call(http.MethodPut, "/api/v1/impact-assessments/"+got.ID, body("1", "stop"), "If-Match", `"0"`)
	wantStatus(t, rec, http.StatusOK)
	if got := decode[dpopages.ImpactAssessmentJSON](t, rec); got.Decision != dpo.DecisionStop || len(got.Versions) != 2 {
		t.Errorf("the new version reads %+v", got)
	}
	list := decode[struct {
		Items []dpopages.ImpactAssessmentJSON
	}](t, dpoApp.call(http.MethodGet, "/api/v1/impact-assessments", ""))
	if len(list.Items) != 1 || list.Items[0].Decision != dpo.DecisionStop {
		t.Errorf("the register lists %+v", list.Items)
	}
}
