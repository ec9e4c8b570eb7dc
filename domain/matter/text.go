package matter

import "github.com/klient-crm/klient/domain"

// Length limits, in characters, of the free-text fields.
const (
	maxTitleLength        = 200
	maxPracticeAreaLength = 60
	maxDescriptionLength  = 4000
	maxPartyNoteLength    = 500
	maxReasonLength       = 1000
	maxNoteLength         = 10000
)

// textCodes are this context's catalogue codes for domain.Text's refusals.
var textCodes = domain.TextCodes{EncodingCode: "matter.text.encoding", ControlCode: "matter.text.control",
	RequiredCode: "matter.text.required", TooLongCode: "matter.text.too_long"}

// cleanLine trims s and checks it is one line of text of at most max
// characters, present when required (domain.Text).
func cleanLine(field, s string, max int, required bool) (string, error) {
	return domain.Text{Max: max, Required: required, Codes: textCodes}.Clean(field, s)
}

// cleanBlock is cleanLine for text that may run over several lines.
func cleanBlock(field, s string, max int, required bool) (string, error) {
	return domain.Text{Max: max, Required: required, Admit: "\n\r\t", Codes: textCodes}.Clean(field, s)
}
