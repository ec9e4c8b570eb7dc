package dpo

import (
	"encoding/csv"
	"errors"
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"time"

	"github.com/google/uuid"

	dpocmd "github.com/klient-crm/klient/commands/dpo"
	domaindpo "github.com/klient-crm/klient/domain/dpo"
	"github.com/klient-crm/klient/http/i18n"
	"github.com/klient-crm/klient/http/web"
	dpomodel "github.com/klient-crm/klient/projections/dpo"
)

// breachListPage is the view of the register: the running clocks first,
// then every breach, the latest discovered first.
type breachListPage struct {
	Running   []breachView
	All       []breachView
	MayDecide bool
}

// registerPageSize is how many breaches the page lists; the CSV and the
// API page through all of them.
const registerPageSize = 500

func (s *Handlers) breachListPage(w http.ResponseWriter, r *http.Request) {
	running, err := s.deps.Register.Running(r.Context())
	var all []dpomodel.Breach
	if err == nil {
		all, err = s.deps.Register.Breaches(r.Context(), dpomodel.Filter{Limit: registerPageSize})
	}
	page := breachListPage{MayDecide: mayDecide(r)}
	if err == nil {
		page.Running, err = s.breachViews(r, running)
	}
	if err == nil {
		page.All, err = s.breachViews(r, all)
	}
	if err != nil {
		s.Fail(w, r, err)
		return
	}
	s.RenderPage(w, r, http.StatusOK, "dpo_breaches", page)
}

// newBreachPage is the form that records a breach, with a fresh ID (a
// resent form records one breach) and now as the moment of discovery.
type newBreachPage struct{ Form web.FormState }

func (s *Handlers) newBreachPage(w http.ResponseWriter, r *http.Request) {
	f := url.Values{"breach_id": {uuid.Must(uuid.NewV7()).String()}, "discovered_at": {localValue(s.deps.Clock())}}
	s.RenderPage(w, r, http.StatusOK, "dpo_breach_new", newBreachPage{Form: web.FormState{Values: f}})
}

func (s *Handlers) recordBreach(w http.ResponseWriter, r *http.Request) {
	if !s.ParseForm(w, r) {
		return
	}
	at, err := localTime("discovered_at", r.PostForm.Get("discovered_at"))
	var res dpocmd.BreachResult
	if err == nil {
		res, err = s.deps.Record.Handle(r.Context(), dpocmd.RecordBreach{Actor: s.Actor(r), BreachID: r.PostForm.Get("breach_id"),
			Reference: r.PostForm.Get("reference"), DiscoveredAt: at, Summary: r.PostForm.Get("summary")})
	}
	if err != nil {
		form, status, ok := s.FailedForm(r, err, "/registers/breaches/new")
		if !ok {
			s.Fail(w, r, err)
			return
		}
		s.RenderPage(w, r, status, "dpo_breach_new", newBreachPage{Form: form})
		return
	}
	s.Await(r.Context(), breachProjector, res.Position)
	http.Redirect(w, r, "/registers/breaches/"+res.BreachID+"?done=recorded", http.StatusSeeOther)
}

// breachPage is the view of one breach: its clock, the facts, and for
// the DPO the forms that assess and decide.
type breachPage struct {
	breachView
	MayDecide  bool
	Done       string // catalogue key of what was just done
	Form       web.FormState
	Assessment web.FormState // the assessment form, filled with the latest
	Natures    []domaindpo.Nature
	Severities []domaindpo.Severity
}

// done are the notices a redirect may ask for.
var done = map[string]string{"recorded": "breach.done.recorded", "assessed": "breach.done.assessed",
	"decided": "breach.done.decided"}

func (s *Handlers) breachPage(w http.ResponseWriter, r *http.Request) {
	b, err := s.breachOf(r)
	if err != nil {
		s.Fail(w, r, err)
		return
	}
	page := s.newBreachView(r, b)
	page.Done = done[r.URL.Query().Get("done")]
	s.RenderPage(w, r, http.StatusOK, "dpo_breach", page)
}

func (s *Handlers) newBreachView(r *http.Request, b breachView) breachPage {
	return breachPage{breachView: b, MayDecide: mayDecide(r), Natures: domaindpo.Natures, Severities: domaindpo.Severities,
		Assessment: web.FormState{Values: assessmentValues(b.Breach)}}
}

// assessmentValues fill the assessment form with the latest assessment.
func assessmentValues(b dpomodel.Breach) url.Values {
	v := url.Values{"started_at": {localValue(b.StartedAt)}, "ended_at": {localValue(b.EndedAt)},
		"subject_categories": {b.SubjectCategories}, "data_categories": {b.DataCategories},
		"consequences": {b.Consequences}, "severity": {string(b.Severity)}, "measures_taken": {b.MeasuresTaken},
		"measures_planned": {b.MeasuresPlanned}}
	if b.Assessments > 0 {
		v.Set("subjects_approx", strconv.Itoa(b.SubjectsApprox))
		v.Set("records_approx", strconv.Itoa(b.RecordsApprox))
	}
	for _, n := range b.Nature {
		v.Add("nature", string(n))
	}
	return v
}

func (s *Handlers) assessBreach(w http.ResponseWriter, r *http.Request) {
	if !s.ParseForm(w, r) {
		return
	}
	b, err := s.breachOf(r)
	if err != nil {
		s.Fail(w, r, err)
		return
	}
	a, err := assessmentOf(r.PostForm)
	version, verr := web.VersionOf(r.PostForm)
	var res dpocmd.BreachResult
	if err = errors.Join(err, verr); err == nil {
		res, err = s.deps.Assess.Handle(r.Context(), dpocmd.AssessBreach{Actor: s.Actor(r), BreachID: b.ID,
			ExpectedVersion: version, Assessment: a})
	}
	s.breachWritten(w, r, b, res, err, "assessed", func(page *breachPage, form web.FormState) { page.Assessment = form })
}

// breachWritten ends a form's post on breach b: refused, the breach's page
// again with the form (put where its template shows it) saying why; else,
// once the register shows it, back to the page saying done.
func (s *Handlers) breachWritten(w http.ResponseWriter, r *http.Request, b breachView, res dpocmd.BreachResult, err error,
	done string, show func(*breachPage, web.FormState)) {
	if err != nil {
		form, status, ok := s.FailedForm(r, err, "/registers/breaches/"+b.ID)
		if !ok {
			s.Fail(w, r, err)
			return
		}
		page := s.newBreachView(r, b)
		show(&page, form)
		s.RenderPage(w, r, status, "dpo_breach", page)
		return
	}
	s.Await(r.Context(), breachProjector, res.Position)
	http.Redirect(w, r, "/registers/breaches/"+b.ID+"?done="+done, http.StatusSeeOther)
}

// assessmentOf reads the assessment form; what it cannot read is a
// field's problem, and every such problem is reported at once.
func assessmentOf(f url.Values) (domaindpo.BreachAssessed, error) {
	a := domaindpo.BreachAssessed{SubjectCategories: f.Get("subject_categories"), DataCategories: f.Get("data_categories"),
		Consequences: f.Get("consequences"), Severity: domaindpo.Severity(f.Get("severity")),
		MeasuresTaken: f.Get("measures_taken"), MeasuresPlanned: f.Get("measures_planned")}
	for _, n := range f["nature"] {
		a.Nature = append(a.Nature, domaindpo.Nature(n))
	}
	var errs [4]error
	a.StartedAt, errs[0] = localTime("started_at", f.Get("started_at"))
	a.EndedAt, errs[1] = localTime("ended_at", f.Get("ended_at"))
	a.SubjectsApprox, errs[2] = count("subjects_approx", f.Get("subjects_approx"))
	a.RecordsApprox, errs[3] = count("records_approx", f.Get("records_approx"))
	return a, errors.Join(errs[:]...)
}

// decideBreach takes the step the form names (after web.Confirm asked).
func (s *Handlers) decideBreach(w http.ResponseWriter, r *http.Request) {
	if !s.ParseForm(w, r) {
		return
	}
	b, err := s.breachOf(r)
	if err != nil {
		s.Fail(w, r, err)
		return
	}
	at, err := localTime("at", r.PostForm.Get("at"))
	version, verr := web.VersionOf(r.PostForm)
	var res dpocmd.BreachResult
	if err = errors.Join(err, verr); err == nil {
		res, err = s.deps.Decide.Handle(r.Context(), dpocmd.DecideBreach{Actor: s.Actor(r), BreachID: b.ID, ExpectedVersion: version,
			Step: dpocmd.BreachStep(r.PostForm.Get("step")), At: at, IMYReference: r.PostForm.Get("imy_reference"),
			Text: r.PostForm.Get("text")})
	}
	s.breachWritten(w, r, b, res, err, "decided", func(page *breachPage, form web.FormState) { page.Form = form })
}

// askDecision words the question before a decision: each step its own,
// naming the breach by its reference. An unknown breach answers 404.
func (s *Handlers) askDecision(r *http.Request) (*web.Confirmation, error) {
	b, err := s.breachOf(r)
	if err != nil {
		return nil, err
	}
	step := r.PostFormValue("step")
	switch dpocmd.BreachStep(step) {
	case dpocmd.StepReport, dpocmd.StepNotReport, dpocmd.StepInform, dpocmd.StepNotInform, dpocmd.StepSupplement:
	default:
		step = "unknown"
	}
	key := "confirm.breach." + step
	return &web.Confirmation{Question: key, Args: []any{b.Reference}, Consequence: key + ".consequence",
		Button: key + ".button", Back: "/registers/breaches/" + b.ID}, nil
}

// notificationPage is IMY's notification form filled from the register,
// an A4 page for filing (the stylesheet prints the page alone).
type notificationPage struct {
	breachView
	Controller Controller
}

func (s *Handlers) notificationPage(w http.ResponseWriter, r *http.Request) {
	b, err := s.breachOf(r)
	if err != nil {
		s.Fail(w, r, err)
		return
	}
	s.RenderPage(w, r, http.StatusOK, "dpo_breach_notification", notificationPage{breachView: b, Controller: s.deps.Controller})
}

// breachesCSV exports the whole register, one breach a row, with the
// headings in the reader's language.
func (s *Handlers) breachesCSV(w http.ResponseWriter, r *http.Request) {
	if err := s.UnlessRebuilding(r); err != nil {
		s.Fail(w, r, err)
		return
	}
	var all []dpomodel.Breach
	f := dpomodel.Filter{Limit: registerPageSize}
	for {
		page, err := s.deps.Register.Breaches(r.Context(), f)
		if err != nil {
			s.Fail(w, r, err)
			return
		}
		all = append(all, page...)
		if len(page) < f.Limit {
			break
		}
		last := page[len(page)-1]
		f.AfterDiscovered, f.AfterID = last.DiscoveredAt, last.ID
	}
	views, err := s.breachViews(r, all)
	if err != nil {
		s.Fail(w, r, err)
		return
	}
	lang := web.LangOf(r.Context())
	w.Header().Set("Content-Type", "text/csv; charset=utf-8")
	w.Header().Set("Content-Disposition", `attachment; filename="incidentregister.csv"`)
	out := csv.NewWriter(w)
	header := []string{"breach.col.reference", "breach.col.discovered", "breach.col.deadline", "breach.col.status",
		"breach.col.reported", "breach.field.imy_reference", "breach.field.severity", "breach.field.nature",
		"breach.field.subjects_approx", "breach.field.records_approx", "breach.col.subjects", "breach.field.summary"}
	for i, key := range header {
		header[i] = i18n.T(lang, key)
	}
	_ = out.Write(header)
	for _, b := range views {
		var natures []string
		for _, n := range b.Nature {
			natures = append(natures, i18n.T(lang, "breach.nature."+string(n)))
		}
		severity := ""
		if b.Severity != "" {
			severity = i18n.T(lang, "breach.severity."+string(b.Severity))
		}
		subjects := ""
		if b.Subjects != "" {
			subjects = i18n.T(lang, "breach.subjects."+b.Subjects)
		}
		_ = out.Write(cells(b.Reference, i18n.DateTime(b.DiscoveredAt), i18n.DateTime(b.Deadline), i18n.T(lang, "breach.status."+b.Status),
			stamp(b.ReportedAt), b.IMYReference, severity, strings.Join(natures, ", "), strconv.Itoa(b.SubjectsApprox),
			strconv.Itoa(b.RecordsApprox), subjects, b.Summary))
	}
	out.Flush()
}

// cells neutralises values a spreadsheet would run as a formula.
func cells(values ...string) []string {
	for i, v := range values {
		if v != "" && strings.ContainsRune("=+-@\t\r", rune(v[0])) {
			values[i] = "'" + v
		}
	}
	return values
}

// stamp is a moment as the CSV writes it; empty when there was none.
func stamp(t time.Time) string {
	if t.IsZero() {
		return ""
	}
	return i18n.DateTime(t)
}
