package http

import (
	"context"
	"net/http"

	"github.com/klient-crm/klient/domain/access"
	"github.com/klient-crm/klient/http/web"
	"github.com/klient-crm/klient/projections/contacts"
)

// restrictedCode is the contacts read model's answer for a person whose
// processing is restricted (art. 18).
const restrictedCode = "contact.restricted"

// readContact reads contact id as the principal may see it, without
// logging a view. Walled contacts answer 404, and so do restricted
// persons: a restriction leaves the data stored only, so to everyone but
// those who keep the GDPR registers (the data-protection officer) the
// person is not there at all. The DPO reads a restricted person whole.
func (s *server) readContact(r *http.Request, id string) (contacts.Contact, error) {
	dir, err := s.Contacts(r)
	if err != nil {
		return contacts.Contact{}, err
	}
	c, err := dir.Get(r.Context(), id)
	if !web.HasCode(err, restrictedCode) {
		return c, err
	}
	p, _ := web.PrincipalOf(r.Context())
	if !p.Can(access.GDPRManage) {
		s.Refused(r, p.StaffID, "restricted")
		return contacts.Contact{}, web.ErrNoSuchContact
	}
	h, err := s.Hidden(r)
	if err != nil {
		return contacts.Contact{}, err
	}
	return web.NewVisibleContacts(wholeContacts{ContactDirectory: dir, register: s.deps.Privacy.Register}, h).Get(r.Context(), id)
}

// wholeContacts is a directory whose Get includes restricted persons.
type wholeContacts struct {
	web.ContactDirectory
	register PrivacyRegister
}

func (w wholeContacts) Get(ctx context.Context, id string) (contacts.Contact, error) {
	return w.register.WholeContact(ctx, id)
}
