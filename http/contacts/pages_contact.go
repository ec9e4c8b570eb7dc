package contacts

import (
	"net/http"

	"github.com/klient-crm/klient/domain/access"
	domaindpo "github.com/klient-crm/klient/domain/dpo"
	"github.com/klient-crm/klient/http/web"
	"github.com/klient-crm/klient/projections/contacts"
	"github.com/klient-crm/klient/projections/matters"
)

// contactPage is the view of one contact.
type contactPage struct {
	contacts.Contact
	IsPerson        bool
	Done            string // catalogue key of what just happened, or ""
	CanLog          bool
	CanCreateMatter bool
	Matters         []matters.ContactMatter // those the member may see
	Privacy         *privacyPanel           // persons only: bases, consents, objection, restriction
	RelationViews   []RelationshipJSON      // the relations in the reader's words
	CanEdit         bool                    // the contact edited, relations added and ended, merge
	CanArchive      bool                    // archived and reactivated (contact.archive)
	Relation        *relationForm           // the add form, for those who may edit
	Special         specialView             // special categories: what is marked, withheld, may be opened
	Shown           bool                    // the marked data was opened with a purpose
	CanMark         bool                    // may mark special categories (special.go)
}

// doneMessages are the confirmations a redirect after a write may ask for.
var doneMessages = map[string]string{
	"created":     "contact.done.created",
	"saved":       "contact.done.saved",
	"archived":    "contact.done.archived",
	"reactivated": "contact.done.reactivated",
	"merged":      "contact.done.merged",
	// The relation forms (pages_links.go).
	"relationship_added": "contact.done.relationship_added",
	"relationship_ended": "contact.done.relationship_ended",
}

// showContact is the only page that shows a protected person's address,
// under a warning.
func (s *Handlers) showContact(w http.ResponseWriter, r *http.Request) {
	s.contactPage(w, r, http.StatusOK, privacyForm{})
}

// contactPage renders the contact page with status; form is the privacy
// panel's form to show again (with its problem) or its new withdrawal link.
func (s *Handlers) contactPage(w http.ResponseWriter, r *http.Request, status int, form privacyForm) {
	s.renderContact(w, r, status, form, nil)
}

// renderContact is contactPage with the relation panel's form to show
// again (nil: an empty one).
func (s *Handlers) renderContact(w http.ResponseWriter, r *http.Request, status int, form privacyForm, relation *relationForm) {
	c, special, err := s.viewContact(r)
	if s.mergedAway(w, r, c, err, false) {
		return
	}
	if err != nil {
		s.Fail(w, r, err)
		return
	}
	p, _ := web.PrincipalOf(r.Context())
	page := contactPage{Contact: c, IsPerson: c.Kind == contacts.KindPerson, Done: doneMessage(r.URL.Query().Get("done")),
		CanLog: p.Can(access.CommunicationLog), CanCreateMatter: p.Can(access.MatterCreate),
		RelationViews: relationshipsOut(c.Relationships, web.LangOf(r.Context())), CanEdit: p.Can(access.ContactEdit),
		CanArchive: p.Can(access.ContactArchive), Special: special, Shown: len(special.Marks) > 0 && len(special.Withheld) == 0}
	if p.Can(access.SensitiveRead) || p.Can(access.GDPRManage) {
		page.CanMark, err = s.maySeeSpecial(r, c.ID)
		if err != nil {
			s.Fail(w, r, err)
			return
		}
	}
	if special.Whole() {
		// The minimal card: the name, and that there is more it may not show.
		s.RenderPage(w, r, status, "contact", page)
		return
	}
	if page.CanEdit && !c.Erased && !special.Hidden(string(domaindpo.FieldRelationships)) {
		if relation == nil {
			relation = &relationForm{}
		}
		relation.Kinds = relationKinds(c.Kind, web.LangOf(r.Context()), relation.State.Get("kind"))
		page.Relation = relation
	}
	if p.Can(access.MatterView) {
		page.Matters, err = s.mattersOfContact(r, c.ID)
	}
	if err == nil && page.IsPerson {
		page.Privacy, err = s.privacyPanel(r, c, form)
	}
	if err != nil {
		s.Fail(w, r, err)
		return
	}
	s.RenderPage(w, r, status, "contact", page)
}

// doneMessage is the confirmation a redirect asked for, the privacy
// panel's included.
func doneMessage(done string) string {
	if key, ok := doneMessages[done]; ok {
		return key
	}
	return privacyDone[done]
}

// mattersOfContact lists the matters a contact is a party to that the
// member may see, and logs the view of their titles.
func (s *Handlers) mattersOfContact(r *http.Request, contactID string) ([]matters.ContactMatter, error) {
	all, err := s.Shared().Matters.MattersOfContact(r.Context(), contactID)
	if err != nil {
		return nil, err
	}
	g, err := s.MatterGate(r)
	var out []matters.ContactMatter
	var subjects []string
	for _, m := range all {
		if g.Allows(m.Matter) {
			out, subjects = append(out, m), append(subjects, "matter-"+m.ID)
		}
	}
	if err == nil {
		err = s.RecordView(r, subjects)
	}
	return out, err
}
