package contacts

import (
	"io"
	"net/http"
	"strconv"

	"github.com/go-chi/chi/v5"

	"github.com/klient-crm/klient/domain/gdpr"
	"github.com/klient-crm/klient/http/i18n"
	"github.com/klient-crm/klient/http/web"
	"github.com/klient-crm/klient/internal/contactimport"
)

// importPage is the one page of an import: the upload form; then the
// file's preview, its mapping, the dry run with a choice per row that
// needs one, and the lawful basis; then the run's progress and counts.
type importPage struct {
	Job      *ImportPlanJSON
	Fields   []contactimport.Field
	Bases    []gdpr.Basis
	Purposes gdpr.Purposes
	Form     map[string]string // what was sent, shown again after a refusal
	Problem  string
	Messages []string
	Refresh  bool // the run is going on: the page reloads itself
	Percent  int
}

// importForm is GET /contacts/import: the upload form.
func (s *Handlers) importForm(w http.ResponseWriter, r *http.Request) {
	s.RenderPage(w, r, http.StatusOK, "contact_import", s.importView(nil, nil))
}

func (s *Handlers) importView(job *importJob, lang *i18n.Lang) importPage {
	v := importPage{Fields: contactimport.Fields, Bases: gdpr.Bases, Purposes: s.deps.Privacy.Purposes, Form: map[string]string{}}
	if job != nil && lang != nil {
		j := planJSON(*lang, job)
		v.Job = &j
		if run := j.Run; run != nil {
			v.Refresh = run.State == "running"
			if run.Total > 0 {
				v.Percent = run.Done * 100 / run.Total
			}
		}
	}
	return v
}

// uploadImport is POST /contacts/import: the file is read and planned
// with the mapping its column names suggest, then shown.
func (s *Handlers) uploadImport(w http.ResponseWriter, r *http.Request) {
	_, name, data, err := s.readImportUpload(r)
	var job *importJob
	if err == nil {
		job, err = s.newJob(r, name, data, "")
	}
	if err != nil {
		_, _ = io.Copy(io.Discard, r.Body) // the browser, still sending, gets the answer
		s.importRefused(w, r, nil, err, nil)
		return
	}
	s.imports.add(job)
	http.Redirect(w, r, "/contacts/import/"+job.id, http.StatusSeeOther)
}

// showImport is GET /contacts/import/{id}.
func (s *Handlers) showImport(w http.ResponseWriter, r *http.Request) {
	job, err := s.imports.get(chi.URLParam(r, "id"), s.Actor(r).ID)
	if err == nil {
		err = s.recordMatches(r, job)
	}
	if err != nil {
		s.Fail(w, r, err)
		return
	}
	lang := web.LangOf(r.Context())
	s.RenderPage(w, r, http.StatusOK, "contact_import", s.importView(job, &lang))
}

// remapImport is POST /contacts/import/{id}/mapping: the dry run again
// under the columns' new fields (col0, col1, …).
func (s *Handlers) remapImport(w http.ResponseWriter, r *http.Request) {
	job, err := s.imports.get(chi.URLParam(r, "id"), s.Actor(r).ID)
	if err != nil {
		s.Fail(w, r, err)
		return
	}
	if err := r.ParseForm(); err != nil {
		s.Fail(w, r, web.FormError(err))
		return
	}
	job.mu.Lock()
	busy := job.started
	m := make(contactimport.Mapping, len(job.table.Header))
	for i := range m {
		m[i], _ = contactimport.ParseField(r.PostForm.Get("col" + strconv.Itoa(i)))
	}
	old := job.mapping
	job.mapping = m
	if !busy {
		err = s.dryRun(r, job)
	}
	if err != nil {
		job.mapping = old
	}
	job.mu.Unlock()
	if err != nil {
		s.importRefused(w, r, job, err, nil)
		return
	}
	http.Redirect(w, r, "/contacts/import/"+job.id, http.StatusSeeOther)
}

// runImport is POST /contacts/import/{id}/run: the lawful basis, and a
// decision (row-LINE) for each row that offers a choice; then the page
// follows the run.
func (s *Handlers) runImport(w http.ResponseWriter, r *http.Request) {
	job, err := s.imports.get(chi.URLParam(r, "id"), s.Actor(r).ID)
	if err != nil {
		s.Fail(w, r, err)
		return
	}
	if err := r.ParseForm(); err != nil {
		s.Fail(w, r, web.FormError(err))
		return
	}
	form := map[string]string{"basis": r.PostForm.Get("basis"), "purpose": r.PostForm.Get("purpose"), "note": r.PostForm.Get("note")}
	b := batchOf(form)
	b.Decisions = map[int]contactimport.Decision{}
	job.mu.Lock()
	for _, row := range job.plan.Rows {
		if d, ok := contactimport.ParseDecision(r.PostForm.Get("row-" + strconv.Itoa(row.Line))); ok {
			b.Decisions[row.Line] = d
		}
	}
	job.mu.Unlock()
	if err := s.start(s.Actor(r), job, b); err != nil {
		s.importRefused(w, r, job, err, form)
		return
	}
	http.Redirect(w, r, "/contacts/import/"+job.id, http.StatusSeeOther)
}

// importRefused shows the page again with what was wrong, in words.
func (s *Handlers) importRefused(w http.ResponseWriter, r *http.Request, job *importJob, err error, form map[string]string) {
	if !web.IsFormError(err) {
		s.Fail(w, r, err)
		return
	}
	lang := web.LangOf(r.Context())
	v := s.importView(job, &lang)
	if form != nil {
		v.Form = form
	}
	p := s.ProblemFor(r, err)
	v.Problem = p.Detail
	for _, e := range p.Errors {
		v.Messages = append(v.Messages, e.Message)
	}
	s.RenderPage(w, r, p.Status, "contact_import", v)
}
