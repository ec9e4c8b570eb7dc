package contacts

import (
	"cmp"
	"net/http"
	"net/url"
	"time"

	"github.com/google/uuid"

	"github.com/klient-crm/klient/domain/access"
	"github.com/klient-crm/klient/domain/gdpr"
	"github.com/klient-crm/klient/http/i18n"
	"github.com/klient-crm/klient/http/web"
	"github.com/klient-crm/klient/projections/contacts"
)

// privacyPanel is the "Data protection" panel of a person's page: what
// the register holds on them, and the forms that change it.
type privacyPanel struct {
	ContactID   string
	Bases       []basisView
	Consents    []consentView
	Objections  []objectionView
	Marketing   bool // objected to direct marketing (final)
	Restriction gdpr.Restriction
	Erased      bool
	CanEdit     bool // record bases, consents, objections (contact.edit)
	CanManage   bool // restrict, lift, register a request (gdpr.manage)
	Purposes    []web.Choice
	BasisKinds  []web.Choice
	Methods     []web.Choice
	Form        privacyForm
	BasisID     string // fresh IDs, so a form sent twice records once
	ConsentID   string
}

// privacyForm is the panel's form to show again, by name, with what was
// sent and what was wrong; or the withdrawal link just created.
type privacyForm struct {
	Name  string // "basis", "consent", "objection", "restrict"
	State web.FormState
	Link  *withdrawalLink
}

// withdrawalLink is shown once, to be copied into a letter or an e-mail.
type withdrawalLink struct {
	ConsentID string
	URL       string
	Expires   time.Time
}

type basisView struct {
	gdpr.BasisRecord
	PurposeLabel string
	RecordedBy   string // the staff member's name; their ID if unknown
}

type consentView struct {
	gdpr.ConsentRecord
	PurposeLabel string
}

type objectionView struct {
	gdpr.ObjectionRecord
}

// privacyPanel reads the register's entries on c (the page's view of c
// is already in the access log) and fills the panel's forms.
func (s *Handlers) privacyPanel(r *http.Request, c contacts.Contact, form privacyForm) (*privacyPanel, error) {
	st, err := s.deps.Privacy.Register.Subject(r.Context(), c.ID)
	if err != nil {
		return nil, err
	}
	p, _ := web.PrincipalOf(r.Context())
	lang := web.LangOf(r.Context())
	panel := &privacyPanel{ContactID: c.ID, Restriction: st.Restriction, Erased: st.Erased,
		Marketing: st.Objected(gdpr.ObjectToDirectMarketing), CanEdit: p.Can(access.ContactEdit),
		CanManage: p.Can(access.GDPRManage), Form: form, BasisID: newFormID(), ConsentID: newFormID()}
	names, err := s.StaffNames(r)
	if err != nil {
		return nil, err
	}
	for _, b := range st.Bases {
		panel.Bases = append(panel.Bases, basisView{BasisRecord: b, PurposeLabel: purposeLabel(lang, b.Purpose),
			RecordedBy: cmp.Or(names[b.RecordedBy], b.RecordedBy)})
	}
	for _, c := range st.Consents {
		panel.Consents = append(panel.Consents, consentView{ConsentRecord: c, PurposeLabel: purposeLabel(lang, c.Purpose)})
	}
	for _, o := range st.Objections {
		panel.Objections = append(panel.Objections, objectionView{o})
	}
	panel.fillChoices(lang, s.deps.Privacy.Purposes, form.State.Values)
	return panel, nil
}

// fillChoices lists the purposes, bases and consent methods, with what the
// failed form sent selected.
func (p *privacyPanel) fillChoices(lang i18n.Lang, purposes gdpr.Purposes, sent url.Values) {
	for _, name := range purposes {
		p.Purposes = append(p.Purposes, web.Choice{Value: name, Label: purposeLabel(lang, name), Checked: sent.Get("purpose") == name})
	}
	for _, b := range gdpr.Bases {
		p.BasisKinds = append(p.BasisKinds, web.Choice{Value: string(b), Label: i18n.T(lang, "privacy.basis."+string(b)), Checked: sent.Get("basis") == string(b)})
	}
	for _, m := range gdpr.ConsentMethods {
		p.Methods = append(p.Methods, web.Choice{Value: string(m), Label: i18n.T(lang, "privacy.how."+string(m)), Checked: sent.Get("how") == string(m)})
	}
}

// purposeLabel names a purpose in lang; a firm's own purpose without a
// catalogue entry shows its configured name.
func purposeLabel(lang i18n.Lang, purpose string) string {
	if key := "privacy.purpose." + purpose; i18n.Has(key) {
		return i18n.T(lang, key)
	}
	return purpose
}

// newFormID is a fresh UUIDv7 a form carries, so resending it is safe.
func newFormID() string { return uuid.Must(uuid.NewV7()).String() }

// privacyDone are the confirmations after a panel form.
var privacyDone = map[string]string{
	"basis_recorded":     "privacy.done.basis_recorded",
	"basis_ended":        "privacy.done.basis_ended",
	"consent_recorded":   "privacy.done.consent_recorded",
	"consent_withdrawn":  "privacy.done.consent_withdrawn",
	"objection_recorded": "privacy.done.objection_recorded",
	"restricted":         "privacy.done.restricted",
	"lifted":             "privacy.done.lifted",
}
