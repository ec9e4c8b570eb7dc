package admin

import (
	"net/http"

	"github.com/go-chi/chi/v5"

	commcmd "github.com/klient-crm/klient/commands/communication"
	"github.com/klient-crm/klient/domain/access"
	"github.com/klient-crm/klient/domain/communication"
	"github.com/klient-crm/klient/http/web"
)

// API is the letter templates' JSON API.
func (s *Handlers) API(r chi.Router) {
	s.Route(r, http.MethodGet, "/api/v1/letter-templates", access.TemplateManage, s.apiListLetterTemplates)
	s.Route(r, http.MethodPost, "/api/v1/letter-templates", access.TemplateManage, s.apiCreateLetterTemplate)
	s.Route(r, http.MethodPut, "/api/v1/letter-templates/{id}", access.TemplateManage, s.apiChangeLetterTemplate)
}

// LetterTemplateJSON is a letter template as the API shows it.
type LetterTemplateJSON struct {
	ID       string `json:"id"`
	Name     string `json:"name"`
	Subject  string `json:"subject"`
	Body     string `json:"body"`
	Revision uint64 `json:"revision"` // send it back with a change
}

// LetterTemplateRequest is a template's text; Revision is the one a
// change starts from, ID a new template's optional chosen UUID.
type LetterTemplateRequest struct {
	ID       string  `json:"id,omitempty"`
	Name     string  `json:"name"`
	Subject  string  `json:"subject"`
	Body     string  `json:"body"`
	Revision *uint64 `json:"revision,omitempty"`
}

// apiListLetterTemplates is GET /api/v1/letter-templates: the templates
// offered now, in the order they were made (tens: one page).
func (s *Handlers) apiListLetterTemplates(w http.ResponseWriter, r *http.Request) {
	all, _, err := s.deps.Letters.LoadLetterTemplates(r.Context())
	if err != nil {
		s.Fail(w, r, err)
		return
	}
	out := struct {
		Items []LetterTemplateJSON `json:"items"`
	}{Items: []LetterTemplateJSON{}}
	for _, t := range all.List() {
		if !t.Retired() {
			out.Items = append(out.Items, templateJSON(t))
		}
	}
	web.WriteJSON(w, http.StatusOK, out)
}

func templateJSON(t *communication.LetterTemplate) LetterTemplateJSON {
	x := t.Text()
	return LetterTemplateJSON{ID: t.ID(), Name: x.Name, Subject: x.Subject, Body: x.Body, Revision: t.Revision()}
}

// apiCreateLetterTemplate is POST /api/v1/letter-templates; a template
// with an unknown field or bad syntax is refused (422) with each problem
// and its line.
func (s *Handlers) apiCreateLetterTemplate(w http.ResponseWriter, r *http.Request) {
	var req LetterTemplateRequest
	if err := web.DecodeJSON(r, &req); err != nil {
		s.Fail(w, r, err)
		return
	}
	s.apiSaveLetterTemplate(w, r, http.StatusCreated, commcmd.SaveLetterTemplate{TemplateID: req.ID}, req)
}

// apiChangeLetterTemplate is PUT /api/v1/letter-templates/{id}, from the
// revision the client read (409 when it changed meanwhile).
func (s *Handlers) apiChangeLetterTemplate(w http.ResponseWriter, r *http.Request) {
	var req LetterTemplateRequest
	if err := web.DecodeJSON(r, &req); err != nil {
		s.Fail(w, r, err)
		return
	}
	if req.Revision == nil {
		s.Fail(w, r, web.BadRequest(web.ErrMalformed, "revision", "request.field.required", "revision is required"))
		return
	}
	s.apiSaveLetterTemplate(w, r, http.StatusOK,
		commcmd.SaveLetterTemplate{TemplateID: chi.URLParam(r, "id"), ExpectedRevision: req.Revision}, req)
}

func (s *Handlers) apiSaveLetterTemplate(w http.ResponseWriter, r *http.Request, status int, cmd commcmd.SaveLetterTemplate, req LetterTemplateRequest) {
	cmd.Actor = s.Actor(r)
	cmd.Text = communication.LetterTemplateText{Name: req.Name, Subject: req.Subject, Body: req.Body}
	res, err := s.deps.Letters.Save(r.Context(), cmd)
	var all *communication.LetterTemplates
	if err == nil {
		all, _, err = s.deps.Letters.LoadLetterTemplates(r.Context())
	}
	if err != nil {
		s.Fail(w, r, err)
		return
	}
	web.WriteJSON(w, status, templateJSON(all.Template(res.TemplateID)))
}
