package dpo

import (
	"slices"
	"strings"
	"time"

	"github.com/klient-crm/klient/domain"
)

// An impact assessment (art. 35) in the structure of CNIL's PIA method:
// the context of the processing, its necessity and proportionality, the
// three feared events each rated for likelihood and severity, the action
// plan with owners and dates, the decision and the next review. The
// ImpactAssessment aggregate lives on stream "dpia-<assessmentID>" and is
// recorded whole at every save, so each version stays in the log.

// RiskKind is one of CNIL's three feared events.
type RiskKind string

// The feared events, in CNIL's order.
const (
	RiskAccess        RiskKind = "access"        // illegitimate access to data
	RiskModification  RiskKind = "modification"  // unwanted modification of data
	RiskDisappearance RiskKind = "disappearance" // disappearance of data
)

// RiskKinds lists the feared events; an assessment rates each once.
var RiskKinds = []RiskKind{RiskAccess, RiskModification, RiskDisappearance}

// Level is CNIL's four-step scale for likelihood and severity: 1
// negligible, 2 limited, 3 significant, 4 maximum.
type Level int

// Levels lists the scale, lowest first.
var Levels = []Level{1, 2, 3, 4}

// Risk is one feared event as assessed: its sources and impacts in words,
// and its residual likelihood and severity once the planned measures are
// in place.
type Risk struct {
	Kind       RiskKind `json:"kind"`
	Threats    string   `json:"threats,omitempty"` // sources, threats and impacts on people
	Likelihood Level    `json:"likelihood"`
	Severity   Level    `json:"severity"`
}

// High reports a residual risk CNIL's map puts in the upper right: both
// likelihood and severity significant or maximum.
func (r Risk) High() bool { return r.Likelihood >= 3 && r.Severity >= 3 }

// Decision is what the firm decided on the processing after assessing it.
type Decision string

// The decisions; "" is a draft not yet decided.
const (
	DecisionNone    Decision = ""
	DecisionProceed Decision = "proceed" // the residual risks are acceptable
	DecisionConsult Decision = "consult" // a high residual risk: consult IMY first (art. 36.1)
	DecisionStop    Decision = "stop"    // the processing is not carried out
)

// Decisions lists every decision, the draft first.
var Decisions = []Decision{DecisionNone, DecisionProceed, DecisionConsult, DecisionStop}

// Action is one line of the action plan.
type Action struct {
	Measure, Owner string
	Due            string // YYYY-MM-DD
}

// ImpactAssessmentRecorded: the assessment as the DPO saved it, whole.
// The action plan names its owners, who are people, so it is sealed with
// the assessment's own key; the rest describes the firm's processing.
type ImpactAssessmentRecorded struct {
	AssessmentID string    `json:"assessment_id"`
	Title        string    `json:"title"`     // the processing assessed
	Context      string    `json:"context"`   // what is processed, why, by whom, the data's life cycle
	Necessity    string    `json:"necessity"` // necessity and proportionality: basis, minimisation, retention, rights
	Risks        []Risk    `json:"risks"`     // one per RiskKinds, in its order
	ActionPlan   string    `json:"action_plan,omitempty" personal:"AssessmentID"`
	Decision     Decision  `json:"decision,omitempty"`
	Reason       string    `json:"reason,omitempty"` // why the decision
	ReviewBy     time.Time `json:"review_by"`
	RecordedBy   string    `json:"recorded_by"`
}

// TypeImpactAssessmentRecorded is stored forever: never rename it.
const TypeImpactAssessmentRecorded = "dpo.ImpactAssessmentRecorded"

func (ImpactAssessmentRecorded) EventType() string  { return TypeImpactAssessmentRecorded }
func (ImpactAssessmentRecorded) SchemaVersion() int { return 1 }

// ImpactAssessmentStreamName is the stream of one impact assessment.
func ImpactAssessmentStreamName(id string) string { return "dpia-" + id }

// ImpactAssessment is the aggregate.
type ImpactAssessment struct {
	current ImpactAssessmentRecorded
	applied uint64
}

// Exists reports whether the assessment was recorded.
func (a *ImpactAssessment) Exists() bool { return a.applied > 0 }

// Apply evolves the assessment.
func (a *ImpactAssessment) Apply(ev domain.Event) {
	a.applied++
	if e, ok := ev.(ImpactAssessmentRecorded); ok {
		a.current = e
	}
}

// Actions reads the action plan: one action a line, "measure; owner;
// YYYY-MM-DD"; ok is false when a line is not of that shape.
func Actions(plan string) (actions []Action, ok bool) {
	for _, line := range strings.Split(plan, "\n") {
		line = strings.TrimSpace(line)
		if line == "" {
			continue
		}
		parts := strings.Split(line, ";")
		if len(parts) != 3 {
			return nil, false
		}
		a := Action{Measure: strings.TrimSpace(parts[0]), Owner: strings.TrimSpace(parts[1]), Due: strings.TrimSpace(parts[2])}
		if _, err := time.Parse("2006-01-02", a.Due); err != nil || a.Measure == "" || a.Owner == "" {
			return nil, false
		}
		actions = append(actions, a)
	}
	return actions, true
}

// Record decides to record e. The context, the necessity and the three
// risks, each rated, are required, and a review date; a decision needs
// its reason; a high residual risk cannot be accepted without consulting
// IMY first (art. 36.1); every action names a measure, an owner and a
// date. The same assessment again decides nothing.
func (a *ImpactAssessment) Record(e ImpactAssessmentRecorded) ([]domain.Event, error) {
	var probs domain.Problems
	var err error
	e.Title, err = cleanLine("title", e.Title, true)
	probs.Add(err)
	for _, f := range []struct {
		name string
		s    *string
		req  bool
	}{{"context", &e.Context, true}, {"necessity", &e.Necessity, true}, {"action_plan", &e.ActionPlan, false},
		{"reason", &e.Reason, e.Decision != DecisionNone}} {
		*f.s, err = cleanBlock(f.name, *f.s, f.req)
		probs.Add(err)
	}
	if _, ok := Actions(e.ActionPlan); !ok {
		probs.Add(domain.Invalid("action_plan", "write each action as: measure; owner; YYYY-MM-DD").WithCode("dpo.dpia.action"))
	}
	risks := make([]Risk, len(RiskKinds))
	for i, k := range RiskKinds {
		risks[i] = Risk{Kind: k}
		if j := slices.IndexFunc(e.Risks, func(r Risk) bool { return r.Kind == k }); j >= 0 {
			risks[i] = e.Risks[j]
		}
		field := "risk_" + string(k)
		risks[i].Threats, err = cleanBlock(field+"_threats", risks[i].Threats, false)
		probs.Add(err)
		if !slices.Contains(Levels, risks[i].Likelihood) {
			probs.Add(domain.Invalid(field+"_likelihood", "rate the likelihood from 1 to 4").WithCode("dpo.dpia.level"))
		}
		if !slices.Contains(Levels, risks[i].Severity) {
			probs.Add(domain.Invalid(field+"_severity", "rate the severity from 1 to 4").WithCode("dpo.dpia.level"))
		}
	}
	for _, r := range e.Risks {
		if !slices.Contains(RiskKinds, r.Kind) {
			probs.Add(domain.Invalid("risks", "rate only the three feared events").WithCode("dpo.dpia.risk_kind"))
		}
	}
	e.Risks = risks
	switch {
	case !slices.Contains(Decisions, e.Decision):
		probs.Add(domain.Invalid("decision", "choose a decision").WithCode("dpo.dpia.decision"))
	case e.Decision == DecisionProceed && slices.ContainsFunc(risks, Risk.High):
		probs.Add(domain.Invalid("decision", "a high residual risk needs prior consultation with IMY (art. 36)").WithCode("dpo.dpia.consult_required"))
	}
	if e.ReviewBy.IsZero() {
		probs.Add(domain.Invalid("review_by", "set the next review").WithCode("dpo.dpia.review_required"))
	}
	probs.Add(checkID("assessment_id", e.AssessmentID, "dpo.dpia.id"))
	probs.Add(checkID("recorded_by", e.RecordedBy, "dpo.actor.id"))
	if err := probs.Err(); err != nil {
		return nil, err
	}
	if a.Exists() && sameAssessment(a.current, e) {
		return nil, nil
	}
	return []domain.Event{e}, nil
}

func sameAssessment(a, b ImpactAssessmentRecorded) bool {
	return a.Title == b.Title && a.Context == b.Context && a.Necessity == b.Necessity && slices.Equal(a.Risks, b.Risks) &&
		a.ActionPlan == b.ActionPlan && a.Decision == b.Decision && a.Reason == b.Reason && a.ReviewBy.Equal(b.ReviewBy)
}

// ReviewDue reports a review due at now.
func (e ImpactAssessmentRecorded) ReviewDue(now time.Time) bool { return !now.Before(e.ReviewBy) }
