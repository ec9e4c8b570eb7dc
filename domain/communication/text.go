package communication

import (
	"strings"

	"github.com/klient-crm/klient/domain"
)

// Length limits, in characters.
const (
	MaxSubjectLineLength = 300
	MaxBodyLength        = 100_000
)

// textCodes are this context's catalogue codes for domain.Text's refusals.
var textCodes = domain.TextCodes{EncodingCode: "communication.text.encoding", ControlCode: "communication.text.control",
	RequiredCode: "communication.text.required", TooLongCode: "communication.text.too_long"}

// cleanLine trims s and checks it is one line of text of at most max
// characters (domain.Text).
func cleanLine(field, s string, max int) (string, error) {
	return domain.Text{Max: max, Codes: textCodes}.Clean(field, s)
}

// cleanBody checks free text: newlines and tabs are welcome, other hidden
// characters are not, and only the end is trimmed, so that a quoted first
// line keeps its indent. Windows line ends become "\n", so a corrected body
// compares equal to the one it replaces.
func cleanBody(field, s string, max int) (string, error) {
	s = strings.ReplaceAll(s, "\r\n", "\n")
	return domain.Text{Max: max, Admit: "\n\t", KeepIndent: true, Codes: textCodes}.Clean(field, s)
}
