package contact

import (
	"fmt"
	"net/mail"
	"strings"
	"time"
	"unicode"

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

// MaxEmails is how many e-mail addresses one contact may have.
const MaxEmails = 10

const maxEmailLength = 254 // the longest address SMTP can carry

func cleanEmails(emails []Email) ([]Email, error) {
	if len(emails) > MaxEmails {
		return nil, domain.Invalid("emails", "at most %d e-mail addresses", MaxEmails).WithCode("contact.email.too_many")
	}
	var out []Email
	var p domain.Problems
	seen := map[string]bool{}
	for i, e := range emails {
		field := fmt.Sprintf("emails[%d]", i)
		c, err := cleanEmail(field, e)
		p.Add(err)
		if err == nil && seen[strings.ToLower(c.Address)] {
			p.Add(domain.Invalid(field+".address", "this e-mail address is listed twice").WithCode("contact.email.duplicate"))
		}
		seen[strings.ToLower(c.Address)] = true
		out = append(out, c)
	}
	return out, p.Err()
}

func cleanEmail(field string, e Email) (Email, error) {
	var p domain.Problems
	address, err := cleanEmailAddress(field+".address", e.Address)
	p.Add(err)
	label, err := cleanText(field+".label", e.Label, maxLabelLength, false)
	p.Add(err)
	return Email{Address: address, Label: label}, p.Err()
}

// cleanEmailAddress takes a bare address (no display name) whose domain has
// at least one dot, and lower-cases the domain; the local part is the
// recipient's business and keeps its case.
func cleanEmailAddress(field, s string) (string, error) {
	s, err := cleanText(field, s, maxEmailLength, true)
	if err != nil {
		return "", err
	}
	bad := domain.Invalid(field, "this is not an e-mail address").WithCode("contact.email.format")
	a, err := mail.ParseAddress(s)
	if err != nil || a.Name != "" || a.Address != s {
		return "", bad
	}
	at := strings.LastIndexByte(s, '@')
	host := strings.ToLower(s[at+1:])
	if !validMailDomain(host) {
		return "", bad
	}
	return s[:at+1] + host, nil
}

// validMailDomain wants dot-separated labels of letters, digits and
// hyphens (Swedish å, ä, ö included), at least two of them.
func validMailDomain(host string) bool {
	labels := strings.Split(host, ".")
	if len(labels) < 2 {
		return false
	}
	for _, l := range labels {
		if l == "" || l[0] == '-' || l[len(l)-1] == '-' || strings.IndexFunc(l, notHostRune) >= 0 {
			return false
		}
	}
	return true
}

func notHostRune(r rune) bool { return !unicode.IsLetter(r) && !unicode.IsDigit(r) && r != '-' }

// MaxPhones is how many phone numbers one contact may have.
const MaxPhones = 10

func cleanPhones(phones []Phone) ([]Phone, error) {
	if len(phones) > MaxPhones {
		return nil, domain.Invalid("phones", "at most %d phone numbers", MaxPhones).WithCode("contact.phone.too_many")
	}
	var out []Phone
	var p domain.Problems
	seen := map[string]bool{}
	for i, ph := range phones {
		field := fmt.Sprintf("phones[%d]", i)
		c, err := cleanPhone(field, ph)
		p.Add(err)
		if err == nil && seen[c.Number] {
			p.Add(domain.Invalid(field+".number", "this phone number is listed twice").WithCode("contact.phone.duplicate"))
		}
		seen[c.Number] = true
		out = append(out, c)
	}
	return out, p.Err()
}

func cleanPhone(field string, ph Phone) (Phone, error) {
	var p domain.Problems
	number, err := cleanPhoneNumber(field+".number", ph.Number)
	p.Add(err)
	label, err := cleanText(field+".label", ph.Label, maxLabelLength, false)
	p.Add(err)
	return Phone{Number: number, Label: label}, p.Err()
}

// cleanPhoneNumber turns what people type (070-123 45 67, 08 12 34 56,
// +46 70 123 45 67, 0044 20 …) into one international form (+46701234567)
// so that the same number is always stored the same way.
func cleanPhoneNumber(field, s string) (string, error) {
	s, err := cleanText(field, s, 32, true)
	if err != nil {
		return "", err
	}
	digits := strings.NewReplacer(" ", "", "-", "").Replace(s)
	var international string
	switch {
	case strings.HasPrefix(digits, "+"):
		international = digits[1:]
	case strings.HasPrefix(digits, "00"):
		international = digits[2:]
	case strings.HasPrefix(digits, "0"):
		international = "46" + digits[1:] // a Swedish number with its trunk 0
	default:
		return "", domain.Invalid(field, "write the number with its area code (07…, 08…) or as +country code").WithCode("contact.phone.format")
	}
	if !allDigits(international) {
		return "", domain.Invalid(field, "a phone number holds only digits, spaces, dashes and a leading +").WithCode("contact.phone.format")
	}
	// "+46 (0)70…" is often typed without the brackets: the 0 is not dialled.
	if strings.HasPrefix(international, "460") {
		international = "46" + international[3:]
	}
	if len(international) < 7 || len(international) > 15 {
		return "", domain.Invalid(field, "a phone number has between 7 and 15 digits with its country code").WithCode("contact.phone.length")
	}
	return "+" + international, nil
}

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

// Length limits, in characters, of the free-text fields.
const (
	maxNameLength             = 100
	maxOrganisationNameLength = 200
	maxLabelLength            = 40
	maxStreetLength           = 200
	maxCityLength             = 100
	maxRoleLength             = 100
)

// textCodes are this context's catalogue codes for domain.Text's refusals.
var textCodes = domain.TextCodes{EncodingCode: "contact.text.encoding", ControlCode: "contact.text.control",
	RequiredCode: "contact.text.required", TooLongCode: "contact.text.too_long"}

// cleanText trims s and checks it is one line of text of at most max
// characters, present when required (domain.Text): every field of a
// contact is one line.
func cleanText(field, s string, max int, required bool) (string, error) {
	return domain.Text{Max: max, Required: required, Codes: textCodes}.Clean(field, s)
}
