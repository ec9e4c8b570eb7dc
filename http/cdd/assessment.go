package cdd

import (
	"net/http"
	"strconv"
	"strings"

	"github.com/go-chi/chi/v5"

	cddcmd "github.com/klient-crm/klient/commands/cdd"
	"github.com/klient-crm/klient/domain"
	domaincdd "github.com/klient-crm/klient/domain/cdd"
	"github.com/klient-crm/klient/http/web"
)

// assessmentPage is the AML officer's page of the firm's general risk
// assessment: the form of the next version (the one in force filled in,
// blank rows for new factors) and every version published.
type assessmentPage struct {
	Done          string
	Current       domaincdd.RiskAssessmentPublished
	StreamVersion string // "" before the first publication
	Rows          []factorRow
	NormalFrom    string
	HighFrom      string
	Summary       string
	Categories    []domaincdd.Category
	Form          web.FormState
	History       []assessmentVersion
}

// factorRow is one row of the form: a factor, or a blank for a new one.
type factorRow struct {
	N                             int
	Code, Category, Label, Weight string
}

// assessmentVersion is one published version as the history lists it.
type assessmentVersion struct {
	domaincdd.RiskAssessmentPublished
	By string // the publisher's name
}

// blankFactorRows are the empty rows below the factors in force: room for
// new factors without a script (a factor is removed by emptying its row).
const blankFactorRows = 3

// assessmentPageOf reads the page; posted is the refused form's values
// (nil: the version in force fills the form).
func (s *Handlers) assessmentPageOf(r *http.Request, posted map[string][]string) (assessmentPage, error) {
	p := assessmentPage{Done: assessmentDone[r.URL.Query().Get("done")], Categories: domaincdd.Categories}
	a, err := s.deps.Records.Assessment(r.Context())
	if err != nil {
		return p, err
	}
	p.Current = a.Current()
	if a.Exists() {
		p.StreamVersion = strconv.FormatUint(a.StreamVersion(), 10)
	}
	names, err := s.staffNames(r)
	if err != nil {
		return p, err
	}
	for _, v := range a.Versions() {
		p.History = append(p.History, assessmentVersion{RiskAssessmentPublished: v, By: names[v.PublishedBy]})
	}
	if posted != nil {
		codes, cats, labels, weights := posted["code"], posted["category"], posted["label"], posted["weight"]
		for i := range codes {
			p.Rows = append(p.Rows, factorRow{N: i + 1, Code: codes[i], Category: at(cats, i), Label: at(labels, i), Weight: at(weights, i)})
		}
		p.NormalFrom, p.HighFrom, p.Summary = at(posted["normal_from"], 0), at(posted["high_from"], 0), at(posted["summary"], 0)
		return p, nil
	}
	for i, f := range p.Current.Factors {
		p.Rows = append(p.Rows, factorRow{N: i + 1, Code: f.Code, Category: string(f.Category), Label: f.Label, Weight: strconv.Itoa(f.Weight)})
	}
	for range blankFactorRows {
		p.Rows = append(p.Rows, factorRow{N: len(p.Rows) + 1})
	}
	if a.Exists() {
		p.NormalFrom, p.HighFrom, p.Summary = strconv.Itoa(p.Current.NormalFrom), strconv.Itoa(p.Current.HighFrom), p.Current.Summary
	}
	return p, nil
}

var assessmentDone = map[string]string{"published": "cdd.assessment.published"}

// at is list's i-th value, "" past its end.
func at(list []string, i int) string {
	if i < len(list) {
		return list[i]
	}
	return ""
}

// staffNames names the firm's members by staff ID.
func (s *Handlers) staffNames(r *http.Request) (map[string]string, error) {
	members, err := s.ActiveStaff(r)
	if err != nil {
		return nil, err
	}
	return web.NamesOf(members), nil
}

// assessmentPageGet is GET /due-diligence/assessment.
func (s *Handlers) assessmentPageGet(w http.ResponseWriter, r *http.Request) {
	p, err := s.assessmentPageOf(r, nil)
	if err != nil {
		s.Fail(w, r, err)
		return
	}
	s.RenderPage(w, r, http.StatusOK, "cdd_assessment", p)
}

// assessmentPagePost is POST /due-diligence/assessment: the next version,
// whole, from the form. Blank rows are no factors; a refusal shows the
// form again as it was posted, with the messages, and writes nothing.
func (s *Handlers) assessmentPagePost(w http.ResponseWriter, r *http.Request) {
	if !s.ParseForm(w, r) {
		return
	}
	err := s.publishFromForm(r)
	if err == nil {
		http.Redirect(w, r, "/due-diligence/assessment?done=published", http.StatusSeeOther)
		return
	}
	form, status, ok := s.FailedForm(r, err, "/due-diligence/assessment")
	if !ok {
		s.Fail(w, r, err)
		return
	}
	p, perr := s.assessmentPageOf(r, r.PostForm)
	if perr != nil {
		s.Fail(w, r, perr)
		return
	}
	p.Form = form
	s.RenderPage(w, r, status, "cdd_assessment", p)
}

func (s *Handlers) publishFromForm(r *http.Request) error {
	f := r.PostForm
	cmd := cddcmd.PublishAssessment{Actor: s.Actor(r), New: f.Get("version") == "", Summary: f.Get("summary")}
	if !cmd.New {
		v, err := strconv.ParseUint(f.Get("version"), 10, 64)
		if err != nil {
			return domain.Invalid("version", "reload the page and try again").WithCode("request.version.required")
		}
		cmd.ExpectedVersion = v
	}
	var problems domain.Problems
	number := func(field, value, code string) int {
		n, err := strconv.Atoi(strings.TrimSpace(value))
		if err != nil {
			problems.Add(domain.Invalid(field, "write a whole number").WithCode(code))
		}
		return n
	}
	codes, cats, labels, weights := f["code"], f["category"], f["label"], f["weight"]
	for i, code := range codes {
		if strings.TrimSpace(code+at(labels, i)+at(weights, i)) == "" {
			continue
		}
		field := "factors[" + strconv.Itoa(len(cmd.Factors)) + "]"
		cmd.Factors = append(cmd.Factors, domaincdd.Factor{Code: strings.TrimSpace(code), Category: domaincdd.Category(at(cats, i)),
			Label: at(labels, i), Weight: number(field+".weight", at(weights, i), "cdd.assessment.weight")})
	}
	cmd.NormalFrom = number("normal_from", f.Get("normal_from"), "cdd.assessment.thresholds")
	cmd.HighFrom = number("high_from", f.Get("high_from"), "cdd.assessment.thresholds")
	if err := problems.Err(); err != nil {
		return err
	}
	_, err := s.deps.Publish.Handle(r.Context(), cmd)
	return err
}

// assessmentVersionPage is GET /due-diligence/assessment/versions/{n}:
// version n read whole. A version never published is not found.
func (s *Handlers) assessmentVersionPage(w http.ResponseWriter, r *http.Request) {
	v, by, err := s.assessmentVersion(r)
	if err != nil {
		s.Fail(w, r, err)
		return
	}
	s.RenderPage(w, r, http.StatusOK, "cdd_assessment_version", assessmentVersion{RiskAssessmentPublished: v, By: by})
}

// assessmentVersion is version {n} and its publisher's name.
func (s *Handlers) assessmentVersion(r *http.Request) (domaincdd.RiskAssessmentPublished, string, error) {
	notFound := domain.NotFound("the general risk assessment has no such version").WithCode("cdd.assessment.version_not_found")
	n, err := strconv.Atoi(chi.URLParam(r, "n"))
	if err != nil {
		return domaincdd.RiskAssessmentPublished{}, "", notFound
	}
	a, err := s.deps.Records.Assessment(r.Context())
	if err != nil {
		return domaincdd.RiskAssessmentPublished{}, "", err
	}
	for _, v := range a.Versions() {
		if v.Version == n {
			names, err := s.staffNames(r)
			return v, names[v.PublishedBy], err
		}
	}
	return domaincdd.RiskAssessmentPublished{}, "", notFound
}

// AssessmentVersionsJSON is every version of the general assessment, the
// newest first.
type AssessmentVersionsJSON struct {
	Items []AssessmentJSON `json:"items"`
}

// apiAssessmentVersions is GET /api/v1/due-diligence/assessment/versions.
func (s *Handlers) apiAssessmentVersions(w http.ResponseWriter, r *http.Request) {
	a, err := s.deps.Records.Assessment(r.Context())
	if err != nil {
		s.WriteProblem(w, r, err)
		return
	}
	out := AssessmentVersionsJSON{Items: []AssessmentJSON{}}
	for _, v := range a.Versions() {
		out.Items = append(out.Items, versionOut(v))
	}
	web.WriteJSON(w, http.StatusOK, out)
}

// versionOut is one published version's body (no stream version: only
// the one in force is published over).
func versionOut(v domaincdd.RiskAssessmentPublished) AssessmentJSON {
	out := AssessmentJSON{Version: v.Version, Factors: v.Factors, NormalFrom: v.NormalFrom, HighFrom: v.HighFrom, Summary: v.Summary,
		PublishedAt: stamp(v.PublishedAt), PublishedBy: v.PublishedBy}
	if out.Factors == nil {
		out.Factors = []domaincdd.Factor{}
	}
	return out
}
