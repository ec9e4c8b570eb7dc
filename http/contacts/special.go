package contacts

import (
	"context"
	"net/http"
	"net/url"
	"slices"

	"github.com/go-chi/chi/v5"

	dpocmd "github.com/klient-crm/klient/commands/dpo"
	"github.com/klient-crm/klient/domain"
	"github.com/klient-crm/klient/domain/access"
	domaindpo "github.com/klient-crm/klient/domain/dpo"
	"github.com/klient-crm/klient/http/i18n"
	"github.com/klient-crm/klient/http/web"
	"github.com/klient-crm/klient/projections/contacts"
	dpomodel "github.com/klient-crm/klient/projections/dpo"
	"github.com/klient-crm/klient/projections/matters"
)

// Special categories (art. 9) and offences (art. 10) on a contact: a
// lawyer of one of the contact's matters, or the DPO, marks the whole
// contact or one of its fields (domaindpo.ContactFields) with the
// categories and their grounds. The marked data is read only by those who
// need to know it — a member whose role allows access.SensitiveRead and
// who is on the team of a matter the contact is a party to — and by the
// DPO; and by them only with a purpose, which the access log keeps (the
// same flow as a marked document's). Everyone else sees a marked field as
// "(känslig uppgift)", and a contact marked whole as a minimal card: its
// name and nothing else. Not hidden altogether, unlike a document: the
// name is what conflict checks, matters' parties and the register find
// the person by, and a contact that vanished from the page its own
// matter links to would tell as much as the card and break the work; the
// name alone says nothing of what the marking protects. Edits, merges and
// exports never pass marked data to one who may not read it.

// SpecialMarking is the contacts' markings: the command and the read
// model. Both are required.
type SpecialMarking struct {
	Mark  web.Handles[dpocmd.MarkContactSpecialCategory, dpocmd.ContactSpecialResult]
	Marks SpecialMarks
}

// SpecialMarks reads the contacts' markings (dpomodel.ContactMarksIn
// binds it to a database).
type SpecialMarks interface {
	ContactMarks(ctx context.Context, id string) ([]dpomodel.ContactMark, error)
	// MarkedContacts: the marked fields of each of ids that has any.
	MarkedContacts(ctx context.Context, ids []string) (map[string][]domaindpo.ContactField, error)
}

var _ SpecialMarks = dpomodel.ContactMarksIn{}

// specialView is what of a contact's markings a page or an answer shows.
type specialView struct {
	Marks    []dpomodel.ContactMark   // the contact's markings; none: nothing is marked
	May      bool                     // the reader may open the marked data (with a purpose) and mark
	Withheld []domaindpo.ContactField // what this answer leaves out
	ID       string                   // the contact's, for the forms
}

// Hidden reports whether field (a domaindpo.ContactField's name) is left
// out of this answer; the whole contact's marking hides every field.
func (v specialView) Hidden(field string) bool {
	return slices.Contains(v.Withheld, domaindpo.ContactWhole) || slices.Contains(v.Withheld, domaindpo.ContactField(field))
}

// Whole: the contact itself is withheld; the page is the minimal card.
func (v specialView) Whole() bool { return slices.Contains(v.Withheld, domaindpo.ContactWhole) }

// maySeeSpecial: the DPO (access.GDPRManage), or a member allowed
// access.SensitiveRead who is on the team of a matter the contact is a
// party to (need to know; the matter's walls count as for the matter
// itself).
func (s *Handlers) maySeeSpecial(r *http.Request, contactID string) (bool, error) {
	p, _ := web.PrincipalOf(r.Context())
	if p.Can(access.GDPRManage) {
		return true, nil
	}
	if !p.Can(access.SensitiveRead) {
		return false, nil
	}
	all, err := s.Shared().Matters.MattersOfContact(r.Context(), contactID)
	if err != nil {
		return false, err
	}
	g, err := s.MatterGate(r)
	if err != nil {
		return false, err
	}
	return slices.ContainsFunc(all, func(m matters.ContactMatter) bool { return g.Allows(m.Matter) }), nil
}

// withholdSpecial cuts out of c, marked with marks (at least one), what
// the reader is not shown: all of it to one who may not read it, and to
// one who may but gave no purpose (web.PurposeOf) — they get the form
// that asks for one. A contact marked whole keeps its ID, kind and name.
// Its callers read the marks themselves, so that a contact without any
// (nearly all) runs nothing of this file.
func (s *Handlers) withholdSpecial(r *http.Request, c *contacts.Contact, marks []dpomodel.ContactMark) (specialView, error) {
	v := specialView{ID: c.ID, Marks: marks}
	var err error
	if v.May, err = s.maySeeSpecial(r, c.ID); err != nil {
		return v, err
	}
	if v.May && web.PurposeOf(r) != "" {
		return v, nil
	}
	for _, m := range marks {
		v.Withheld = append(v.Withheld, m.Field)
	}
	withhold(c, v)
	return v, nil
}

// withhold blanks in c what v withholds.
func withhold(c *contacts.Contact, v specialView) {
	if v.Hidden(string(domaindpo.FieldAddresses)) {
		c.Addresses = nil
	}
	if v.Hidden(string(domaindpo.FieldAffiliations)) {
		c.Affiliations = nil
	}
	if v.Hidden(string(domaindpo.FieldRelationships)) {
		c.Relationships = nil
	}
	if v.Whole() {
		c.Personnummer, c.Organisationsnummer, c.Emails, c.Phones, c.ProtectedIdentity = "", "", nil, nil, false
	}
}

// withoutSpecial is what a bulk export carries of found: never marked
// data, whoever asks — a contact marked whole is left out, a marked field
// is blank. The person's own access package (Art. 15) is another path and
// keeps it.
func (s *Handlers) withoutSpecial(r *http.Request, found []contacts.Contact) ([]contacts.Contact, error) {
	ids := make([]string, len(found))
	for i, c := range found {
		ids[i] = c.ID
	}
	marked, err := s.deps.Special.Marks.MarkedContacts(r.Context(), ids)
	if err != nil || len(marked) == 0 {
		return found, err
	}
	out := found[:0]
	for _, c := range found {
		v := specialView{Withheld: marked[c.ID]}
		if v.Whole() {
			continue
		}
		withhold(&c, v)
		out = append(out, c)
	}
	return out, nil
}

// cardsOnly cuts the contacts marked whole in a list or search result
// down to their names: a list asks for no purpose, so it shows none of
// their details to anyone (the contact's page does, with one).
func (s *Handlers) cardsOnly(r *http.Request, found []contacts.Summary) error {
	ids := make([]string, len(found))
	for i, c := range found {
		ids[i] = c.ID
	}
	marked, err := s.deps.Special.Marks.MarkedContacts(r.Context(), ids)
	for i, c := range found {
		if slices.Contains(marked[c.ID], domaindpo.ContactWhole) {
			found[i].Number, found[i].Email, found[i].Phone, found[i].ProtectedIdentity = "", "", "", false
		}
	}
	return err
}

// errSpecialEdit refuses a change of a contact whose marked data the
// member may not read: the form would show it blank, and saving it would
// write the blanks over what they cannot see.
var errSpecialEdit = domain.Forbidden("the contact holds special categories of personal data that you may not read, so you may not change it").
	WithCode("contact.special.edit")

// editableBy refuses a change of contact id to one who may not read all
// of it.
func (s *Handlers) editableBy(r *http.Request, id string) error {
	marked, err := s.deps.Special.Marks.MarkedContacts(r.Context(), []string{id})
	if err != nil || len(marked) == 0 {
		return err
	}
	may, err := s.maySeeSpecial(r, id)
	if err == nil && !may {
		err = errSpecialEdit
	}
	return err
}

// specialPage is the marking form of one contact.
type specialPage struct {
	Contact    contacts.Contact
	Marks      []dpomodel.ContactMark
	Form       web.FormState
	Fields     []domaindpo.ContactField
	Categories []domaindpo.SpecialCategory
	Grounds    []domaindpo.SpecialGround
	Done       bool
}

// markable reads the contact the route names for one who may mark it: to
// a lawyer on none of its matters, the markings are not there — the
// unknown contact's 404, as a walled document's is, so the answer says
// nothing of whether there are any.
func (s *Handlers) markable(r *http.Request) (contacts.Contact, error) {
	c, err := s.ReadContact(r, chi.URLParam(r, "id"))
	if err != nil {
		return c, err
	}
	may, err := s.maySeeSpecial(r, c.ID)
	if err == nil && !may {
		err = web.ErrNoSuchContact
	}
	return c, err
}

func (s *Handlers) specialForm(w http.ResponseWriter, r *http.Request) {
	c, err := s.markable(r)
	var marks []dpomodel.ContactMark
	if err == nil {
		marks, err = s.deps.Special.Marks.ContactMarks(r.Context(), c.ID)
	}
	if err == nil {
		err = s.RecordView(r, []string{c.ID})
	}
	if err != nil {
		s.Fail(w, r, err)
		return
	}
	s.renderSpecial(w, r, http.StatusOK, c, marks, web.FormState{Values: url.Values{"field": {string(domaindpo.ContactWhole)}}},
		r.URL.Query().Get("done") == "saved")
}

func (s *Handlers) renderSpecial(w http.ResponseWriter, r *http.Request, status int, c contacts.Contact, marks []dpomodel.ContactMark, form web.FormState, done bool) {
	s.RenderPage(w, r, status, "contact_special", specialPage{Contact: c, Marks: marks, Form: form, Fields: domaindpo.ContactFields,
		Categories: domaindpo.SpecialCategories, Grounds: domaindpo.SpecialGrounds, Done: done})
}

// markSpecial records the marking of one field; no categories lift it.
func (s *Handlers) markSpecial(r *http.Request, field string, categories, grounds []string) (contacts.Contact, error) {
	c, err := s.markable(r)
	if err != nil {
		return c, err
	}
	cmd := dpocmd.MarkContactSpecialCategory{Actor: s.Actor(r), ContactID: c.ID, Field: domaindpo.ContactField(field)}
	for _, x := range categories {
		cmd.Categories = append(cmd.Categories, domaindpo.SpecialCategory(x))
	}
	for _, g := range grounds {
		cmd.Grounds = append(cmd.Grounds, domaindpo.SpecialGround(g))
	}
	res, err := s.deps.Special.Mark.Handle(r.Context(), cmd)
	if err == nil {
		s.Await(r.Context(), dpomodel.SpecialContactsName, res.Position)
	}
	return c, err
}

// saveSpecial takes the form; a refusal (a category without its ground)
// is the form again with the message, nothing written.
func (s *Handlers) saveSpecial(w http.ResponseWriter, r *http.Request) {
	if !s.ParseForm(w, r) {
		return
	}
	f := r.PostForm
	c, err := s.markSpecial(r, f.Get("field"), f["categories"], f["grounds"])
	if err != nil {
		form, status, ok := s.FailedForm(r, err, r.URL.Path)
		if !ok || domain.KindOf(err) == domain.KindNotFound {
			s.Fail(w, r, err)
			return
		}
		marks, merr := s.deps.Special.Marks.ContactMarks(r.Context(), c.ID)
		if merr != nil {
			s.Fail(w, r, merr)
			return
		}
		s.renderSpecial(w, r, status, c, marks, form, false)
		return
	}
	http.Redirect(w, r, "/contacts/"+c.ID+"/special-category?done=saved", http.StatusSeeOther)
}

// askLiftSpecial: lifting a marking shows the data to everyone who may
// see the contact again, so the form asks first; marking asks nothing.
func (s *Handlers) askLiftSpecial(r *http.Request) (*web.Confirmation, error) {
	if len(r.PostForm["categories"]) > 0 {
		return nil, nil
	}
	if _, err := s.markable(r); err != nil {
		return nil, err
	}
	field := r.PostForm.Get("field")
	if !slices.Contains(domaindpo.ContactFields, domaindpo.ContactField(field)) {
		return nil, nil // the command refuses it, with the form's message
	}
	return s.contactQuestion(r, "confirm.special.lift", i18n.T(web.LangOf(r.Context()), "special.contact.field."+field))
}

// showSensitive is POST /contacts/{id}/sensitive: the contact page with
// the marked data, for one who may read it and says why (the form's
// purpose, which the access log keeps with the view).
func (s *Handlers) showSensitive(w http.ResponseWriter, r *http.Request) {
	if !s.ParseForm(w, r) {
		return
	}
	if web.PurposeOf(r) == "" {
		s.Fail(w, r, errContactPurpose)
		return
	}
	s.contactPage(w, r, http.StatusOK, privacyForm{})
}

// errContactPurpose refuses to show a contact's marked data without the
// reason the access log is to keep.
var errContactPurpose = domain.Invalid("purpose", "say why you open the contact's marked data: it holds special categories of personal data").
	WithCode("special.contact.purpose_required")

// ContactSpecialJSON is one marked field of a contact.
type ContactSpecialJSON struct {
	Field      domaindpo.ContactField      `json:"field"`
	Categories []domaindpo.SpecialCategory `json:"categories"`
	Grounds    []domaindpo.SpecialGround   `json:"grounds"`
}

// ContactSpecialListJSON is a contact's markings, in the order of the
// fields; empty: nothing is marked.
type ContactSpecialListJSON struct {
	Markings []ContactSpecialJSON `json:"markings"`
}

// apiSpecial is GET and PUT /api/v1/contacts/{id}/special-category; PUT
// marks one field (no categories: lifts its marking) and answers every
// marking of the contact.
func (s *Handlers) apiSpecial(w http.ResponseWriter, r *http.Request) {
	if r.Method == http.MethodPut {
		var in ContactSpecialJSON
		if err := web.DecodeJSON(r, &in); err != nil {
			s.WriteProblem(w, r, err)
			return
		}
		var cats, grounds []string
		for _, c := range in.Categories {
			cats = append(cats, string(c))
		}
		for _, g := range in.Grounds {
			grounds = append(grounds, string(g))
		}
		if _, err := s.markSpecial(r, string(in.Field), cats, grounds); err != nil {
			s.WriteProblem(w, r, err)
			return
		}
	}
	c, err := s.markable(r)
	var marks []dpomodel.ContactMark
	if err == nil {
		marks, err = s.deps.Special.Marks.ContactMarks(r.Context(), c.ID)
	}
	if err == nil {
		err = s.RecordView(r, []string{c.ID})
	}
	if err != nil {
		s.WriteProblem(w, r, err)
		return
	}
	out := ContactSpecialListJSON{Markings: []ContactSpecialJSON{}}
	for _, m := range marks {
		x := ContactSpecialJSON{Field: m.Field, Categories: m.Categories, Grounds: m.Grounds}
		if x.Categories == nil {
			x.Categories = []domaindpo.SpecialCategory{}
		}
		if x.Grounds == nil {
			x.Grounds = []domaindpo.SpecialGround{}
		}
		out.Markings = append(out.Markings, x)
	}
	web.WriteJSON(w, http.StatusOK, out)
}
