package communication

import (
	"errors"
	"regexp"
	"strings"
	"unicode"
	"unicode/utf8"

	"github.com/klient-crm/klient/domain"
)

// Length limits, in characters.
const (
	MaxSubjectLineLength = 300
	MaxBodyLength        = 100_000
)

// cleanLine trims s and checks it is one line of printable text of at most
// max characters.
func cleanLine(field, s string, max int) (string, error) {
	if err := printable(field, s, hidden); err != nil {
		return "", err
	}
	return limit(field, strings.TrimSpace(s), max)
}

// cleanBody checks free text: newlines and tabs are welcome, other control
// characters are not. Windows line ends become "\n", so a corrected body
// compares equal to the one it replaces.
func cleanBody(field, s string, max int) (string, error) {
	s = strings.ReplaceAll(s, "\r\n", "\n")
	if err := printable(field, s, func(r rune) bool { return r != '\n' && r != '\t' && hidden(r) }); err != nil {
		return "", err
	}
	return limit(field, strings.TrimRightFunc(s, unicode.IsSpace), max)
}

func printable(field, s string, refused func(rune) bool) error {
	if !utf8.ValidString(s) {
		return domain.Invalid(field, "this field holds bytes that are not text").WithCode("communication.text.encoding")
	}
	if strings.IndexFunc(s, refused) >= 0 {
		return domain.Invalid(field, "this field holds control characters").WithCode("communication.text.control")
	}
	return nil
}

func limit(field, s string, max int) (string, error) {
	if utf8.RuneCountInString(s) > max {
		return "", domain.Invalid(field, "this field is longer than %d characters", max).WithCode("communication.text.too_long")
	}
	return s, nil
}

// hidden reports control characters and the bidirectional overrides that
// make a list show text other than what is stored.
func hidden(r rune) bool {
	return unicode.IsControl(r) || r == '\u2028' || r == '\u2029' ||
		('\u202a' <= r && r <= '\u202e') || ('\u2066' <= r && r <= '\u2069')
}

// idPattern is what a record's or staff member's ID looks like: the UUIDs
// the commands choose, or a system job's name.
var idPattern = regexp.MustCompile(`^[A-Za-z0-9][A-Za-z0-9_-]{0,99}$`)

func validID(s string) bool { return idPattern.MatchString(s) }

// problems gathers every rule an input breaks, so a form can mark all its
// fields at once.
type problems []error

func (p *problems) add(err error) {
	if joined, ok := err.(interface{ Unwrap() []error }); ok {
		*p = append(*p, joined.Unwrap()...)
	} else if err != nil {
		*p = append(*p, err)
	}
}

func (p problems) err() error {
	switch len(p) {
	case 0:
		return nil
	case 1:
		return p[0]
	}
	return errors.Join(p...)
}
