package contacts

import (
	"github.com/klient-crm/klient/domain/contact"
	"github.com/klient-crm/klient/http/web"
	"github.com/klient-crm/klient/projections/contacts"
)

// Kinds of contact as the forms and the API name them.
const (
	kindPerson       = string(contacts.KindPerson)
	kindOrganisation = string(contacts.KindOrganisation)
)

// contactInput is what the contact form holds: every row as typed, blank
// rows included, so a form shown again looks exactly as it was sent.
type contactInput struct {
	Kind    string
	ID      string // empty for a new contact
	Version string // the version the edit started from, as sent back
	Person  contact.PersonDetails
	Org     contact.OrganisationDetails
	Emails  []contact.Email
	Phones  []contact.Phone
	Addrs   []contact.Address
}

// Blank rows a form offers beyond the filled ones; the domain caps the
// total, so a form never offers more rows than it may send.
const (
	blankEmails    = 2
	blankPhones    = 2
	blankAddresses = 1
)

// newInput is an empty form of kind.
func newInput(kind string) contactInput {
	return contactInput{Kind: kind}.padded()
}

// inputOf fills the edit form from the read model.
func inputOf(c contacts.Contact) contactInput {
	in := contactInput{Kind: string(c.Kind), ID: c.ID, Version: web.Uitoa(c.Version),
		Emails: c.Emails, Phones: c.Phones, Addrs: c.Addresses}
	in.Person = contact.PersonDetails{GivenName: c.GivenName, FamilyName: c.FamilyName,
		Personnummer: c.Personnummer, ProtectedIdentity: c.ProtectedIdentity}
	in.Org = contact.OrganisationDetails{Name: c.OrganisationName, Organisationsnummer: c.Organisationsnummer}
	return in.padded()
}

// padded appends the blank rows a person can fill in without JavaScript.
func (in contactInput) padded() contactInput {
	in.Emails = pad(in.Emails, blankEmails, contact.MaxEmails)
	in.Phones = pad(in.Phones, blankPhones, contact.MaxPhones)
	in.Addrs = pad(in.Addrs, blankAddresses, contact.MaxAddresses)
	return in
}

func pad[T any](rows []T, blank, max int) []T {
	n := min(len(rows)+blank, max)
	out := make([]T, n)
	copy(out, rows)
	return out
}
