package cdd

import (
	"errors"
	"testing"
	"time"

	"github.com/klient-crm/klient/domain"
)

const (
	matterID = "0193b000-0000-7000-8000-000000000001"
	clientID = "0193b000-0000-7000-8000-000000000002"
	lawyer   = "0193b000-0000-7000-8000-000000000003"
	officer  = "0193b000-0000-7000-8000-000000000004"
)

var now = time.Date(2026, 12, 6, 10, 0, 0, 0, time.UTC)

// general is a firm's assessment as the issue describes one: factors of
// the four kinds, each weighted.
func general(t *testing.T) RiskAssessmentPublished {
	t.Helper()
	var a RiskAssessment
	evs, err := a.Publish(RiskAssessmentPublished{Summary: "Byråns allmänna riskbedömning 2026.", NormalFrom: 3, HighFrom: 7,
		PublishedBy: officer, Factors: []Factor{
			{Code: "foreign-company", Category: CategoryClient, Label: "Utländskt bolag", Weight: 3},
			{Code: "high-risk-country", Category: CategoryGeography, Label: "Högrisktredjeland", Weight: 5},
			{Code: "property", Category: CategoryService, Label: "Fastighetsförvärv", Weight: 2},
			{Code: "remote", Category: CategoryChannel, Label: "Aldrig träffad", Weight: 1},
		}}, now)
	must(t, err)
	a.Apply(evs[0])
	if a.Current().Version != 1 {
		t.Fatalf("the first publication is version %d, want 1", a.Current().Version)
	}
	return a.Current()
}

func must(t *testing.T, err error) {
	t.Helper()
	if err != nil {
		t.Fatal(err)
	}
}

func refused(t *testing.T, err error, code string) {
	t.Helper()
	var de *domain.Error
	if !errors.As(err, &de) || de.Code != code {
		t.Fatalf("got %v, want a refusal coded %s", err, code)
	}
}

func apply(t *testing.T, r *Record, evs []domain.Event, err error) {
	t.Helper()
	must(t, err)
	for _, e := range evs {
		r.Apply(e)
	}
}

// complete takes a person client's record to the point of a decision:
// normal risk, BankID, no PEP, a screening without hits.
func complete(t *testing.T, g RiskAssessmentPublished) *Record {
	t.Helper()
	r := new(Record)
	apply(t, r, nil, nil)
	evs, err := r.Start(matterID, clientID, false, lawyer)
	apply(t, r, evs, err)
	evs, err = r.AssessRisk(g, []string{"property", "remote"}, RiskNormal, "Förvärv av bostadsrätt, klienten ej träffad.", lawyer)
	apply(t, r, evs, err)
	evs, err = r.VerifyIdentity(MethodBankID, now.Add(-time.Hour), "", lawyer, now)
	apply(t, r, evs, err)
	evs, err = r.AnswerPEP(PEPNo, "", lawyer)
	apply(t, r, evs, err)
	evs, err = r.Screen(SanctionsScreened{ListID: "eu-2026-12-01", ListVersion: "1234", ListDate: now.Add(-48 * time.Hour), ScreenedAt: now})
	apply(t, r, evs, err)
	return r
}

// The rule: approving needs a completed record, and a decision
// needs a reason; a record changed after its decision is undecided again.
func TestApprovalNeedsACompleteRecordAndAReason(t *testing.T) {
	t.Parallel()
	g := general(t)
	r := new(Record)
	evs, err := r.Start(matterID, clientID, true, lawyer)
	apply(t, r, evs, err)
	_, err = r.Decide(DecisionApproved, "Allt i sin ordning.", lawyer, false, now)
	refused(t, err, "cdd.decision.incomplete")
	if got := r.Missing(); len(got) != 5 || got[2] != "cdd.missing.owners" {
		t.Errorf("an organisation's new record misses %v, want risk, identity, owners, PEP and screening", got)
	}

	r = complete(t, g)
	if m := r.Missing(); len(m) != 0 {
		t.Fatalf("the complete record still misses %v", m)
	}
	_, err = r.Decide(DecisionApproved, "  ", lawyer, false, now)
	refused(t, err, "cdd.text.required")
	evs, err = r.Decide(DecisionApproved, "Normal risk, identitet styrkt med BankID.", lawyer, false, now)
	apply(t, r, evs, err)
	if !r.Approved() {
		t.Fatal("the decided record is not approved")
	}
	evs, err = r.AnswerPEP(PEPFamily, "Klientens make är riksdagsledamot.", lawyer)
	apply(t, r, evs, err)
	if r.Approved() || r.Decision() != "" {
		t.Errorf("after a new PEP answer the decision is still %q", r.Decision())
	}
}

// High risk (and a PEP) needs the AML officer: the lawyer escalates, and
// only the officer decides an escalated record.
func TestHighRiskNeedsTheAMLOfficer(t *testing.T) {
	t.Parallel()
	g := general(t)
	r := complete(t, g)
	_, err := r.AssessRisk(g, []string{"foreign-company", "high-risk-country"}, RiskNormal, "Ser normalt ut.", lawyer)
	refused(t, err, "cdd.risk.below_score")
	evs, err := r.AssessRisk(g, []string{"foreign-company", "high-risk-country"}, RiskHigh, "Bolag i högrisktredjeland.", lawyer)
	apply(t, r, evs, err)
	if r.risk.Score != 8 {
		t.Errorf("score %d, want the weights' sum 3+5", r.risk.Score)
	}
	_, err = r.Decide(DecisionApproved, "Godkänt.", lawyer, false, now)
	refused(t, err, "cdd.decision.needs_officer")
	evs, err = r.Decide(DecisionEscalated, "Hög risk, till PT-ansvarig.", lawyer, false, now)
	apply(t, r, evs, err)
	_, err = r.Decide(DecisionApproved, "Godkänt ändå.", lawyer, false, now)
	refused(t, err, "cdd.decision.officer_only")
	evs, err = r.Decide(DecisionApproved, "Fördjupade åtgärder vidtagna; medlens ursprung styrkt.", officer, true, now)
	apply(t, r, evs, err)
	if !r.Approved() || !r.decided.ByOfficer {
		t.Errorf("the officer's approval left %+v", r.decided)
	}
}

// Every hit is reviewed before approval, and a hit reviewed as the client
// stops it.
func TestEverySanctionsHitIsReviewed(t *testing.T) {
	t.Parallel()
	r := complete(t, general(t))
	evs, err := r.Screen(SanctionsScreened{ListID: "eu-2026-12-05", ListVersion: "1240", ListDate: now, ScreenedAt: now,
		Hits: []SanctionsHit{{EntryID: "13", EntryName: "Ivan Petrov", Screened: "Ivan Petrov", Score: 1}}})
	apply(t, r, evs, err)
	_, err = r.Decide(DecisionApproved, "Godkänt.", lawyer, false, now)
	refused(t, err, "cdd.decision.incomplete")
	_, err = r.ReviewHit("99", false, "Annan person.", lawyer)
	refused(t, err, "cdd.screening.hit_not_found")
	evs, err = r.ReviewHit("13", true, "Samma födelsedatum.", lawyer)
	apply(t, r, evs, err)
	_, err = r.Decide(DecisionApproved, "Godkänt.", officer, true, now)
	refused(t, err, "cdd.decision.sanctioned")
	evs, err = r.ReviewHit("13", false, "Fel person: annat födelsedatum enligt passet.", lawyer)
	apply(t, r, evs, err)
	evs, err = r.Decide(DecisionApproved, "Träffen var en annan person.", lawyer, false, now)
	apply(t, r, evs, err)
	if !r.Approved() {
		t.Error("a reviewed false positive still stops approval")
	}
}

// Bad input: each refused with its field, nothing decided.
func TestBadRecordInputIsRefused(t *testing.T) {
	t.Parallel()
	g := general(t)
	r := new(Record)
	_, err := r.AssessRisk(g, nil, RiskLow, "x", lawyer)
	refused(t, err, "cdd.record.not_found")
	evs, err := r.Start(matterID, clientID, true, lawyer)
	apply(t, r, evs, err)
	_, err = r.Start(matterID, officer, true, lawyer)
	refused(t, err, "cdd.record.other_client")
	_, err = r.AssessRisk(g, []string{"no-such"}, RiskLow, "x", lawyer)
	refused(t, err, "cdd.risk.factor_unknown")
	_, err = r.VerifyIdentity(MethodIDDocument, now, "", lawyer, now)
	refused(t, err, "cdd.text.required")
	_, err = r.VerifyIdentity(MethodBankID, now.Add(time.Hour), "", lawyer, now)
	refused(t, err, "cdd.identity.in_future")
	_, err = r.RecordOwners([]BeneficialOwner{{Name: "A", SharePercent: 60, Verification: "Bolagsverket"},
		{Name: "B", SharePercent: 50, Verification: "Aktiebok"}}, "", lawyer)
	refused(t, err, "cdd.owners.shares_total")
	_, err = r.RecordOwners(nil, "", lawyer)
	refused(t, err, "cdd.text.required")
	_, err = r.AnswerPEP(PEPSelf, "", lawyer)
	refused(t, err, "cdd.text.required")
	_, err = r.Decide("maybe", "x", lawyer, false, now)
	refused(t, err, "cdd.decision.kind")
	var a RiskAssessment
	_, err = a.Publish(RiskAssessmentPublished{Summary: "x", NormalFrom: 5, HighFrom: 5, PublishedBy: officer,
		Factors: []Factor{{Code: "a", Category: CategoryClient, Label: "A", Weight: 11}, {Code: "a", Category: "x", Label: "", Weight: 1}}}, now)
	joined, ok := err.(interface{ Unwrap() []error })
	if !ok || len(joined.Unwrap()) < 5 {
		t.Errorf("a bad assessment gave %v, want the weight, the repeated code, the category, the label and the thresholds", err)
	}
}
