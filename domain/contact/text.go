package contact

import "github.com/klient-crm/klient/domain"

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
