package gdpr

import "github.com/klient-crm/klient/domain"

// Length limits, in characters, of the free-text fields.
const (
	maxLineLength = 200
	maxNoteLength = 4000
)

// textCodes are this context's catalogue codes for domain.Text's refusals.
var textCodes = domain.TextCodes{EncodingCode: "gdpr.text.encoding", ControlCode: "gdpr.text.control",
	RequiredCode: "gdpr.text.required", TooLongCode: "gdpr.text.too_long"}

// cleanLine trims s and checks it is one line of text of at most
// maxLineLength characters, present when required (domain.Text).
func cleanLine(field, s string, required bool) (string, error) {
	return domain.Text{Max: maxLineLength, Required: required, Codes: textCodes}.Clean(field, s)
}

// cleanBlock is cleanLine for text of at most maxNoteLength characters that
// may run over several lines.
func cleanBlock(field, s string, required bool) (string, error) {
	return domain.Text{Max: maxNoteLength, Required: required, Admit: "\n\r\t", Codes: textCodes}.Clean(field, s)
}

// checkID refuses with refusal an ID that cannot name a record
// (domain.ValidID). Callers spell out the refusal's code, where the
// catalogue test finds it.
func checkID(id string, refusal *domain.Error) error {
	if !domain.ValidID(id) {
		return refusal
	}
	return nil
}

// notAnID is the refusal of a malformed ID in field.
func notAnID(field string) *domain.Error { return domain.Invalid(field, "this is not an ID") }
