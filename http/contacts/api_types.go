package contacts

import (
	"time"

	"github.com/klient-crm/klient/domain/contact"
	"github.com/klient-crm/klient/projections/contacts"
)

// ContactJSON is one contact as the API returns it. Details has the same
// shape a client sends: contact.PersonDetails or contact.OrganisationDetails.
type ContactJSON struct {
	ID           string            `json:"id"`
	Kind         string            `json:"kind"`
	Version      uint64            `json:"version"`
	DisplayName  string            `json:"display_name"`
	Archived     bool              `json:"archived"`
	Details      any               `json:"details"`
	Affiliations []AffiliationJSON `json:"affiliations"`
	CreatedAt    time.Time         `json:"created_at"`
	UpdatedAt    time.Time         `json:"updated_at"`
}

type AffiliationJSON struct {
	PersonID         string `json:"person_id"`
	PersonName       string `json:"person_name"`
	OrganisationID   string `json:"organisation_id"`
	OrganisationName string `json:"organisation_name"`
	Role             string `json:"role"`
}

// SummaryJSON is one line of a list or search result; it never holds an
// address.
type SummaryJSON struct {
	ID                string    `json:"id"`
	Kind              string    `json:"kind"`
	DisplayName       string    `json:"display_name"`
	Number            string    `json:"number,omitempty"`
	Email             string    `json:"email,omitempty"`
	Phone             string    `json:"phone,omitempty"`
	ProtectedIdentity bool      `json:"protected_identity"`
	Archived          bool      `json:"archived"`
	Erased            bool      `json:"erased"`
	Version           uint64    `json:"version"`
	UpdatedAt         time.Time `json:"updated_at"`
}

// ListJSON is a page of contacts: Next, when another page follows, is
// the cursor to pass as after.
type ListJSON struct {
	Items []SummaryJSON `json:"items"`
	Next  string        `json:"next,omitempty"`
}

func contactOut(c contacts.Contact) ContactJSON {
	out := ContactJSON{ID: c.ID, Kind: string(c.Kind), Version: c.Version, DisplayName: c.DisplayName,
		Archived: c.Archived, Details: detailsOf(c), Affiliations: []AffiliationJSON{},
		CreatedAt: c.CreatedAt, UpdatedAt: c.UpdatedAt}
	for _, a := range c.Affiliations {
		out.Affiliations = append(out.Affiliations, AffiliationJSON(a))
	}
	return out
}

// detailsOf is the contact's details in the shape a client sends them, so
// a client can change a field and send the object back.
func detailsOf(c contacts.Contact) any {
	if c.Kind == contacts.KindOrganisation {
		return contact.OrganisationDetails{Name: c.OrganisationName, Organisationsnummer: c.Organisationsnummer,
			Emails: c.Emails, Phones: c.Phones, Addresses: c.Addresses}
	}
	return contact.PersonDetails{GivenName: c.GivenName, FamilyName: c.FamilyName, Personnummer: c.Personnummer,
		Emails: c.Emails, Phones: c.Phones, Addresses: c.Addresses, ProtectedIdentity: c.ProtectedIdentity}
}

func listOut(found []contacts.Summary) ListJSON {
	out := ListJSON{Items: make([]SummaryJSON, len(found))}
	for i, s := range found {
		out.Items[i] = SummaryJSON{ID: s.ID, Kind: string(s.Kind), DisplayName: s.DisplayName, Number: s.Number,
			Email: s.Email, Phone: s.Phone, ProtectedIdentity: s.ProtectedIdentity, Archived: s.Archived,
			Erased: s.Erased, Version: s.Version, UpdatedAt: s.UpdatedAt}
	}
	return out
}

// ContactWrittenJSON answers a write the read model does not show yet: the
// contact's ID and the version the write made (202, with Location).
type ContactWrittenJSON struct {
	ID      string `json:"id"`
	Version uint64 `json:"version"`
}
