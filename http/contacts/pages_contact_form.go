package contacts

import (
	"github.com/go-chi/chi/v5"

	"net/http"

	"github.com/google/uuid"

	contactcmd "github.com/klient-crm/klient/commands/contact"
	"github.com/klient-crm/klient/domain"
	"github.com/klient-crm/klient/http/i18n"
	"github.com/klient-crm/klient/http/web"
)

// newContact shows the empty form. It carries a fresh contact ID, so sending
// the same form twice (a double click, a resent POST) registers one contact.
func (s *Handlers) newContact(w http.ResponseWriter, r *http.Request) {
	kind := kindPerson
	if r.URL.Query().Get("kind") == kindOrganisation {
		kind = kindOrganisation
	}
	in := newInput(kind)
	in.ID = uuid.Must(uuid.NewV7()).String()
	s.RenderPage(w, r, http.StatusOK, "contact_form", buildFormPage(in, nil, ""))
}

// createContact registers the contact the form describes, waits until the
// read model shows it and sends the browser to its page.
func (s *Handlers) createContact(w http.ResponseWriter, r *http.Request) {
	in, err := parseInput(r)
	if err != nil {
		s.Fail(w, r, err)
		return
	}
	in.ID = r.PostForm.Get("contact_id")
	if err := s.unclaimedHolder(r, in.ID, in.Kind, first(in.personDetails()), first(in.organisationDetails())); err != nil {
		s.formFailed(w, r, in, nil, err)
		return
	}
	if r.PostForm.Get("create_anyway") != "1" {
		found, err := s.likelyDuplicates(r, in.ID, in.Kind, first(in.personDetails()), first(in.organisationDetails()))
		if err != nil {
			s.Fail(w, r, err)
			return
		}
		if len(found) > 0 {
			page := buildFormPage(in, nil, "")
			page.Duplicates = duplicateViews(found, web.LangOf(r.Context()))
			s.RenderPage(w, r, http.StatusConflict, "contact_form", page)
			return
		}
	}
	res, rows, err := s.register(r, in)
	if err != nil {
		s.formFailed(w, r, in, rows, err)
		return
	}
	s.AwaitContacts(r.Context(), res)
	http.Redirect(w, r, "/contacts/"+res.ContactID+"?done=created", http.StatusSeeOther)
}

func (s *Handlers) register(r *http.Request, in contactInput) (contactcmd.Result, rowMap, error) {
	ctx, actor := r.Context(), s.Actor(r)
	switch in.Kind {
	case kindPerson:
		d, rows := in.personDetails()
		res, err := s.deps.Commands.RegisterPerson.Handle(ctx, contactcmd.RegisterPerson{Actor: actor, ContactID: in.ID, Details: d})
		return res, rows, err
	case kindOrganisation:
		d, rows := in.organisationDetails()
		res, err := s.deps.Commands.RegisterOrganisation.Handle(ctx, contactcmd.RegisterOrganisation{Actor: actor, ContactID: in.ID, Details: d})
		return res, rows, err
	}
	return contactcmd.Result{}, nil, domain.Invalid("kind", "the kind must be person or organisation").WithCode("request.kind.invalid")
}

// formFailed shows the form again as it was sent, each message next to its
// field; a lost race says so and offers a reload. Other failures get the
// error page.
func (s *Handlers) formFailed(w http.ResponseWriter, r *http.Request, in contactInput, rows rowMap, err error) {
	if !web.IsFormError(err) {
		s.Fail(w, r, err)
		return
	}
	p := s.ProblemFor(r, err)
	msgs, summary := formMessages(p, rows)
	page := buildFormPage(in, msgs, summary)
	page.Stale = isStale(err)
	switch {
	case page.Stale:
		page.Summary = ""
	case web.HasCode(err, numberTakenCode):
		// The number is registered: mark the field, and lead to the
		// contact that holds it when the person may see it.
		page.Summary = ""
		msgs[numberFieldOf(in.Kind)] = p.Detail
		page = buildFormPage(in, msgs, "")
		if existing, ok := s.numberHolder(r, err); ok {
			page.Existing = &duplicateView{ID: existing.ID, Name: existing.DisplayName}
		}
	case web.HasCode(err, "contact.id.taken"):
		// The same new-contact form was sent before with other details
		// (back button, edit, send): say so in the form's own terms.
		page.Summary = i18n.T(web.LangOf(r.Context()), "contact.form.resent")
	}
	s.RenderPage(w, r, p.Status, "contact_form", page)
}

// editContact shows the form filled from the read model, with the version
// the edit starts from in a hidden field.
//
// A contact with marked special categories is edited only by those who
// may read them (editableBy), and shown whole to them: the form is for
// rectifying, its route in the access log says so.
func (s *Handlers) editContact(w http.ResponseWriter, r *http.Request) {
	c, err := s.ReadContact(r, chi.URLParam(r, "id"))
	if err == nil {
		err = s.editableBy(r, c.ID)
	}
	if err == nil {
		err = s.RecordView(r, web.ContactSubjects(c))
	}
	if err != nil {
		s.Fail(w, r, err)
		return
	}
	s.RenderPage(w, r, http.StatusOK, "contact_form", buildFormPage(inputOf(c), nil, ""))
}
