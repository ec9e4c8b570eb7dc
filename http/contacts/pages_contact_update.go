package contacts

import (
	"cmp"
	"net/http"

	"github.com/go-chi/chi/v5"

	contactcmd "github.com/klient-crm/klient/commands/contact"
	"github.com/klient-crm/klient/commands/journal"
	"github.com/klient-crm/klient/domain"
	"github.com/klient-crm/klient/http/i18n"
	"github.com/klient-crm/klient/http/web"
)

// updateContact replaces the contact's details with the form's, refusing
// the change when someone else saved first (the hidden version is stale).
func (s *Handlers) updateContact(w http.ResponseWriter, r *http.Request) {
	in, err := parseInput(r)
	if err != nil {
		s.Fail(w, r, err)
		return
	}
	in.ID = chi.URLParam(r, "id")
	if err := s.editableBy(r, in.ID); err != nil {
		s.Fail(w, r, err)
		return
	}
	res, rows, err := s.change(r, in)
	if err != nil {
		s.formFailed(w, r, in, rows, err)
		return
	}
	s.AwaitContacts(r.Context(), res)
	http.Redirect(w, r, "/contacts/"+res.ContactID+"?done=saved", http.StatusSeeOther)
}

func (s *Handlers) change(r *http.Request, in contactInput) (contactcmd.Result, rowMap, error) {
	ctx, actor := r.Context(), s.Actor(r)
	version, ok := web.ParseVersion(in.Version)
	if !ok {
		return contactcmd.Result{}, nil, domain.Invalid("", "the form's version is not a number").WithCode("request.version.invalid")
	}
	switch in.Kind {
	case kindPerson:
		d, rows := in.personDetails()
		res, err := s.deps.Commands.ChangeDetails.HandlePerson(ctx, contactcmd.ChangePersonDetails{
			Actor: actor, ContactID: in.ID, ExpectedVersion: version, Details: d})
		return res, rows, err
	case kindOrganisation:
		d, rows := in.organisationDetails()
		res, err := s.deps.Commands.ChangeDetails.HandleOrganisation(ctx, contactcmd.ChangeOrganisationDetails{
			Actor: actor, ContactID: in.ID, ExpectedVersion: version, Details: d})
		return res, rows, err
	}
	return contactcmd.Result{}, nil, domain.Invalid("", "the kind must be person or organisation").WithCode("request.kind.invalid")
}

// archiveContact and reactivateContact take the version the contact page
// showed, so an archive never lands on a contact the person has not seen.
func (s *Handlers) archiveContact(w http.ResponseWriter, r *http.Request) {
	s.changeStatus(w, r, "archived", func(a journal.Actor, id string, v uint64) (contactcmd.Result, error) {
		return s.deps.Commands.Archive.Handle(r.Context(), contactcmd.ArchiveContact{Actor: a, ContactID: id, ExpectedVersion: v})
	})
}

func (s *Handlers) reactivateContact(w http.ResponseWriter, r *http.Request) {
	s.changeStatus(w, r, "reactivated", func(a journal.Actor, id string, v uint64) (contactcmd.Result, error) {
		return s.deps.Commands.Reactivate.Handle(r.Context(), contactcmd.ReactivateContact{Actor: a, ContactID: id, ExpectedVersion: v})
	})
}

// askArchive names the contact before it leaves the lists.
func (s *Handlers) askArchive(r *http.Request) (*web.Confirmation, error) {
	return s.contactQuestion(r, "confirm.contact.archive")
}

// contactQuestion is key's question about the contact the route names,
// read as the principal may see them (walled, restricted or unknown: the
// action's own 404); args come first, the contact's name last.
func (s *Handlers) contactQuestion(r *http.Request, key string, args ...any) (*web.Confirmation, error) {
	c, err := s.ReadContact(r, chi.URLParam(r, "id"))
	if err != nil {
		return nil, err
	}
	name := cmp.Or(c.DisplayName, i18n.T(web.LangOf(r.Context()), "contact.erased.name"))
	return &web.Confirmation{Question: key, Args: append(args, name), Consequence: key + ".consequence",
		Button: key + ".button", Back: "/contacts/" + c.ID, Subjects: []string{c.ID}}, nil
}

func (s *Handlers) changeStatus(w http.ResponseWriter, r *http.Request, done string,
	run func(journal.Actor, string, uint64) (contactcmd.Result, error)) {
	if err := r.ParseForm(); err != nil {
		s.Fail(w, r, web.FormError(err))
		return
	}
	version, ok := web.ParseVersion(r.PostForm.Get("version"))
	if !ok {
		s.Fail(w, r, web.BadRequest(web.ErrMalformed, "version", "request.version.invalid", "the version is not a number"))
		return
	}
	res, err := run(s.Actor(r), chi.URLParam(r, "id"), version)
	if err != nil {
		s.Fail(w, r, err)
		return
	}
	s.AwaitContacts(r.Context(), res)
	http.Redirect(w, r, "/contacts/"+res.ContactID+"?done="+done, http.StatusSeeOther)
}
