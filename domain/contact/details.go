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

// Personnummer is a validated Swedish personal identity number (or
// samordningsnummer), always in the twelve-digit form YYYYMMDD-NNNN.
type Personnummer struct {
	number       string
	birthDate    time.Time
	coordination bool
}

// String returns the normalised form YYYYMMDD-NNNN (a samordningsnummer
// keeps its day + 60: that is the number).
func (p Personnummer) String() string { return p.number }

// BirthDate is the date of birth at midnight UTC.
func (p Personnummer) BirthDate() time.Time { return p.birthDate }

// IsSamordningsnummer reports a coordination number: Skatteverket gives them
// to people who are not (or not yet) registered in Sweden, with day + 60.
func (p Personnummer) IsSamordningsnummer() bool { return p.coordination }

// ParsePersonnummer accepts YYMMDD-NNNN, YYMMDD+NNNN, YYMMDDNNNN and the same
// with a four-digit year. A ten-digit number does not say its century: it is
// the one that makes the person younger than 100 on now's date, or 100 or
// older when written with '+' (now's calendar date in its own location).
func ParsePersonnummer(s string, now time.Time) (Personnummer, error) {
	f, err := splitPersonnummer(strings.TrimSpace(s))
	if err != nil {
		return Personnummer{}, err
	}
	if !luhnValid(f.digits[len(f.digits)-10:]) {
		return Personnummer{}, personnummerError("checksum", "the personnummer's check digit is wrong")
	}
	b, err := f.birth(now)
	if err != nil {
		return Personnummer{}, err
	}
	return Personnummer{
		number:       fmt.Sprintf("%04d%s-%s", b.year, f.digits[len(f.digits)-8:len(f.digits)-4], f.digits[len(f.digits)-4:]),
		birthDate:    b.date(),
		coordination: b.coordination,
	}, nil
}

// writtenPersonnummer is the input cut into its digits and its separator.
type writtenPersonnummer struct {
	digits string // 10 or 12 digits
	plus   bool
}

func splitPersonnummer(s string) (writtenPersonnummer, error) {
	var f writtenPersonnummer
	f.digits = s
	if n := len(s); n == 11 || n == 13 {
		switch s[n-5] {
		case '+':
			f.plus = true
			fallthrough
		case '-':
			f.digits = s[:n-5] + s[n-4:]
		}
	}
	if !allDigits(f.digits) || (len(f.digits) != 10 && len(f.digits) != 12) {
		return f, personnummerError("format", "a personnummer is written YYYYMMDD-NNNN or YYMMDD-NNNN")
	}
	return f, nil
}

func personnummerError(what, message string) *domain.Error {
	return domain.Invalid("personnummer", "%s", message).WithCode("contact.personnummer." + what)
}

// birth is the date a personnummer encodes, before it is known to be real.
type birth struct {
	year, month, day int
	coordination     bool // the day was written + 60 (samordningsnummer)
}

// birth resolves the century (when the number has none) and checks that the
// date exists and is not after now.
func (f writtenPersonnummer) birth(now time.Time) (birth, error) {
	d := f.digits[len(f.digits)-10:]
	b := birth{year: atoi(d[0:2]), month: atoi(d[2:4]), day: atoi(d[4:6])}
	if b.day > 60 {
		b.day -= 60
		b.coordination = true
	}
	if len(f.digits) == 12 {
		b.year = atoi(f.digits[0:4])
	} else {
		b.year = resolveCentury(b, f.plus, now)
	}
	return b, b.check(f, now)
}

// resolveCentury picks the latest year ending in b.year whose date is not
// after now, then steps back a century for '+' (100 years or older).
func resolveCentury(b birth, plus bool, now time.Time) int {
	y := now.Year() - ((now.Year()-b.year)%100+100)%100
	if y == now.Year() && b.month*100+b.day > int(now.Month())*100+now.Day() {
		y -= 100
	}
	if plus {
		y -= 100
	}
	return y
}

func (b birth) check(f writtenPersonnummer, now time.Time) error {
	if b.month < 1 || b.month > 12 || b.day < 1 || b.date().Day() != b.day {
		return personnummerError("date", "the personnummer's birth date does not exist")
	}
	today := time.Date(now.Year(), now.Month(), now.Day(), 0, 0, 0, 0, time.UTC)
	if b.date().After(today) {
		return personnummerError("future", "the personnummer's birth date lies in the future")
	}
	// A twelve-digit number states its century; a '+' in it must then agree.
	if len(f.digits) == 12 && f.plus && b.date().AddDate(100, 0, 0).After(today) {
		return personnummerError("separator", "'+' is only written for people aged 100 or more")
	}
	return nil
}

// date is the birth date at midnight UTC; an impossible date normalises
// (31 April → 1 May), which check uses to detect it.
func (b birth) date() time.Time {
	return time.Date(b.year, time.Month(b.month), b.day, 0, 0, 0, 0, time.UTC)
}

// luhnValid reports whether digits (ASCII '0'–'9' only) end in a correct
// Luhn check digit. Personnummer and organisationsnummer both use it over
// their ten-digit form, with weights 2 and 1 from the left.
func luhnValid(digits string) bool {
	sum := 0
	for i := 0; i < len(digits); i++ {
		d := int(digits[i] - '0')
		if (len(digits)-i)%2 == 0 {
			d *= 2
			if d > 9 {
				d -= 9
			}
		}
		sum += d
	}
	return sum%10 == 0
}

// allDigits reports whether s is non-empty and holds only ASCII digits.
func allDigits(s string) bool {
	if s == "" {
		return false
	}
	for i := 0; i < len(s); i++ {
		if s[i] < '0' || s[i] > '9' {
			return false
		}
	}
	return true
}

// atoi reads a short run of ASCII digits already checked by allDigits.
func atoi(s string) int {
	n := 0
	for i := 0; i < len(s); i++ {
		n = n*10 + int(s[i]-'0')
	}
	return n
}

// Organisationsnummer is a validated Swedish organisation number of a legal
// person (aktiebolag, förening, stiftelse, myndighet …), always NNNNNN-NNNN.
type Organisationsnummer struct{ number string }

// String returns the normalised form NNNNNN-NNNN.
func (o Organisationsnummer) String() string { return o.number }

// ParseOrganisationsnummer accepts NNNNNN-NNNN or NNNNNNNNNN, optionally
// prefixed with the fictitious century digits "16" some registers use. The
// third digit is 2 or more: read as a month, no person is born then, which is
// what keeps organisation numbers apart from personnummer.
func ParseOrganisationsnummer(s string) (Organisationsnummer, error) {
	digits := strings.TrimSpace(s)
	if len(digits) == 11 && digits[6] == '-' || len(digits) == 13 && digits[8] == '-' {
		digits = digits[:len(digits)-5] + digits[len(digits)-4:]
	}
	if len(digits) == 12 && strings.HasPrefix(digits, "16") {
		digits = digits[2:]
	}
	if len(digits) != 10 || !allDigits(digits) {
		return Organisationsnummer{}, organisationsnummerError("format", "an organisationsnummer is written NNNNNN-NNNN")
	}
	if digits[2] < '2' {
		return Organisationsnummer{}, organisationsnummerError("not_organisation", "this is not an organisation's number (its third digit is below 2)")
	}
	if !luhnValid(digits) {
		return Organisationsnummer{}, organisationsnummerError("checksum", "the organisationsnummer's check digit is wrong")
	}
	return Organisationsnummer{number: digits[:6] + "-" + digits[6:]}, nil
}

// parseOrganisationIdentity reads the number in an organisation's details.
// A sole trader (enskild firma) has no organisationsnummer of its own: its
// number is the owner's personnummer, so one is accepted here and kept in
// its twelve-digit form YYYYMMDD-NNNN (the length tells the two apart). The
// details are sealed like a person's either way.
func parseOrganisationIdentity(s string, now time.Time) (string, error) {
	o, orgErr := ParseOrganisationsnummer(s)
	if orgErr == nil {
		return o.String(), nil
	}
	p, personErr := ParsePersonnummer(s, now)
	if personErr == nil {
		return p.String(), nil
	}
	if orgErr.(*domain.Error).Code == "contact.organisationsnummer.not_organisation" {
		// Shaped like a personnummer: its own complaint is the useful one.
		return "", personErr
	}
	return "", orgErr
}

func organisationsnummerError(what, message string) *domain.Error {
	return domain.Invalid("organisationsnummer", "%s", message).WithCode("contact.organisationsnummer." + what)
}
