package dpo

import (
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"time"

	"github.com/go-chi/chi/v5"
	"github.com/google/uuid"

	dpocmd "github.com/klient-crm/klient/commands/dpo"
	domaindpo "github.com/klient-crm/klient/domain/dpo"
	"github.com/klient-crm/klient/http/i18n"
	"github.com/klient-crm/klient/http/web"
	dpomodel "github.com/klient-crm/klient/projections/dpo"
)

// The register of impact assessments (art. 35) in the structure of
// CNIL's PIA method. Each save is a new version; the page of one
// assessment lists them all and shows any of them. The new form starts
// from Klient's own processing, which is itself one the firm must assess.

// impactRow is an assessment as the register lists it.
type impactRow struct {
	dpomodel.ImpactAssessment
	ReviewDue bool
	High      bool // a residual risk rated high
}

func (s *Handlers) impactRows(list []dpomodel.ImpactAssessment) []impactRow {
	now := s.deps.Clock()
	out := make([]impactRow, len(list))
	for i, a := range list {
		out[i] = impactRow{ImpactAssessment: a, ReviewDue: a.ReviewDue(now)}
		for _, r := range a.Risks {
			out[i].High = out[i].High || r.High()
		}
	}
	return out
}

type impactsPage struct {
	Assessments []impactRow
	MayDecide   bool
}

func (s *Handlers) impactsPage(w http.ResponseWriter, r *http.Request) {
	list, err := s.deps.Register.ImpactAssessments(r.Context())
	if err != nil {
		s.Fail(w, r, err)
		return
	}
	s.RenderPage(w, r, http.StatusOK, "dpo_dpias", impactsPage{Assessments: s.impactRows(list), MayDecide: mayDecide(r)})
}

// impactPage is the form of one assessment (new, the latest version, or
// an earlier one read-only) with its history.
type impactPage struct {
	Form      web.FormState
	New       bool
	ID        string
	Version   uint64 // the version the form shows
	Latest    uint64 // the latest version
	Earlier   bool   // the form shows an earlier version: read only
	MayDecide bool
	Done      bool
	Kinds     []domaindpo.RiskKind
	Scales    []string // what each risk is rated for
	Levels    []domaindpo.Level
	Decisions []domaindpo.Decision
	History   []impactVersion
}

// impactVersion is one line of an assessment's history.
type impactVersion struct {
	Version    uint64
	Number     uint64 // the version as people count, from 1
	RecordedAt time.Time
	By         string // a name, never an ID
	Decision   domaindpo.Decision
}

func (s *Handlers) impactForm(p impactPage) impactPage {
	p.Kinds, p.Levels, p.Decisions = domaindpo.RiskKinds, domaindpo.Levels, domaindpo.Decisions
	p.Scales = []string{"likelihood", "severity"}
	return p
}

func impactValues(a domaindpo.ImpactAssessmentRecorded) url.Values {
	v := url.Values{"title": {a.Title}, "context": {a.Context}, "necessity": {a.Necessity}, "action_plan": {a.ActionPlan},
		"decision": {string(a.Decision)}, "reason": {a.Reason}, "review_by": {day(a.ReviewBy)}}
	for _, r := range a.Risks {
		k := "risk_" + string(r.Kind)
		v.Set(k+"_threats", r.Threats)
		v.Set(k+"_likelihood", strconv.Itoa(int(r.Likelihood)))
		v.Set(k+"_severity", strconv.Itoa(int(r.Severity)))
	}
	return v
}

// newImpactPage starts from Klient's own processing (CNIL's method asks
// for the context first), in the reader's language.
func (s *Handlers) newImpactPage(w http.ResponseWriter, r *http.Request) {
	lang := web.LangOf(r.Context())
	v := url.Values{"assessment_id": {uuid.Must(uuid.NewV7()).String()}, "title": {i18n.T(lang, "dpia.proposal.title")},
		"context": {i18n.T(lang, "dpia.proposal.context")}, "necessity": {i18n.T(lang, "dpia.proposal.necessity")},
		"review_by": {day(s.deps.Clock().AddDate(1, 0, 0))}}
	for _, k := range domaindpo.RiskKinds {
		v.Set("risk_"+string(k)+"_threats", i18n.T(lang, "dpia.proposal.risk."+string(k)))
	}
	s.RenderPage(w, r, http.StatusOK, "dpo_dpia", s.impactForm(impactPage{Form: web.FormState{Values: v}, New: true, MayDecide: true}))
}

func (s *Handlers) impactPage(w http.ResponseWriter, r *http.Request) {
	history, err := s.deps.Register.ImpactHistory(r.Context(), chi.URLParam(r, "id"))
	var names map[string]string
	if err == nil {
		names, err = s.StaffNames(r)
	}
	if err != nil {
		s.Fail(w, r, err)
		return
	}
	shown := history[0]
	if v, ok := web.ParseVersion(r.URL.Query().Get("version")); ok {
		for _, h := range history {
			if h.Version == v {
				shown = h
			}
		}
	}
	page := impactPage{Form: web.FormState{Values: impactValues(shown.ImpactAssessmentRecorded)}, ID: shown.AssessmentID,
		Version: shown.Version, Latest: history[0].Version, Earlier: shown.Version != history[0].Version,
		Done: r.URL.Query().Get("done") == "saved"}
	page.MayDecide = mayDecide(r) && !page.Earlier
	for _, h := range history {
		page.History = append(page.History, impactVersion{Version: h.Version, Number: h.Version + 1, RecordedAt: h.RecordedAt,
			By: nameOf(names, h.RecordedBy), Decision: h.Decision})
	}
	s.RenderPage(w, r, http.StatusOK, "dpo_dpia", s.impactForm(page))
}

// impactOf reads the form; a level or date that cannot be read is its
// field's problem.
func impactOf(f url.Values) (domaindpo.ImpactAssessmentRecorded, error) {
	a := domaindpo.ImpactAssessmentRecorded{AssessmentID: f.Get("assessment_id"), Title: f.Get("title"), Context: f.Get("context"),
		Necessity: f.Get("necessity"), ActionPlan: f.Get("action_plan"), Decision: domaindpo.Decision(f.Get("decision")),
		Reason: f.Get("reason")}
	var errs []error
	for _, k := range domaindpo.RiskKinds {
		name := "risk_" + string(k)
		risk := domaindpo.Risk{Kind: k, Threats: f.Get(name + "_threats")}
		for _, l := range []struct {
			field string
			level *domaindpo.Level
		}{{name + "_likelihood", &risk.Likelihood}, {name + "_severity", &risk.Severity}} {
			if s := strings.TrimSpace(f.Get(l.field)); s != "" {
				n, err := strconv.Atoi(s)
				if err != nil {
					errs = append(errs, web.BadRequest(web.ErrMalformed, l.field, "dpo.dpia.level", "rate from 1 to 4"))
				}
				*l.level = domaindpo.Level(n)
			}
		}
		a.Risks = append(a.Risks, risk)
	}
	t, ok := web.ParseDay(f.Get("review_by"))
	if !ok {
		errs = append(errs, web.BadRequest(web.ErrMalformed, "review_by", "processor.date.invalid", "give a date"))
	}
	a.ReviewBy = t
	return a, web.FirstErr(errs...)
}

var impactLabels = []string{"title", "dpia.field.title", "context", "dpia.field.context", "necessity", "dpia.field.necessity",
	"risk_access_threats", "dpia.risk.access", "risk_access_likelihood", "dpia.field.likelihood",
	"risk_access_severity", "dpia.field.severity", "risk_modification_threats", "dpia.risk.modification",
	"risk_modification_likelihood", "dpia.field.likelihood", "risk_modification_severity", "dpia.field.severity",
	"risk_disappearance_threats", "dpia.risk.disappearance", "risk_disappearance_likelihood", "dpia.field.likelihood",
	"risk_disappearance_severity", "dpia.field.severity", "action_plan", "dpia.field.action_plan",
	"decision", "dpia.field.decision", "reason", "dpia.field.reason", "review_by", "dpia.field.review_by"}

func (s *Handlers) saveImpact(w http.ResponseWriter, r *http.Request) {
	if !s.ParseForm(w, r) {
		return
	}
	id, isNew := chi.URLParam(r, "id"), chi.URLParam(r, "id") == ""
	a, err := impactOf(r.PostForm)
	cmd := dpocmd.RecordImpactAssessment{Actor: s.Actor(r), New: isNew}
	if !isNew {
		a.AssessmentID = id
		if err == nil {
			cmd.ExpectedVersion, err = web.VersionOf(r.PostForm)
		}
	}
	cmd.Assessment = a
	var res dpocmd.ImpactResult
	if err == nil {
		res, err = s.deps.SaveImpact.Handle(r.Context(), cmd)
	}
	if err != nil {
		form, status, ok := s.FailedForm(r, err, r.URL.Path)
		if !ok {
			s.Fail(w, r, err)
			return
		}
		version, _ := web.VersionOf(r.PostForm)
		s.RenderPage(w, r, status, "dpo_dpia", s.impactForm(impactPage{Form: form.Labelled(impactLabels...), New: isNew, ID: id,
			Version: version, Latest: version, MayDecide: true}))
		return
	}
	s.Await(r.Context(), breachProjector, res.Position)
	http.Redirect(w, r, "/registers/dpias/"+res.AssessmentID+"?done=saved", http.StatusSeeOther)
}

// ImpactAssessmentJSON is an impact assessment as the API shows and takes
// it; review_by is a day (YYYY-MM-DD, Stockholm); the action plan is a
// list of measures with their owners and days.
type ImpactAssessmentJSON struct {
	ID         string              `json:"id,omitempty"`
	Title      string              `json:"title"`
	Context    string              `json:"context"`
	Necessity  string              `json:"necessity"`
	Risks      []RiskJSON          `json:"risks"`
	ActionPlan []ActionJSON        `json:"action_plan"`
	Decision   domaindpo.Decision  `json:"decision,omitempty"` // absent: a draft
	Reason     string              `json:"reason,omitempty"`
	ReviewBy   string              `json:"review_by"`
	ReviewDue  bool                `json:"review_due,omitempty"`
	RecordedBy string              `json:"recorded_by,omitempty"` // staff ID
	RecordedAt *time.Time          `json:"recorded_at,omitempty"`
	Version    *uint64             `json:"version,omitempty"`
	Versions   []ImpactVersionJSON `json:"versions,omitempty"` // the history, latest first (one assessment only)
}

// RiskJSON is one of CNIL's feared events, rated 1–4.
type RiskJSON struct {
	Kind       domaindpo.RiskKind `json:"kind"`
	Threats    string             `json:"threats,omitempty"`
	Likelihood int                `json:"likelihood"`
	Severity   int                `json:"severity"`
	High       bool               `json:"high,omitempty"`
}

// ActionJSON is one measure of the action plan.
type ActionJSON struct {
	Measure string `json:"measure"`
	Owner   string `json:"owner"`
	Due     string `json:"due"`
}

// ImpactVersionJSON is one saved version in an assessment's history.
type ImpactVersionJSON struct {
	Version    uint64             `json:"version"`
	RecordedAt time.Time          `json:"recorded_at"`
	RecordedBy string             `json:"recorded_by"`
	Decision   domaindpo.Decision `json:"decision,omitempty"`
}

func impactOut(a impactRow) ImpactAssessmentJSON {
	v, at := a.Version, a.RecordedAt
	out := ImpactAssessmentJSON{ID: a.AssessmentID, Title: a.Title, Context: a.Context, Necessity: a.Necessity, Decision: a.Decision,
		Reason: a.Reason, ReviewBy: day(a.ReviewBy), ReviewDue: a.ReviewDue, RecordedBy: a.RecordedBy, RecordedAt: &at,
		Version: &v, ActionPlan: []ActionJSON{}, Risks: []RiskJSON{}}
	for _, r := range a.Risks {
		out.Risks = append(out.Risks, RiskJSON{Kind: r.Kind, Threats: r.Threats, Likelihood: int(r.Likelihood),
			Severity: int(r.Severity), High: r.High()})
	}
	actions, _ := domaindpo.Actions(a.ActionPlan)
	for _, x := range actions {
		out.ActionPlan = append(out.ActionPlan, ActionJSON{Measure: x.Measure, Owner: x.Owner, Due: x.Due})
	}
	return out
}

func (s *Handlers) apiListImpacts(w http.ResponseWriter, r *http.Request) {
	list, err := s.deps.Register.ImpactAssessments(r.Context())
	if err != nil {
		s.WriteProblem(w, r, err)
		return
	}
	items := []ImpactAssessmentJSON{}
	for _, a := range s.impactRows(list) {
		items = append(items, impactOut(a))
	}
	web.WriteJSON(w, http.StatusOK, web.PageJSON(items, ""))
}

// apiGetImpact is the latest version with the history.
func (s *Handlers) apiGetImpact(w http.ResponseWriter, r *http.Request) {
	s.writeImpact(w, r, chi.URLParam(r, "id"), http.StatusOK)
}

func (s *Handlers) writeImpact(w http.ResponseWriter, r *http.Request, id string, status int) {
	history, err := s.deps.Register.ImpactHistory(r.Context(), id)
	if err != nil {
		s.WriteProblem(w, r, err)
		return
	}
	out := impactOut(s.impactRows(history[:1])[0])
	for _, h := range history {
		out.Versions = append(out.Versions, ImpactVersionJSON{Version: h.Version, RecordedAt: h.RecordedAt, RecordedBy: h.RecordedBy,
			Decision: h.Decision})
	}
	w.Header().Set("ETag", web.VersionETag(history[0].Version))
	web.WriteJSON(w, status, out)
}

// apiSaveImpact is POST /api/v1/impact-assessments (new) and PUT
// /api/v1/impact-assessments/{id} (a new version, with If-Match or
// version).
func (s *Handlers) apiSaveImpact(w http.ResponseWriter, r *http.Request) {
	var in ImpactAssessmentJSON
	if err := web.DecodeJSON(r, &in); err != nil {
		s.WriteProblem(w, r, err)
		return
	}
	id := chi.URLParam(r, "id")
	a := domaindpo.ImpactAssessmentRecorded{AssessmentID: in.ID, Title: in.Title, Context: in.Context, Necessity: in.Necessity,
		Decision: in.Decision, Reason: in.Reason}
	for _, x := range in.Risks {
		a.Risks = append(a.Risks, domaindpo.Risk{Kind: x.Kind, Threats: x.Threats, Likelihood: domaindpo.Level(x.Likelihood),
			Severity: domaindpo.Level(x.Severity)})
	}
	var lines []string
	for _, x := range in.ActionPlan {
		lines = append(lines, x.Measure+"; "+x.Owner+"; "+x.Due)
	}
	a.ActionPlan = strings.Join(lines, "\n")
	var err error
	t, ok := web.ParseDay(in.ReviewBy)
	if !ok {
		err = web.BadRequest(web.ErrMalformed, "review_by", "processor.date.invalid", "give a date")
	}
	a.ReviewBy = t
	cmd := dpocmd.RecordImpactAssessment{Actor: s.Actor(r), New: id == ""}
	if id != "" && err == nil {
		a.AssessmentID = id
		cmd.ExpectedVersion, err = web.ExpectedVersion(r.Header.Get("If-Match"), in.Version)
	}
	cmd.Assessment = a
	var res dpocmd.ImpactResult
	if err == nil {
		res, err = s.deps.SaveImpact.Handle(r.Context(), cmd)
	}
	if err != nil {
		s.WriteProblem(w, r, err)
		return
	}
	s.Await(r.Context(), breachProjector, res.Position)
	status := http.StatusOK
	if cmd.New {
		status = http.StatusCreated
		w.Header().Set("Location", "/api/v1/impact-assessments/"+res.AssessmentID)
	}
	s.writeImpact(w, r, res.AssessmentID, status)
}
