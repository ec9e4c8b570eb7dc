package access

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
	maxNameLength   = 100
	maxEmailLength  = 254 // the longest address SMTP can carry
	maxReasonLength = 500
)

// cleanText trims s and checks it is present, printable, one-line text of
// at most max characters. It is the contact context's rule for names, kept
// small here rather than shared, since the codes differ.
func cleanText(field, s string, max int) (string, error) {
	if !utf8.ValidString(s) {
		return "", domain.Invalid(field, "this field holds bytes that are not text").WithCode("access.text.encoding")
	}
	if strings.IndexFunc(s, hidden) >= 0 {
		return "", domain.Invalid(field, "this field holds control characters").WithCode("access.text.control")
	}
	s = strings.TrimSpace(s)
	if s == "" {
		return "", domain.Invalid(field, "this field is required").WithCode("access.text.required")
	}
	if utf8.RuneCountInString(s) > max {
		return "", domain.Invalid(field, "this field is longer than %d characters", max).WithCode("access.text.too_long")
	}
	return s, nil
}

// hidden reports control characters (newlines too: every field is one line)
// and the bidirectional overrides that make a list show text other than
// what is stored.
func hidden(r rune) bool {
	return unicode.IsControl(r) || r == '\u2028' || r == '\u2029' ||
		('\u202a' <= r && r <= '\u202e') || ('\u2066' <= r && r <= '\u2069')
}

// idPattern is what an ID of a staff member, wall or walled record looks
// like: the UUIDs the commands choose, or a system job's name.
var idPattern = regexp.MustCompile(`^[A-Za-z0-9][A-Za-z0-9_-]{0,99}$`)

// validID reports whether s can name a record.
func validID(s string) bool { return idPattern.MatchString(s) }

// joinProblems returns nil, the one problem, or all of them joined, so that
// a form can mark every field at once (errors.As finds the first).
func joinProblems(errs ...error) error {
	var out []error
	for _, err := range errs {
		if err != nil {
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
