package contacts

import (
	"cmp"
	"net/http"
	"net/url"
	"slices"
	"strings"

	"github.com/go-chi/chi/v5"

	contactcmd "github.com/klient-crm/klient/commands/contact"
	"github.com/klient-crm/klient/domain"
	"github.com/klient-crm/klient/domain/contact"
	"github.com/klient-crm/klient/http/i18n"
	"github.com/klient-crm/klient/http/web"
	"github.com/klient-crm/klient/projections/contacts"
)

// The merge on the pages (issue 14). From the review of duplicates, or
// from a contact's page (its likely duplicates, or a name searched for in
// a form, never in the URL), the person opens the two contacts side by
// side (/contacts/{id}/merge?with=…), chooses which one is kept and, field
// by field, whose details it keeps (for e-mails, phones and addresses
// also both), and is asked a question naming both people (web.Confirm)
// before the irreversible merge. The same command as the API's runs it
// (contact_merge.go). In the form "a" is the contact of the route and "b"
// the other, whichever is kept.

// mergeChoice is one field of the comparison: each contact's value as
// lines, and which the form picks.
type mergeChoice struct {
	Name  string // form field pick_<Name>
	Label string // catalogue key
	A, B  []string
	Pick  string // "a", "b" or "both"
	List  bool   // a list: "both" is offered
}

// mergePage is the merge page: the candidates while the other contact is
// not chosen, the comparison once it is.
type mergePage struct {
	A          contacts.Contact
	B          *contacts.Contact
	IsPerson   bool
	Keep       string // "a" or "b"
	Choices    []mergeChoice
	Protected  bool // either is a protected identity: kept so, and the addresses are shown under the warning
	Candidates []duplicateView
	Query      string
	Searched   bool
	Form       web.FormState
}

// showMerge is GET /contacts/{id}/merge: the likely duplicates of the
// contact to choose from, or (?with=) the two side by side.
func (s *Handlers) showMerge(w http.ResponseWriter, r *http.Request) {
	a, err := s.ReadContact(r, chi.URLParam(r, "id"))
	if err != nil {
		s.Fail(w, r, err)
		return
	}
	with := r.URL.Query().Get("with")
	if with == "" {
		s.mergeCandidates(w, r, a, "", false)
		return
	}
	b, err := s.mergePartner(r, a, with)
	if err != nil {
		s.Fail(w, r, err)
		return
	}
	s.renderMerge(w, r, http.StatusOK, a, b, nil, web.FormState{})
}

// findMerge is POST /contacts/{id}/merge/find: the contacts of the same
// kind whose names match what was typed, to merge with.
func (s *Handlers) findMerge(w http.ResponseWriter, r *http.Request) {
	if !s.ParseForm(w, r) {
		return
	}
	a, err := s.ReadContact(r, chi.URLParam(r, "id"))
	if err != nil {
		s.Fail(w, r, err)
		return
	}
	s.mergeCandidates(w, r, a, strings.TrimSpace(r.PostForm.Get("q")), true)
}

// mergeCandidates renders the choice of the other contact: the likely
// duplicates of a, or the contacts matching q.
func (s *Handlers) mergeCandidates(w http.ResponseWriter, r *http.Request, a contacts.Contact, q string, searched bool) {
	page := mergePage{A: a, IsPerson: a.Kind == contacts.KindPerson, Query: q, Searched: searched}
	var subjects []string
	add := func(id, name, reasons string) {
		if id != a.ID && !slices.ContainsFunc(page.Candidates, func(c duplicateView) bool { return c.ID == id }) {
			page.Candidates = append(page.Candidates, duplicateView{ID: id, Name: name, Reasons: reasons})
			subjects = append(subjects, id)
		}
	}
	if searched && q != "" {
		dir, err := s.Contacts(r)
		var found []contacts.Summary
		if err == nil {
			found, err = dir.Search(r.Context(), q, contacts.Options{Kind: a.Kind, Limit: 20})
		}
		if err != nil {
			s.Fail(w, r, err)
			return
		}
		for _, c := range found {
			add(c.ID, c.DisplayName, c.Number)
		}
	} else if !searched {
		found, err := s.likelyDuplicates(r, a.ID, string(a.Kind), personDetailsOf(a), organisationDetailsOf(a))
		if err != nil {
			s.Fail(w, r, err)
			return
		}
		for _, v := range duplicateViews(found, web.LangOf(r.Context())) {
			add(v.ID, v.Name, v.Reasons)
		}
	}
	if err := s.RecordView(r, append([]string{a.ID}, subjects...)); err != nil {
		s.Fail(w, r, err)
		return
	}
	s.RenderPage(w, r, http.StatusOK, "merge", page)
}

// mergePartner reads the other contact of a merge as the reader may see
// it: unknown, walled or merged away, it is the unknown contact's 404.
// Either holding special categories the reader may not read refuses the
// merge (the comparison shows every detail of both).
func (s *Handlers) mergePartner(r *http.Request, a contacts.Contact, id string) (contacts.Contact, error) {
	if strings.EqualFold(id, a.ID) {
		return contacts.Contact{}, domain.Invalid("with", "a contact cannot be merged into itself").WithCode("contact.merge.self")
	}
	b, err := s.ReadContact(r, id)
	if web.HasCode(err, contacts.MergedCode) {
		return contacts.Contact{}, web.ErrNoSuchContact
	}
	if err == nil {
		err = s.editableBy(r, a.ID)
	}
	if err == nil {
		err = s.editableBy(r, b.ID)
	}
	return b, err
}

// renderMerge renders the comparison of a and b with the choices of form
// (or the defaults: a kept, its name and number, both lists).
func (s *Handlers) renderMerge(w http.ResponseWriter, r *http.Request, status int, a, b contacts.Contact, form url.Values, state web.FormState) {
	get := func(name, fallback string) string {
		if v := form[name]; len(v) > 0 && (v[0] == "a" || v[0] == "b" || v[0] == "both") {
			return v[0]
		}
		return fallback
	}
	page := mergePage{A: a, B: &b, IsPerson: a.Kind == contacts.KindPerson, Keep: get("keep", "a"),
		Protected: a.ProtectedIdentity || b.ProtectedIdentity, Form: state}
	if a.Kind != b.Kind {
		page.Form.Summary = i18n.T(web.LangOf(r.Context()), "contact.merge.kind")
	} else {
		for _, f := range mergeFields(a.Kind) {
			av, bv := f.values(a), f.values(b)
			pick := "a"
			switch {
			case f.list:
				pick = "both"
			case len(av) == 0 && len(bv) > 0:
				pick = "b"
			}
			page.Choices = append(page.Choices, mergeChoice{Name: f.name, Label: f.label, A: av, B: bv, List: f.list,
				Pick: get("pick_"+f.name, pick)})
		}
	}
	if err := s.RecordView(r, []string{a.ID, b.ID}); err != nil {
		s.Fail(w, r, err)
		return
	}
	s.RenderPage(w, r, status, "merge", page)
}

// mergeField is one field the person chooses: how to show it and how to
// take it into the kept details.
type mergeField struct {
	name, label string
	list        bool
	values      func(contacts.Contact) []string
	person      func(dst *contact.PersonDetails, src contacts.Contact, both []contacts.Contact)
	org         func(dst *contact.OrganisationDetails, src contacts.Contact, both []contacts.Contact)
}

func mergeFields(kind contacts.Kind) []mergeField {
	one := func(v string) []string {
		if v == "" {
			return nil
		}
		return []string{v}
	}
	emails := mergeField{name: "emails", label: "contact.field.emails", list: true,
		values: func(c contacts.Contact) []string {
			return mapped(c.Emails, func(e contact.Email) string { return e.Address })
		},
		person: func(d *contact.PersonDetails, _ contacts.Contact, from []contacts.Contact) {
			d.Emails = union(from, emailsOf)
		},
		org: func(d *contact.OrganisationDetails, _ contacts.Contact, from []contacts.Contact) {
			d.Emails = union(from, emailsOf)
		}}
	phones := mergeField{name: "phones", label: "contact.field.phones", list: true,
		values: func(c contacts.Contact) []string {
			return mapped(c.Phones, func(p contact.Phone) string { return p.Number })
		},
		person: func(d *contact.PersonDetails, _ contacts.Contact, from []contacts.Contact) {
			d.Phones = union(from, phonesOf)
		},
		org: func(d *contact.OrganisationDetails, _ contacts.Contact, from []contacts.Contact) {
			d.Phones = union(from, phonesOf)
		}}
	addresses := mergeField{name: "addresses", label: "contact.field.addresses", list: true,
		values: func(c contacts.Contact) []string {
			return mapped(c.Addresses, func(a contact.Address) string {
				return strings.Join(slices.DeleteFunc([]string{a.Street, strings.TrimSpace(a.PostalCode + " " + a.City), a.Country},
					func(s string) bool { return s == "" }), ", ")
			})
		},
		person: func(d *contact.PersonDetails, _ contacts.Contact, from []contacts.Contact) {
			d.Addresses = union(from, addressesOf)
		},
		org: func(d *contact.OrganisationDetails, _ contacts.Contact, from []contacts.Contact) {
			d.Addresses = union(from, addressesOf)
		}}
	if kind == contacts.KindOrganisation {
		return []mergeField{
			{name: "name", label: "contact.field.name", values: func(c contacts.Contact) []string { return one(c.OrganisationName) },
				org: func(d *contact.OrganisationDetails, c contacts.Contact, _ []contacts.Contact) {
					d.Name = c.OrganisationName
				}},
			{name: "number", label: "contact.field.organisationsnummer", values: func(c contacts.Contact) []string { return one(c.Organisationsnummer) },
				org: func(d *contact.OrganisationDetails, c contacts.Contact, _ []contacts.Contact) {
					d.Organisationsnummer = c.Organisationsnummer
				}},
			emails, phones, addresses,
		}
	}
	return []mergeField{
		{name: "name", label: "contact.merge.field.name", values: func(c contacts.Contact) []string { return one(c.DisplayName) },
			person: func(d *contact.PersonDetails, c contacts.Contact, _ []contacts.Contact) {
				d.GivenName, d.FamilyName = c.GivenName, c.FamilyName
			}},
		{name: "number", label: "contact.field.personnummer", values: func(c contacts.Contact) []string { return one(c.Personnummer) },
			person: func(d *contact.PersonDetails, c contacts.Contact, _ []contacts.Contact) {
				d.Personnummer = c.Personnummer
			}},
		emails, phones, addresses,
	}
}

func mapped[T any](list []T, f func(T) string) []string {
	out := make([]string, len(list))
	for i, v := range list {
		out[i] = f(v)
	}
	return out
}

func emailsOf(c contacts.Contact) []contact.Email      { return c.Emails }
func phonesOf(c contacts.Contact) []contact.Phone      { return c.Phones }
func addressesOf(c contacts.Contact) []contact.Address { return c.Addresses }

// union is the entries of each contact in from, in order, each once.
func union[T comparable](from []contacts.Contact, of func(contacts.Contact) []T) []T {
	var out []T
	for _, c := range from {
		for _, v := range of(c) {
			if !slices.Contains(out, v) {
				out = append(out, v)
			}
		}
	}
	return out
}

// mergeContacts is POST /contacts/{id}/merge, confirmed (askMerge): the
// other contact (with) is merged into the one kept (keep), which takes the
// details picked field by field. A refusal shows the comparison again
// with why; a merge lands on the kept contact's page.
func (s *Handlers) mergeContacts(w http.ResponseWriter, r *http.Request) {
	if !s.ParseForm(w, r) {
		return
	}
	f := r.PostForm
	a, err := s.ReadContact(r, chi.URLParam(r, "id"))
	var b contacts.Contact
	if err == nil {
		b, err = s.mergePartner(r, a, f.Get("with"))
	}
	if err != nil {
		s.Fail(w, r, err)
		return
	}
	cmd, err := mergeCommand(a, b, f)
	if err == nil {
		cmd.Actor = s.Actor(r)
		var res contactcmd.MergeResult
		if res, err = s.deps.Commands.Merge.Handle(r.Context(), cmd); err == nil {
			s.awaitMerge(r, res)
			http.Redirect(w, r, "/contacts/"+cmd.SurvivorID+"?done=merged", http.StatusSeeOther)
			return
		}
	}
	state, status, ok := s.FailedForm(r, err, "/contacts/"+a.ID+"/merge?with="+b.ID)
	if !ok {
		s.CommandFailed(w, r, err)
		return
	}
	s.renderMerge(w, r, status, a, b, f, state)
}

// mergeCommand is the merge the form asks for, at the versions the page
// showed (a change since is refused as stale).
func mergeCommand(a, b contacts.Contact, f url.Values) (contactcmd.MergeContacts, error) {
	get := f.Get
	va, errA := web.VersionOf(url.Values{"version": {get("version_a")}})
	vb, errB := web.VersionOf(url.Values{"version": {get("version_b")}})
	if errA != nil || errB != nil {
		return contactcmd.MergeContacts{}, domain.Invalid("keep", "the form lacks the versions it was shown at; reload it").WithCode("request.field.required")
	}
	keep, gone, vKeep, vGone := a, b, va, vb
	switch get("keep") {
	case "a":
	case "b":
		keep, gone, vKeep, vGone = b, a, vb, va
	default:
		return contactcmd.MergeContacts{}, domain.Invalid("keep", "choose the contact to keep").WithCode("contact.merge.survivor_required")
	}
	cmd := contactcmd.MergeContacts{SurvivorID: keep.ID, SurvivorVersion: vKeep, MergedID: gone.ID, MergedVersion: vGone}
	if a.Kind != b.Kind {
		return cmd, nil // the command refuses it with its own words
	}
	var person contact.PersonDetails
	var org contact.OrganisationDetails
	for _, field := range mergeFields(a.Kind) {
		var src contacts.Contact
		var from []contacts.Contact
		switch cmp.Or(get("pick_"+field.name), "a") {
		case "a":
			src, from = a, []contacts.Contact{a}
		case "b":
			src, from = b, []contacts.Contact{b}
		case "both":
			if !field.list {
				return cmd, domain.Invalid("pick_"+field.name, "choose one of the two").WithCode("contact.merge.pick")
			}
			src, from = keep, []contacts.Contact{a, b}
		default:
			return cmd, domain.Invalid("pick_"+field.name, "choose one of the two").WithCode("contact.merge.pick")
		}
		if a.Kind == contacts.KindOrganisation {
			field.org(&org, src, from)
		} else {
			field.person(&person, src, from)
		}
	}
	if a.Kind == contacts.KindOrganisation {
		cmd.Organisation = &org
	} else {
		// One of the two living under a protected identity makes the
		// person one: the merge never lifts it.
		person.ProtectedIdentity = a.ProtectedIdentity || b.ProtectedIdentity
		cmd.Person = &person
	}
	return cmd, nil
}

// askMerge is the question before a merge: it names the contact merged
// away and the one kept, as the reader may see them (either unknown or
// walled: the merge's own 404).
func (s *Handlers) askMerge(r *http.Request) (*web.Confirmation, error) {
	a, err := s.ReadContact(r, chi.URLParam(r, "id"))
	if err != nil {
		return nil, err
	}
	b, err := s.mergePartner(r, a, r.PostFormValue("with"))
	if err != nil {
		return nil, err
	}
	keep, gone := a, b
	if r.PostFormValue("keep") == "b" {
		keep, gone = b, a
	}
	return &web.Confirmation{Question: "confirm.contact.merge", Args: []any{gone.DisplayName, keep.DisplayName},
		Consequence: "confirm.contact.merge.consequence", Button: "confirm.contact.merge.button",
		Back: "/contacts/" + a.ID + "/merge?with=" + b.ID, Subjects: []string{a.ID, b.ID}}, nil
}

// personDetailsOf and organisationDetailsOf are a contact's details as a
// registration gives them: the likely-duplicate match compares those.
func personDetailsOf(c contacts.Contact) contact.PersonDetails {
	return contact.PersonDetails{GivenName: c.GivenName, FamilyName: c.FamilyName, Personnummer: c.Personnummer,
		Emails: c.Emails, Phones: c.Phones}
}

func organisationDetailsOf(c contacts.Contact) contact.OrganisationDetails {
	return contact.OrganisationDetails{Name: c.OrganisationName, Organisationsnummer: c.Organisationsnummer,
		Emails: c.Emails, Phones: c.Phones}
}
