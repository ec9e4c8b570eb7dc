package contacts

import (
	"strings"

	"github.com/klient-crm/klient/domain/contact"
)

// personDetails is what the form says about a person, blank rows dropped.
func (in contactInput) personDetails() (contact.PersonDetails, rowMap) {
	d := in.Person
	m := rowMap{}
	d.Emails, m["emails"] = filled(in.Emails, blankEmail)
	d.Phones, m["phones"] = filled(in.Phones, blankPhone)
	d.Addresses, m["addresses"] = filled(in.Addrs, blankAddress)
	return d, m
}

// organisationDetails is personDetails for an organisation.
func (in contactInput) organisationDetails() (contact.OrganisationDetails, rowMap) {
	d := in.Org
	m := rowMap{}
	d.Emails, m["emails"] = filled(in.Emails, blankEmail)
	d.Phones, m["phones"] = filled(in.Phones, blankPhone)
	d.Addresses, m["addresses"] = filled(in.Addrs, blankAddress)
	return d, m
}

// first is the details without their row map.
func first[D any](d D, _ rowMap) D { return d }

// numberFieldOf is the form's field of a kind's identity number.
func numberFieldOf(kind string) string {
	if kind == kindOrganisation {
		return "organisationsnummer"
	}
	return "personnummer"
}

func blankEmail(e contact.Email) bool { return isBlank(e.Address, e.Label) }
func blankPhone(p contact.Phone) bool { return isBlank(p.Number, p.Label) }
func blankAddress(a contact.Address) bool {
	return isBlank(a.Label, a.Street, a.PostalCode, a.City, a.Country)
}

func isBlank(values ...string) bool {
	for _, v := range values {
		if strings.TrimSpace(v) != "" {
			return false
		}
	}
	return true
}
