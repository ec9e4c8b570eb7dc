package cdd

import (
	"slices"
	"strconv"
	"time"

	"github.com/klient-crm/klient/domain"
)

// AssessmentStreamName is the stream of the firm's general risk
// assessment: a firm has one, so its name is fixed.
func AssessmentStreamName() string { return "cddassessment-firm" }

// Factor is one risk factor of the general assessment: what raises the
// risk of an engagement, and by how much (Weight, 1–10).
type Factor struct {
	Code     string   `json:"code"` // short, stable: a record names the factors it found by code
	Category Category `json:"category"`
	Label    string   `json:"label"` // the factor in the firm's words
	Weight   int      `json:"weight"`
}

// RiskAssessmentPublished: the AML officer published version Version of
// the firm's general risk assessment, whole. An engagement whose factors'
// weights add up to NormalFrom is at least normal risk, to HighFrom high.
// No personal data: it describes the firm's business.
type RiskAssessmentPublished struct {
	Version     int       `json:"version"`
	Factors     []Factor  `json:"factors"`
	NormalFrom  int       `json:"normal_from"`
	HighFrom    int       `json:"high_from"`
	Summary     string    `json:"summary"`
	PublishedAt time.Time `json:"published_at"`
	PublishedBy string    `json:"published_by"` // staff ID
}

// TypeRiskAssessmentPublished is stored forever: never rename it.
const TypeRiskAssessmentPublished = "cdd.RiskAssessmentPublished"

func (RiskAssessmentPublished) EventType() string  { return TypeRiskAssessmentPublished }
func (RiskAssessmentPublished) SchemaVersion() int { return 1 }

// RiskAssessment is the aggregate of the firm's general risk assessment.
type RiskAssessment struct {
	current  RiskAssessmentPublished
	versions []RiskAssessmentPublished // every version published, oldest first
	applied  uint64
}

// Exists reports whether any version was published.
func (a *RiskAssessment) Exists() bool { return a.applied > 0 }

// StreamVersion is the stream version of the last applied event.
func (a *RiskAssessment) StreamVersion() uint64 { return a.applied - 1 }

// Current is the version in force (zero before the first publication).
func (a *RiskAssessment) Current() RiskAssessmentPublished { return a.current }

// Apply evolves the assessment by one event.
func (a *RiskAssessment) Apply(ev domain.Event) {
	a.applied++
	if e, ok := ev.(RiskAssessmentPublished); ok {
		a.current = e
		a.versions = append(a.versions, e)
	}
}

// Versions are every version published, the newest first: the history
// the AML officer reads and a record's assessment version names.
func (a *RiskAssessment) Versions() []RiskAssessmentPublished {
	out := slices.Clone(a.versions)
	slices.Reverse(out)
	return out
}

// Publish decides the next version: at least one factor, codes unique,
// each in a category with a label and a weight of 1–10, and thresholds
// with 0 < NormalFrom < HighFrom. Publishing the version in force again
// (same factors, thresholds and summary) decides nothing.
func (a *RiskAssessment) Publish(e RiskAssessmentPublished, now time.Time) ([]domain.Event, error) {
	var p domain.Problems
	var err error
	e.Summary, err = cleanBlock("summary", e.Summary, true)
	p.Add(err)
	switch {
	case len(e.Factors) == 0:
		p.Add(domain.Invalid("factors", "list at least one risk factor").WithCode("cdd.assessment.factors_required"))
	case len(e.Factors) > MaxFactors:
		p.Add(domain.Invalid("factors", "at most %d risk factors", MaxFactors).WithCode("cdd.assessment.too_many_factors").WithArgs(MaxFactors))
	}
	seen := map[string]bool{}
	for i := range e.Factors {
		f := &e.Factors[i]
		field := "factors[" + strconv.Itoa(i) + "]"
		if !factorCode.MatchString(f.Code) {
			p.Add(domain.Invalid(field+".code", "a code is lower-case letters, digits and dashes").WithCode("cdd.assessment.factor_code"))
		} else if seen[f.Code] {
			p.Add(domain.Invalid(field+".code", "two factors have this code").WithCode("cdd.assessment.factor_code_twice"))
		}
		seen[f.Code] = true
		p.Add(oneOf(field+".category", f.Category, Categories, "cdd.assessment.category", "choose a category"))
		f.Label, err = cleanLine(field+".label", f.Label, true)
		p.Add(err)
		if f.Weight < 1 || f.Weight > 10 {
			p.Add(domain.Invalid(field+".weight", "a weight is 1 to 10").WithCode("cdd.assessment.weight"))
		}
	}
	if e.NormalFrom < 1 || e.HighFrom <= e.NormalFrom {
		p.Add(domain.Invalid("high_from", "the score of high risk must be above that of normal risk, both above 0").WithCode("cdd.assessment.thresholds"))
	}
	p.Add(checkID("published_by", e.PublishedBy, "cdd.actor.id"))
	if err := p.Err(); err != nil {
		return nil, err
	}
	c := a.current
	if a.Exists() && slices.Equal(c.Factors, e.Factors) && c.NormalFrom == e.NormalFrom && c.HighFrom == e.HighFrom && c.Summary == e.Summary {
		return nil, nil
	}
	e.Version = c.Version + 1
	e.PublishedAt = now.UTC().Truncate(time.Second)
	return []domain.Event{e}, nil
}

// Score is the sum of the weights of the factors named by codes in
// version v, and the risk it suggests; a code v does not list is refused.
func (v RiskAssessmentPublished) Score(codes []string) (int, Risk, error) {
	score := 0
	for _, c := range codes {
		i := slices.IndexFunc(v.Factors, func(f Factor) bool { return f.Code == c })
		if i < 0 {
			return 0, "", domain.Invalid("factors", "the general risk assessment has no such factor").WithCode("cdd.risk.factor_unknown")
		}
		score += v.Factors[i].Weight
	}
	switch {
	case score >= v.HighFrom:
		return score, RiskHigh, nil
	case score >= v.NormalFrom:
		return score, RiskNormal, nil
	}
	return score, RiskLow, nil
}
