package requests

import (
	"net/http"
	"net/url"
	"strings"

	"github.com/go-chi/chi/v5"

	gdprcmd "github.com/klient-crm/klient/commands/gdpr"
	"github.com/klient-crm/klient/domain/work"
	"github.com/klient-crm/klient/http/i18n"
	"github.com/klient-crm/klient/http/web"
)

// requestStep is one action on a request page: the command it sends from
// the form, and the confirmation it shows once done.
type requestStep struct {
	done string
	send func(s *Handlers, r *http.Request, id string, version uint64, f url.Values) (gdprcmd.RequestResult, error)
}

var (
	verifyStep = requestStep{done: "verified", send: func(s *Handlers, r *http.Request, id string, v uint64, f url.Values) (gdprcmd.RequestResult, error) {
		return s.deps.Verify.Handle(r.Context(), gdprcmd.VerifyRequestIdentity{Actor: s.Actor(r),
			RequestID: id, ExpectedVersion: v, How: f.Get("how")})
	}}
	extendStep = requestStep{done: "extended", send: func(s *Handlers, r *http.Request, id string, v uint64, f url.Values) (gdprcmd.RequestResult, error) {
		var deadline work.Date
		if raw := strings.TrimSpace(f.Get("new_deadline")); raw != "" {
			var err error
			if deadline, err = work.ParseDate("new_deadline", raw); err != nil {
				return gdprcmd.RequestResult{}, err
			}
		}
		return s.deps.Extend.Handle(r.Context(), gdprcmd.ExtendRequestDeadline{Actor: s.Actor(r),
			RequestID: id, ExpectedVersion: v, NewDeadline: deadline, Reason: f.Get("reason")})
	}}
	completeStep = requestStep{done: "completed", send: func(s *Handlers, r *http.Request, id string, v uint64, f url.Values) (gdprcmd.RequestResult, error) {
		return s.deps.Complete.Handle(r.Context(), gdprcmd.CompleteRequest{Actor: s.Actor(r),
			RequestID: id, ExpectedVersion: v, Outcome: f.Get("outcome")})
	}}
	refuseStep = requestStep{done: "refused", send: func(s *Handlers, r *http.Request, id string, v uint64, f url.Values) (gdprcmd.RequestResult, error) {
		return s.deps.Refuse.Handle(r.Context(), gdprcmd.RefuseRequest{Actor: s.Actor(r),
			RequestID: id, ExpectedVersion: v, Ground: f.Get("ground")})
	}}
)

// askRequest asks before a step that cannot be taken back, about the
// request the route names (unknown or walled: the step's own 404): an
// answered or refused request stays closed, a deadline is extended only
// once, and an erasure destroys the person's key.
func (s *Handlers) askRequest(key string) web.Asker {
	return func(r *http.Request) (*web.Confirmation, error) {
		page, err := s.requestView(r, chi.URLParam(r, "id"))
		if err != nil {
			return nil, err
		}
		lang := web.LangOf(r.Context())
		person := page.Person.Name
		if page.Person.Erased || person == "" {
			person = i18n.T(lang, "dsr.person.erased")
		}
		return &web.Confirmation{Question: key, Args: []any{i18n.T(lang, "dsr.right."+string(page.Kind)), person},
			Consequence: key + ".consequence", Button: key + ".button", Back: "/gdpr/requests/" + page.RequestID}, nil
	}
}

// requestAction is the handler of step: it reads the request first (an
// unknown one, or one about a walled person, is not found), sends the
// command from the version the page showed, and shows the request again,
// with the refusal beside the form when there is one.
func (s *Handlers) requestAction(step requestStep) http.HandlerFunc {
	return func(w http.ResponseWriter, r *http.Request) {
		if !s.ParseForm(w, r) {
			return
		}
		id := chi.URLParam(r, "id")
		page, err := s.requestView(r, id)
		if err != nil {
			s.Fail(w, r, err)
			return
		}
		version, err := web.VersionOf(r.PostForm)
		var res gdprcmd.RequestResult
		if err == nil {
			res, err = step.send(s, r, page.RequestID, version, r.PostForm)
		}
		if err != nil {
			s.showRequestFailure(w, r, page, err)
			return
		}
		s.Await(r.Context(), requestRegisterProjector, res.Position)
		http.Redirect(w, r, "/gdpr/requests/"+page.RequestID+"?done="+step.done, http.StatusSeeOther)
	}
}

// showRequestFailure shows the request page again with err explained, or
// the error page for an error no form can show.
func (s *Handlers) showRequestFailure(w http.ResponseWriter, r *http.Request, page requestPage, err error) {
	form, status, ok := s.FailedForm(r, err, "/gdpr/requests/"+page.RequestID)
	if !ok {
		s.Fail(w, r, err)
		return
	}
	page.Form = form
	s.RenderPage(w, r, status, "gdpr_request", page)
}
