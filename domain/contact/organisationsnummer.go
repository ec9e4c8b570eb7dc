package contact

import (
	"strings"
	"time"

	"github.com/klient-crm/klient/domain"
)

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
