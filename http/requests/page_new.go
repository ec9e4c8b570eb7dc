package requests

import (
	"errors"
	"net/http"
	"net/url"
	"strings"
	"time"

	"github.com/google/uuid"

	gdprcmd "github.com/klient-crm/klient/commands/gdpr"
	"github.com/klient-crm/klient/domain"
	"github.com/klient-crm/klient/domain/gdpr"
	"github.com/klient-crm/klient/domain/work"
	"github.com/klient-crm/klient/http/web"
	"github.com/klient-crm/klient/projections/contacts"
)

// newRequestPage is the view of the form that registers a request: who
// asked (found by a search inside the form, a POST, so no name reaches a
// URL), which right, when and how it came, and how identity was checked.
type newRequestPage struct {
	Form       web.FormState
	Rights     []gdpr.RequestKind
	Channels   []gdpr.Channel
	Candidates []web.ContactRef
	Searched   bool
}

// newRequest shows the empty form with a fresh request ID (a resent form
// registers one request) and today as the day of receipt; ?subject=
// chooses the person when the link came from their contact page.
func (s *Handlers) newRequest(w http.ResponseWriter, r *http.Request) {
	f := url.Values{"request_id": {uuid.Must(uuid.NewV7()).String()}, "received_at": {work.DateOf(time.Now()).String()}}
	if id := r.URL.Query().Get("subject"); isContactID(id) {
		f.Set("subject_id", id)
	}
	s.showNewRequest(w, r, http.StatusOK, newRequestPage{Form: web.FormState{Values: f}})
}

// searchRequestSubject shows the form again with the people its search
// finds.
func (s *Handlers) searchRequestSubject(w http.ResponseWriter, r *http.Request) {
	if !s.ParseForm(w, r) {
		return
	}
	page := newRequestPage{Form: web.FormState{Values: r.PostForm}, Searched: true}
	found, err := s.searchSubjects(r, r.PostForm.Get("subject_q"))
	if err != nil {
		s.Fail(w, r, err)
		return
	}
	page.Candidates = found
	s.showNewRequest(w, r, http.StatusOK, page)
}

// searchSubjects finds people through the walls, restricted ones
// included: a restricted person may still make a request (to have the
// restriction lifted, for one), and only the DPO sees them.
func (s *Handlers) searchSubjects(r *http.Request, q string) ([]web.ContactRef, error) {
	dir, err := s.Contacts(r)
	if err != nil || strings.TrimSpace(q) == "" {
		return nil, err
	}
	found, err := dir.Search(r.Context(), strings.TrimSpace(q), contacts.Options{Limit: 20, IncludeRestricted: true})
	refs := make([]web.ContactRef, len(found))
	for i, c := range found {
		refs[i] = web.ContactRef{ID: c.ID, Name: c.DisplayName, Erased: c.Erased}
	}
	return refs, err
}

// registerRequest registers the request and, when the form says how the
// requester's identity was checked, records that too. Everything is
// checked before the first write, so a refusal writes nothing.
func (s *Handlers) registerRequest(w http.ResponseWriter, r *http.Request) {
	if !s.ParseForm(w, r) {
		return
	}
	res, err := s.receive(r, r.PostForm)
	if err != nil {
		page := newRequestPage{}
		var status int
		var ok bool
		if page.Form, status, ok = s.FailedForm(r, err, "/gdpr/requests/new"); !ok {
			s.Fail(w, r, err)
			return
		}
		s.showNewRequest(w, r, status, page)
		return
	}
	s.Await(r.Context(), requestRegisterProjector, res.Position)
	http.Redirect(w, r, "/gdpr/requests/"+res.RequestID+"?done=registered", http.StatusSeeOther)
}

// receive checks the form, registers the request and verifies it when
// the form says how.
func (s *Handlers) receive(r *http.Request, f url.Values) (gdprcmd.RequestResult, error) {
	hidden, err := s.Hidden(r)
	if err != nil {
		return gdprcmd.RequestResult{}, err
	}
	at, atErr := receivedAt(f.Get("received_at"), time.Now())
	how, howErr := identityCheck(f.Get("how"))
	subject := strings.TrimSpace(f.Get("subject_id"))
	var who error
	switch {
	case subject == "":
		who = domain.Invalid("subject_id", "choose the person who asked").WithCode("dsr.subject.required")
	case hidden.Has(subject) || !isContactID(subject):
		who = domain.Invalid("subject_id", "there is no such contact").WithCode("gdpr.subject.not_found")
	}
	if err := errors.Join(atErr, howErr, who); err != nil {
		return gdprcmd.RequestResult{}, err
	}
	actor := s.Actor(r)
	res, err := s.deps.Receive.Handle(r.Context(), gdprcmd.ReceiveRequest{Actor: actor,
		RequestID: f.Get("request_id"), SubjectID: subject, Kind: gdpr.RequestKind(f.Get("kind")), ReceivedAt: at,
		Channel: gdpr.Channel(f.Get("channel")), RequesterNote: f.Get("requester_note")})
	if err != nil || how == "" {
		return res, err
	}
	return s.deps.Verify.Handle(r.Context(), gdprcmd.VerifyRequestIdentity{Actor: actor,
		RequestID: res.RequestID, ExpectedVersion: res.Version, How: how})
}

// showNewRequest fills the form's choices, names the chosen person and
// logs the people it shows.
func (s *Handlers) showNewRequest(w http.ResponseWriter, r *http.Request, status int, page newRequestPage) {
	if chosen := page.Form.Get("subject_id"); chosen != "" && !isContactID(chosen) {
		page.Form.Values.Del("subject_id") // names nobody: nothing to look up
	} else if chosen != "" && !web.ContainsRef(page.Candidates, chosen) {
		refs, err := s.people(r, []string{chosen})
		if err != nil {
			s.Fail(w, r, err)
			return
		}
		page.Candidates = append([]web.ContactRef{refs[chosen]}, page.Candidates...)
	}
	if err := s.RecordView(r, web.Shown(page.Candidates)); err != nil {
		s.Fail(w, r, err)
		return
	}
	page.Rights, page.Channels = gdpr.RequestKinds, gdpr.Channels
	s.RenderPage(w, r, status, "gdpr_request_new", page)
}

// isContactID reports whether id can be a contact's ID (a UUID). Anything
// else names nobody, and is never looked up: a NUL byte or bytes that are
// no UTF-8 would make PostgreSQL refuse the query (SQLSTATE 22021).
func isContactID(id string) bool {
	_, err := uuid.Parse(id)
	return err == nil
}
