package access

import "github.com/klient-crm/klient/domain"

// Length limits, in characters, of the free-text fields.
const (
	maxNameLength   = 100
	maxEmailLength  = 254 // the longest address SMTP can carry
	maxReasonLength = 500
)

// textCodes are this context's catalogue codes for domain.Text's refusals.
var textCodes = domain.TextCodes{EncodingCode: "access.text.encoding", ControlCode: "access.text.control",
	RequiredCode: "access.text.required", TooLongCode: "access.text.too_long"}

// cleanText trims s and checks it is present, one-line text of at most max
// characters (domain.Text).
func cleanText(field, s string, max int) (string, error) {
	return domain.Text{Max: max, Required: true, Codes: textCodes}.Clean(field, s)
}
