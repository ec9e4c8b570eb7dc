package admin

import (
	"context"
	"net/http"
	"net/url"

	"github.com/go-chi/chi/v5"
	"github.com/google/uuid"

	commcmd "github.com/klient-crm/klient/commands/communication"
	"github.com/klient-crm/klient/commands/journal"
	"github.com/klient-crm/klient/domain"
	"github.com/klient-crm/klient/domain/communication"
	"github.com/klient-crm/klient/http/web"
)

// LetterTemplates is *commcmd.LetterTemplates with
// (*commcmd.Communications).LoadLetterTemplates: the firm's letter
// templates, written and read in their one stream.
type LetterTemplates interface {
	Save(ctx context.Context, cmd commcmd.SaveLetterTemplate) (commcmd.TemplateResult, error)
	Retire(ctx context.Context, cmd commcmd.RetireLetterTemplate) (commcmd.TemplateResult, error)
	LoadLetterTemplates(ctx context.Context) (*communication.LetterTemplates, journal.Span, error)
}

// letterTemplatesPage lists the letter templates.
type letterTemplatesPage struct {
	Templates []*communication.LetterTemplate
	Done      string
}

// letterTemplatePage is one template's form, with every problem of a
// refused save (a template can have one per line) and the merge fields.
type letterTemplatePage struct {
	ID       string // empty: a new template
	Revision uint64
	Form     web.FormState
	Problems map[string][]string // field → every message
	Fields   []string
	Done     bool
}

// listLetterTemplates serves GET /admin/letters.
func (s *Handlers) listLetterTemplates(w http.ResponseWriter, r *http.Request) {
	all, _, err := s.deps.Letters.LoadLetterTemplates(r.Context())
	if err != nil {
		s.Fail(w, r, err)
		return
	}
	page := letterTemplatesPage{Done: map[string]string{"retired": "letters.admin.retired"}[r.URL.Query().Get("done")]}
	for _, t := range all.List() {
		if !t.Retired() {
			page.Templates = append(page.Templates, t)
		}
	}
	s.RenderPage(w, r, http.StatusOK, "letter_templates", page)
}

// newLetterTemplate serves GET /admin/letters/new: an empty form with a
// fresh ID, so a resent form saves once.
func (s *Handlers) newLetterTemplate(w http.ResponseWriter, r *http.Request) {
	s.showLetterTemplate(w, r, http.StatusOK, letterTemplatePage{
		Form: web.FormState{Values: url.Values{"template_id": {uuid.Must(uuid.NewV7()).String()}}}})
}

// editLetterTemplate serves GET /admin/letters/{id}.
func (s *Handlers) editLetterTemplate(w http.ResponseWriter, r *http.Request) {
	t, err := s.letterTemplate(r)
	if err != nil {
		s.Fail(w, r, err)
		return
	}
	text := t.Text()
	s.showLetterTemplate(w, r, http.StatusOK, letterTemplatePage{ID: t.ID(), Revision: t.Revision(),
		Done: r.URL.Query().Get("done") == "saved",
		Form: web.FormState{Values: url.Values{"name": {text.Name}, "subject": {text.Subject}, "body": {text.Body}}}})
}

// letterTemplate is the live template the path names, else not found.
func (s *Handlers) letterTemplate(r *http.Request) (*communication.LetterTemplate, error) {
	all, _, err := s.deps.Letters.LoadLetterTemplates(r.Context())
	if err != nil {
		return nil, err
	}
	t := all.Template(journal.CanonicalID(chi.URLParam(r, "id")))
	if !t.Exists() || t.Retired() {
		return nil, domain.NotFound("there is no such template").WithCode("letter.template.not_found")
	}
	return t, nil
}

// createLetterTemplate serves POST /admin/letters.
func (s *Handlers) createLetterTemplate(w http.ResponseWriter, r *http.Request) {
	if !s.ParseForm(w, r) {
		return
	}
	s.saveLetterTemplate(w, r, letterTemplatePage{}, commcmd.SaveLetterTemplate{TemplateID: r.PostForm.Get("template_id")})
}

// changeLetterTemplate serves POST /admin/letters/{id}: the change from
// the revision the form showed.
func (s *Handlers) changeLetterTemplate(w http.ResponseWriter, r *http.Request) {
	if !s.ParseForm(w, r) {
		return
	}
	id := chi.URLParam(r, "id")
	rev, err := web.VersionOf(url.Values{"version": {r.PostForm.Get("revision")}})
	if err != nil {
		s.Fail(w, r, err)
		return
	}
	s.saveLetterTemplate(w, r, letterTemplatePage{ID: id, Revision: rev},
		commcmd.SaveLetterTemplate{TemplateID: id, ExpectedRevision: &rev})
}

func (s *Handlers) saveLetterTemplate(w http.ResponseWriter, r *http.Request, page letterTemplatePage, cmd commcmd.SaveLetterTemplate) {
	f := r.PostForm
	cmd.Actor = s.Actor(r)
	cmd.Text = communication.LetterTemplateText{Name: f.Get("name"), Subject: f.Get("subject"), Body: f.Get("body")}
	res, err := s.deps.Letters.Save(r.Context(), cmd)
	if err != nil {
		reload := "/admin/letters/new"
		if page.ID != "" {
			reload = "/admin/letters/" + page.ID
		}
		form, status, ok := s.FailedForm(r, err, reload)
		if !ok {
			s.Fail(w, r, err)
			return
		}
		page.Form, page.Problems = form, map[string][]string{}
		for _, e := range s.ProblemFor(r, err).Errors {
			page.Problems[e.Field] = append(page.Problems[e.Field], e.Message)
		}
		s.showLetterTemplate(w, r, status, page)
		return
	}
	http.Redirect(w, r, "/admin/letters/"+res.TemplateID+"?done=saved", http.StatusSeeOther)
}

func (s *Handlers) showLetterTemplate(w http.ResponseWriter, r *http.Request, status int, page letterTemplatePage) {
	page.Fields = communication.MergeFields
	s.RenderPage(w, r, status, "letter_template", page)
}

// retireLetterTemplate serves POST /admin/letters/{id}/retire, asked
// first: letters sent with it keep their text.
func (s *Handlers) retireLetterTemplate(w http.ResponseWriter, r *http.Request) {
	_, err := s.deps.Letters.Retire(r.Context(), commcmd.RetireLetterTemplate{Actor: s.Actor(r), TemplateID: chi.URLParam(r, "id")})
	if err != nil {
		s.Fail(w, r, err)
		return
	}
	http.Redirect(w, r, "/admin/letters?done=retired", http.StatusSeeOther)
}

// askRetireLetterTemplate words the question with the template's name,
// read as the action reads it (an unknown one answers 404, no question).
func (s *Handlers) askRetireLetterTemplate(r *http.Request) (*web.Confirmation, error) {
	t, err := s.letterTemplate(r)
	if err != nil {
		return nil, err
	}
	return &web.Confirmation{Question: "confirm.letter_template.retire", Args: []any{t.Text().Name},
		Consequence: "confirm.letter_template.retire.consequence", Button: "confirm.letter_template.retire.button",
		Back: "/admin/letters/" + t.ID()}, nil
}
