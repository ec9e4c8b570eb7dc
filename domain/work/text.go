package work

import (
	"strings"

	"github.com/klient-crm/klient/domain"
)

// Length limits, in characters, of the free-text fields.
const (
	MaxTitleLength       = 200
	MaxReasonLength      = 500
	MaxDescriptionLength = 10000
)

// textCodes are this context's catalogue codes for domain.Text's refusals.
var textCodes = domain.TextCodes{EncodingCode: "work.text.encoding", ControlCode: "work.text.control",
	RequiredCode: "work.text.required", TooLongCode: "work.text.too_long"}

// cleanTitle trims a title and checks it is present, one-line text
// (domain.Text): titles show in lists and calendar feeds.
func cleanTitle(field, s string) (string, error) {
	return domain.Text{Max: MaxTitleLength, Required: true, Codes: textCodes}.Clean(field, s)
}

// cleanReason trims why a deadline moved or was cancelled: one line, and
// optional.
func cleanReason(s string) (string, error) {
	return domain.Text{Max: MaxReasonLength, Codes: textCodes}.Clean("reason", s)
}

// cleanDescription trims a description, which may span lines and be empty.
// Windows and old Mac line ends become "\n".
func cleanDescription(field, s string) (string, error) {
	s = strings.ReplaceAll(strings.ReplaceAll(s, "\r\n", "\n"), "\r", "\n")
	return domain.Text{Max: MaxDescriptionLength, Admit: "\n\t", Codes: textCodes}.Clean(field, s)
}

// ValidID reports whether s can name a record (domain.ValidID); the
// commands check the links they are given with it.
func ValidID(s string) bool { return domain.ValidID(s) }

// checkID refuses a missing or malformed ID of kind ("task", "deadline").
func checkID(field, kind, id string) error {
	switch {
	case id == "":
		return domain.Invalid(field, "a %s needs an ID", kind).WithCode("work." + kind + ".id.required")
	case !ValidID(id):
		return domain.Invalid(field, "this is not a %s ID", kind).WithCode("work." + kind + ".id.format")
	}
	return nil
}

// checkLink refuses a linked record's ID that cannot name one; "" is no link.
func checkLink(field, id string) error {
	if id != "" && !ValidID(id) {
		return domain.Invalid(field, "this does not name a record").WithCode("work.link.format")
	}
	return nil
}
