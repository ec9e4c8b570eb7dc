package gdpr

import (
	"errors"
	"regexp"
	"strings"
	"unicode"
	"unicode/utf8"

	"github.com/klient-crm/klient/domain"
)

// Length limits, in characters, of the free-text fields.
const (
	maxLineLength = 200
	maxNoteLength = 4000
)

// cleanLine trims s and checks it is one line of printable text of at most
// maxLineLength characters, present when required.
func cleanLine(field, s string, required bool) (string, error) {
	return cleanText(field, s, maxLineLength, required, hiddenInLine)
}

// cleanBlock is cleanLine for text that may run over several lines.
func cleanBlock(field, s string, required bool) (string, error) {
	return cleanText(field, s, maxNoteLength, required, hiddenInBlock)
}

func cleanText(field, s string, limit int, required bool, hidden func(rune) bool) (string, error) {
	if !utf8.ValidString(s) {
		return "", domain.Invalid(field, "this field holds bytes that are not text").WithCode("gdpr.text.encoding")
	}
	if strings.IndexFunc(s, hidden) >= 0 {
		return "", domain.Invalid(field, "this field holds control characters").WithCode("gdpr.text.control")
	}
	s = strings.TrimSpace(s)
	if required && s == "" {
		return "", domain.Invalid(field, "this field is required").WithCode("gdpr.text.required")
	}
	if utf8.RuneCountInString(s) > limit {
		return "", domain.Invalid(field, "this field is longer than %d characters", limit).WithCode("gdpr.text.too_long")
	}
	return s, nil
}

// hiddenInLine reports control characters (newlines too) and the
// bidirectional overrides that make a list show other text than is stored.
func hiddenInLine(r rune) bool {
	return unicode.IsControl(r) || r == '\u2028' || r == '\u2029' ||
		('\u202a' <= r && r <= '\u202e') || ('\u2066' <= r && r <= '\u2069')
}

// hiddenInBlock is hiddenInLine but for line breaks and tabs.
func hiddenInBlock(r rune) bool {
	return r != '\n' && r != '\r' && r != '\t' && hiddenInLine(r)
}

// idPattern is what an ID of a subject, request, basis, consent or staff
// member looks like: the UUIDs the commands choose, or a system job's name.
// It never holds '|', which the withdrawal links use as a separator.
var idPattern = regexp.MustCompile(`^[A-Za-z0-9][A-Za-z0-9_-]{0,99}$`)

func validID(s string) bool { return idPattern.MatchString(s) }

// checkID refuses with refusal an ID that cannot name a record. Callers
// spell out the refusal's code, where the catalogue test finds it.
func checkID(id string, refusal *domain.Error) error {
	if !validID(id) {
		return refusal
	}
	return nil
}

// notAnID is the refusal of a malformed ID in field.
func notAnID(field string) *domain.Error { return domain.Invalid(field, "this is not an ID") }

// joinProblems returns nil, the one problem, or all of them joined, so
// that a form can mark every field at once (errors.As finds the first).
func joinProblems(errs ...error) error {
	var out []error
	for _, err := range errs {
		if joined, ok := err.(interface{ Unwrap() []error }); ok {
			out = append(out, joined.Unwrap()...)
		} else if err != nil {
			out = append(out, err)
		}
	}
	switch len(out) {
	case 0:
		return nil
	case 1:
		return out[0]
	}
	return errors.Join(out...)
}
