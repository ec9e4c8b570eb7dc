package contact

import (
	"errors"
	"strings"
	"unicode"
	"unicode/utf8"

	"github.com/klient-crm/klient/domain"
)

// Length limits, in characters, of the free-text fields.
const (
	maxNameLength             = 100
	maxOrganisationNameLength = 200
	maxLabelLength            = 40
	maxStreetLength           = 200
	maxCityLength             = 100
	maxRoleLength             = 100
)

// cleanText trims s and checks it is printable text of at most max
// characters, present when required.
func cleanText(field, s string, max int, required bool) (string, error) {
	if !utf8.ValidString(s) {
		return "", domain.Invalid(field, "this field holds bytes that are not text").WithCode("contact.text.encoding")
	}
	if strings.IndexFunc(s, hidden) >= 0 {
		return "", domain.Invalid(field, "this field holds control characters").WithCode("contact.text.control")
	}
	s = strings.TrimSpace(s)
	if required && s == "" {
		return "", domain.Invalid(field, "this field is required").WithCode("contact.text.required")
	}
	if utf8.RuneCountInString(s) > max {
		return "", domain.Invalid(field, "this field is longer than %d characters", max).WithCode("contact.text.too_long")
	}
	return s, nil
}

// hidden reports characters that do not belong in a name or an address:
// control characters (tabs and newlines too: every field is one line) and
// the bidirectional overrides that make a list show text other than what is
// stored.
func hidden(r rune) bool {
	return unicode.IsControl(r) || r == '\u2028' || r == '\u2029' ||
		('\u202a' <= r && r <= '\u202e') || ('\u2066' <= r && r <= '\u2069')
}

// problems gathers every rule an input breaks, so that a form can mark all
// its fields at once.
type problems []error

// add records err; a joined error is added part by part, so that the
// final error is one flat list however deep the checks nest.
func (p *problems) add(err error) {
	if joined, ok := err.(interface{ Unwrap() []error }); ok {
		*p = append(*p, joined.Unwrap()...)
	} else if err != nil {
		*p = append(*p, err)
	}
}

// err returns nil, the one problem, or all of them joined: errors.As then
// finds the first *domain.Error, and Unwrap() []error gives every one.
func (p problems) err() error {
	switch len(p) {
	case 0:
		return nil
	case 1:
		return p[0]
	}
	return errors.Join(p...)
}
