package contact

import (
	"fmt"
	"strings"

	"github.com/klient-crm/klient/domain"
)

// MaxAddresses is how many postal addresses one contact may have.
const MaxAddresses = 5

// DefaultCountry is the country of an address that names none.
const DefaultCountry = "SE"

func cleanAddresses(addresses []Address) ([]Address, error) {
	if len(addresses) > MaxAddresses {
		return nil, domain.Invalid("addresses", "at most %d postal addresses", MaxAddresses).WithCode("contact.address.too_many")
	}
	var out []Address
	var p domain.Problems
	for i, a := range addresses {
		c, err := cleanAddress(fmt.Sprintf("addresses[%d]", i), a)
		p.Add(err)
		out = append(out, c)
	}
	return out, p.Err()
}

func cleanAddress(field string, a Address) (Address, error) {
	var p domain.Problems
	var c Address
	var err error
	c.Label, err = cleanText(field+".label", a.Label, maxLabelLength, false)
	p.Add(err)
	c.Street, err = cleanText(field+".street", a.Street, maxStreetLength, true)
	p.Add(err)
	c.City, err = cleanText(field+".city", a.City, maxCityLength, true)
	p.Add(err)
	c.Country, err = cleanCountry(field+".country", a.Country)
	p.Add(err)
	c.PostalCode, err = cleanPostalCode(field+".postal_code", a.PostalCode, c.Country)
	p.Add(err)
	return c, p.Err()
}

func cleanCountry(field, s string) (string, error) {
	s, err := cleanText(field, s, 2, false)
	if err != nil {
		return "", domain.Invalid(field, "a country is its two-letter ISO code, such as SE").WithCode("contact.address.country")
	}
	if s == "" {
		return DefaultCountry, nil
	}
	s = strings.ToUpper(s)
	if !isCountry(s) {
		return "", domain.Invalid(field, "a country is its two-letter ISO code, such as SE").WithCode("contact.address.country")
	}
	return s, nil
}

// cleanPostalCode wants a Swedish postal code (NNN NN, first digit not 0)
// for an address in Sweden and keeps any other country's as typed.
func cleanPostalCode(field, s, country string) (string, error) {
	s, err := cleanText(field, s, 16, country == "SE")
	if err != nil || country != "SE" {
		return s, err
	}
	digits := strings.Replace(s, " ", "", 1)
	if len(digits) != 5 || !allDigits(digits) || digits[0] == '0' {
		return "", domain.Invalid(field, "a Swedish postal code is written NNN NN").WithCode("contact.address.postal_code")
	}
	return digits[:3] + " " + digits[3:], nil
}
