package contact

import (
	"time"

	"github.com/klient-crm/klient/domain"
)

// NormalisePersonDetails checks d against every rule and returns it in the
// one form Klient stores (trimmed, personnummer YYYYMMDD-NNNN, phones
// +46…, e-mail domains in lower case, empty lists nil). now resolves the
// century of a ten-digit personnummer. The error joins every problem found,
// each a KindInvalid *domain.Error whose Field is a path such as
// "emails[1].address".
func NormalisePersonDetails(d PersonDetails, now time.Time) (PersonDetails, error) {
	var p domain.Problems
	var c PersonDetails
	var err error
	c.GivenName, err = cleanText("given_name", d.GivenName, maxNameLength, true)
	p.Add(err)
	c.FamilyName, err = cleanText("family_name", d.FamilyName, maxNameLength, true)
	p.Add(err)
	c.Personnummer, err = cleanPersonnummer(d.Personnummer, now)
	p.Add(err)
	c.Emails, c.Phones, c.Addresses = cleanReachability(&p, d.Emails, d.Phones, d.Addresses)
	c.ProtectedIdentity = d.ProtectedIdentity
	return c, p.Err()
}

// NormaliseOrganisationDetails is NormalisePersonDetails for an
// organisation. Its number may be a sole trader's personnummer (see
// parseOrganisationIdentity).
func NormaliseOrganisationDetails(d OrganisationDetails, now time.Time) (OrganisationDetails, error) {
	var p domain.Problems
	var c OrganisationDetails
	var err error
	c.Name, err = cleanText("name", d.Name, maxOrganisationNameLength, true)
	p.Add(err)
	c.Organisationsnummer, err = cleanOrganisationsnummer(d.Organisationsnummer, now)
	p.Add(err)
	c.Emails, c.Phones, c.Addresses = cleanReachability(&p, d.Emails, d.Phones, d.Addresses)
	return c, p.Err()
}

func cleanReachability(p *domain.Problems, emails []Email, phones []Phone, addresses []Address) ([]Email, []Phone, []Address) {
	e, err := cleanEmails(emails)
	p.Add(err)
	ph, err := cleanPhones(phones)
	p.Add(err)
	a, err := cleanAddresses(addresses)
	p.Add(err)
	return e, ph, a
}

func cleanPersonnummer(s string, now time.Time) (string, error) {
	s, err := cleanText("personnummer", s, 20, false)
	if err != nil || s == "" {
		return "", err
	}
	pnr, err := ParsePersonnummer(s, now)
	return pnr.String(), err
}

func cleanOrganisationsnummer(s string, now time.Time) (string, error) {
	s, err := cleanText("organisationsnummer", s, 20, false)
	if err != nil || s == "" {
		return "", err
	}
	number, err := parseOrganisationIdentity(s, now)
	if e, ok := err.(*domain.Error); ok {
		e.Field = "organisationsnummer" // a sole trader's personnummer complaint too
	}
	return number, err
}
