package dpo_test

import (
	"testing"

	"github.com/klient-crm/klient/domain/dpo"
)

func assessment() dpo.ImpactAssessmentRecorded {
	return dpo.ImpactAssessmentRecorded{AssessmentID: "dpia-1", Title: "Klientregister", Context: "Klienter och motparter",
		Necessity: "Avtal och rättslig förpliktelse", Risks: []dpo.Risk{
			{Kind: dpo.RiskAccess, Likelihood: 2, Severity: 3}, {Kind: dpo.RiskModification, Likelihood: 1, Severity: 2},
			{Kind: dpo.RiskDisappearance, Likelihood: 1, Severity: 3}},
		ActionPlan: "Tvåfaktorsinloggning; IT-chefen; 2027-03-01", ReviewBy: discovered.AddDate(1, 0, 0), RecordedBy: "dpo-1"}
}

// TestImpactAssessmentFollowsCNILsMethod: art. 35.7 — the description
// (context), necessity and proportionality, the risks (CNIL's three
// feared events, each rated 1–4 for likelihood and severity) and the
// measures (an action plan with owners and dates); a decision needs its
// reason; a high residual risk cannot simply be accepted, art. 36.1 asks
// for prior consultation with IMY; the same assessment again decides
// nothing.
func TestImpactAssessmentFollowsCNILsMethod(t *testing.T) {
	t.Parallel()
	var a dpo.ImpactAssessment
	_, err := a.Record(dpo.ImpactAssessmentRecorded{AssessmentID: "dpia-1", RecordedBy: "dpo-1"})
	for _, field := range []string{"title", "context", "necessity", "review_by", "risk_access_likelihood",
		"risk_modification_severity", "risk_disappearance_likelihood"} {
		wantField(t, err, field)
	}

	e := assessment()
	e.ActionPlan = "Tvåfaktorsinloggning, snart"
	_, err = a.Record(e)
	wantField(t, err, "action_plan")

	e = assessment()
	e.Decision = dpo.DecisionProceed
	_, err = a.Record(e)
	wantField(t, err, "reason")

	e.Reason = "Kvarvarande risker är godtagbara"
	e.Risks[0].Likelihood = 3 // significant likelihood of a significant harm: high
	_, err = a.Record(e)
	wantField(t, err, "decision")
	e.Decision = dpo.DecisionConsult
	events := must(a.Record(e))
	if len(events) != 1 {
		t.Fatalf("consulting IMY on a high risk decided %v", events)
	}
	for _, ev := range events {
		a.Apply(ev)
	}
	if again := must(a.Record(e)); len(again) != 0 {
		t.Errorf("the same assessment again decided %v", again)
	}
	actions, ok := dpo.Actions(e.ActionPlan)
	if !ok || len(actions) != 1 || actions[0].Owner != "IT-chefen" || actions[0].Due != "2027-03-01" {
		t.Errorf("the action plan reads %+v", actions)
	}
}
