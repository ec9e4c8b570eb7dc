package admin

import (
	"net/http"
	"net/url"

	"github.com/go-chi/chi/v5"

	workcmd "github.com/klient-crm/klient/commands/work"
	"github.com/klient-crm/klient/domain"
	"github.com/klient-crm/klient/domain/access"
	"github.com/klient-crm/klient/domain/work"
	"github.com/klient-crm/klient/http/web"
)

// templatesPage lists the practice areas and whether each has a workflow
// template.
type templatesPage struct {
	Areas []templateArea
}

// templatePage is one practice area's template form.
type templatePage struct {
	Area          string
	Slug          string
	Version       uint64
	Exists        bool
	Tasks         []templateTaskRow
	Deadlines     []templateDeadlineRow
	Teams         []string
	Roles         []access.Role
	Priorities    []work.Priority
	DeadlineKinds []work.DeadlineKind
	Errors        web.FieldMessages
	Summary       string
	Stale         bool
	Done          bool
}

// listTemplates shows every practice area with its template's size.
func (s *Handlers) listTemplates(w http.ResponseWriter, r *http.Request) {
	var page templatesPage
	for _, area := range s.deps.PracticeAreas() {
		t, _, found, err := s.deps.Templates.Template(r.Context(), area)
		if err != nil && !domain.IsKind(err, domain.KindInvalid) {
			s.Fail(w, r, err)
			return
		}
		page.Areas = append(page.Areas, templateArea{Name: area, Slug: url.PathEscape(area), HasTemplate: found,
			Tasks: len(t.Tasks), Deadlines: len(t.Deadlines)})
	}
	s.RenderPage(w, r, http.StatusOK, "workflow_templates", page)
}

// editTemplate shows a practice area's template as a form, with blank
// rows for new items.
func (s *Handlers) editTemplate(w http.ResponseWriter, r *http.Request) {
	area, ok := s.templateArea(w, r)
	if !ok {
		return
	}
	t, version, found, err := s.deps.Templates.Template(r.Context(), area)
	if err != nil {
		s.Fail(w, r, err)
		return
	}
	page := templatePage{Area: area, Version: version, Exists: found, Done: r.URL.Query().Get("done") == "saved"}
	page.Tasks, page.Deadlines = templateRows(t)
	s.showTemplate(w, r, http.StatusOK, page)
}

// saveTemplate defines the area's template, or changes it from the
// version the form showed; matters opened before keep what they got.
func (s *Handlers) saveTemplate(w http.ResponseWriter, r *http.Request) {
	area, ok := s.templateArea(w, r)
	if !ok || !s.ParseForm(w, r) {
		return
	}
	f := r.PostForm
	t, tasks, deadlines, err := postedTemplate(area, f)
	page := templatePage{Area: area, Exists: f.Get("exists") == "true", Tasks: tasks, Deadlines: deadlines}
	if err == nil {
		page.Version, err = web.VersionOf(f)
	}
	if err == nil {
		_, err = s.writeTemplate(r, page, t)
	}
	if err != nil {
		s.templateFailed(w, r, page, err)
		return
	}
	http.Redirect(w, r, "/admin/templates/"+url.PathEscape(area)+"?done=saved", http.StatusSeeOther)
}

func (s *Handlers) writeTemplate(r *http.Request, page templatePage, t work.Template) (workcmd.WorkResult, error) {
	actor := s.Actor(r)
	if !page.Exists {
		return s.deps.Templates.HandleDefine(r.Context(), workcmd.DefineWorkflowTemplate{Actor: actor, Template: t})
	}
	return s.deps.Templates.HandleChange(r.Context(), workcmd.ChangeWorkflowTemplate{Actor: actor,
		ExpectedVersion: page.Version, Template: t})
}

// templateFailed shows the form again with what was sent and why it was
// refused, or the error page for what no form can explain.
func (s *Handlers) templateFailed(w http.ResponseWriter, r *http.Request, page templatePage, err error) {
	if !web.IsFormError(err) {
		s.Fail(w, r, err)
		return
	}
	var status int
	page.Errors, page.Summary, status = s.FormFailure(r, err)
	page.Stale = web.ChangedMeanwhile(err)
	rowErrors(page.Errors, page.Tasks, page.Deadlines)
	s.showTemplate(w, r, status, page)
}

func (s *Handlers) showTemplate(w http.ResponseWriter, r *http.Request, status int, page templatePage) {
	teams, err := s.Shared().Staff.Teams(r.Context())
	if err != nil {
		s.Fail(w, r, err)
		return
	}
	page.Slug, page.Teams = url.PathEscape(page.Area), teams
	page.Roles = []access.Role{access.RoleLawyer, access.RoleAssistant}
	page.Priorities, page.DeadlineKinds = work.Priorities, work.DeadlineKinds
	s.RenderPage(w, r, status, "workflow_template", page)
}

// templateArea is the practice area the URL names; only the firm's own
// areas have templates, so any other answers 404.
func (s *Handlers) templateArea(w http.ResponseWriter, r *http.Request) (string, bool) {
	area, err := url.PathUnescape(chi.URLParam(r, "area"))
	if err != nil {
		area = ""
	}
	for _, a := range s.deps.PracticeAreas() {
		if a == area {
			return a, true
		}
	}
	s.Fail(w, r, domain.NotFound("there is no such practice area").WithCode("work.template.area.unknown"))
	return "", false
}
