package http

import (
	"net/http"

	"github.com/go-chi/chi/v5"

	"github.com/klient-crm/klient/domain/contact"
	"github.com/klient-crm/klient/projections/contacts"
)

// contactPage is the view of one contact.
type contactPage struct {
	contacts.Contact
	IsPerson bool
	Done     string // catalogue key of what just happened, or ""
}

// doneMessages are the confirmations a redirect after a write may ask for.
var doneMessages = map[string]string{
	"created":     "contact.done.created",
	"saved":       "contact.done.saved",
	"archived":    "contact.done.archived",
	"reactivated": "contact.done.reactivated",
}

// showContact is the only page that shows a protected person's address,
// under a warning.
func (s *server) showContact(w http.ResponseWriter, r *http.Request) {
	c, err := s.viewContact(r)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	s.renderPage(w, r, http.StatusOK, "contact", contactPage{
		Contact: c, IsPerson: c.Kind == contacts.KindPerson, Done: doneMessages[r.URL.Query().Get("done")],
	})
}

// viewContact reads the contact the route names, as the principal may see
// it, and logs the view.
func (s *server) viewContact(r *http.Request) (contacts.Contact, error) {
	dir, err := s.contacts(r)
	if err != nil {
		return contacts.Contact{}, err
	}
	c, err := dir.Get(r.Context(), chi.URLParam(r, "id"))
	if err != nil {
		return c, err
	}
	return c, s.recordView(r, contactSubjects(c))
}

// AddressLines are an address as it is written on an envelope.
func addressLines(a contact.Address) []string {
	lines := []string{a.Street, a.PostalCode + " " + a.City}
	if a.Country != "" && a.Country != contact.DefaultCountry {
		lines = append(lines, a.Country)
	}
	return lines
}
