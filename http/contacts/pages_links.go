package contacts

import (
	"net/http"
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

// Relations on the contact page (issue 14): the panel *Relationer* adds a
// relation to another contact of the same kind, found by the name typed
// into the form (posted, never in a URL): one match is taken, several are
// offered to choose from, none is refused by the field. Each relation has
// a button that ends it, in the stream of the contact that recorded it.
// Both come back to the contact page.

// relationForm is the panel's add form as it is shown again.
type relationForm struct {
	State   web.FormState
	Kinds   []relationKindView
	Choices []duplicateView // several contacts matched: choose one
}

// relationKindView is one kind of relation the contact may record, in the
// reader's words.
type relationKindView struct {
	Value, Words string
	Selected     bool
}

// relationKinds are the relations a contact of kind may record.
func relationKinds(kind contacts.Kind, lang i18n.Lang, selected string) []relationKindView {
	list := contact.PersonRelations
	if kind == contacts.KindOrganisation {
		list = contact.OrganisationRelations
	}
	out := make([]relationKindView, len(list))
	for i, k := range list {
		out[i] = relationKindView{Value: string(k), Words: i18n.T(lang, "contact.relation."+string(k)), Selected: string(k) == selected}
	}
	return out
}

// addRelationshipForm is POST /contacts/{id}/relationships.
func (s *Handlers) addRelationshipForm(w http.ResponseWriter, r *http.Request) {
	if !s.ParseForm(w, r) {
		return
	}
	f := r.PostForm
	c, err := s.ReadContact(r, chi.URLParam(r, "id"))
	if err != nil {
		s.Fail(w, r, err)
		return
	}
	version, err := web.VersionOf(f)
	if err != nil {
		s.Fail(w, r, err)
		return
	}
	other := f.Get("other_id")
	if other == "" {
		var choices []duplicateView
		if other, choices, err = s.relationOther(r, c, strings.TrimSpace(f.Get("other_q"))); err == nil && len(choices) > 1 {
			s.renderContact(w, r, http.StatusOK, privacyForm{}, &relationForm{State: web.FormState{Values: f}, Choices: choices})
			return
		}
	}
	var res contactcmd.Result
	if err == nil {
		res, err = s.deps.Commands.Links.Relationships.Add(r.Context(), contactcmd.AddRelationship{Actor: s.Actor(r),
			ContactID: c.ID, ExpectedVersion: version, OtherID: other, Kind: contact.RelationKind(f.Get("kind"))})
	}
	if err != nil {
		s.relationRefused(w, r, c.ID, err)
		return
	}
	s.AwaitContacts(r.Context(), res)
	http.Redirect(w, r, "/contacts/"+c.ID+"?done=relationship_added#relationships", http.StatusSeeOther)
}

// relationOther finds the other contact by the name typed: its ID when
// one matches, the matches when several do. Walled contacts and the
// contact itself are not among them.
func (s *Handlers) relationOther(r *http.Request, c contacts.Contact, q string) (string, []duplicateView, error) {
	if q == "" {
		return "", nil, domain.Invalid("other_q", "choose the other contact").WithCode("contact.relationship.other_required")
	}
	dir, err := s.Contacts(r)
	var found []contacts.Summary
	if err == nil {
		found, err = dir.Search(r.Context(), q, contacts.Options{Kind: c.Kind, Limit: 10})
	}
	if err != nil {
		return "", nil, err
	}
	found = slices.DeleteFunc(found, func(x contacts.Summary) bool { return x.ID == c.ID })
	switch len(found) {
	case 0:
		return "", nil, domain.Invalid("other_q", "no contact of that name was found").WithCode("contact.relationship.none_found")
	case 1:
		return found[0].ID, nil, nil
	}
	choices := make([]duplicateView, len(found))
	subjects := make([]string, len(found))
	for i, x := range found {
		choices[i], subjects[i] = duplicateView{ID: x.ID, Name: x.DisplayName, Reasons: x.Number}, x.ID
	}
	return "", choices, s.RecordView(r, subjects)
}

// endRelationshipForm is POST /contacts/{id}/relationships/end: {id} is
// the contact that recorded the relation, at the version it is at now
// (ending is undone by adding it again); back is the page it came from.
func (s *Handlers) endRelationshipForm(w http.ResponseWriter, r *http.Request) {
	if !s.ParseForm(w, r) {
		return
	}
	f := r.PostForm
	c, err := s.ReadContact(r, chi.URLParam(r, "id"))
	if err != nil {
		s.Fail(w, r, err)
		return
	}
	back := web.BackTo(f, "/contacts/"+c.ID)
	res, err := s.deps.Commands.Links.Relationships.End(r.Context(), contactcmd.EndRelationship{Actor: s.Actor(r),
		ContactID: c.ID, ExpectedVersion: c.Version, OtherID: f.Get("other_id"), Kind: contact.RelationKind(f.Get("kind"))})
	if err != nil {
		s.CommandFailed(w, r, err)
		return
	}
	s.AwaitContacts(r.Context(), res)
	http.Redirect(w, r, back+"?done=relationship_ended#relationships", http.StatusSeeOther)
}

// relationRefused shows the contact page again with the add form's
// refusal by its field.
func (s *Handlers) relationRefused(w http.ResponseWriter, r *http.Request, id string, err error) {
	state, status, ok := s.FailedForm(r, err, "/contacts/"+id)
	if !ok {
		s.CommandFailed(w, r, err)
		return
	}
	if msg, moved := state.Errors["other_id"]; moved {
		// The domain names the chosen contact; the form, the name typed.
		delete(state.Errors, "other_id")
		state.Errors["other_q"] = msg
		state.Order = slices.Replace(state.Order, slices.Index(state.Order, "other_id"), slices.Index(state.Order, "other_id")+1, "other_q")
	}
	s.renderContact(w, r, status, privacyForm{}, &relationForm{State: state.Labelled("kind", "contact.relation.kind", "other_q", "contact.relation.other")})
}
