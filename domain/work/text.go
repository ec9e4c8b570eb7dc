package work

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
	MaxTitleLength       = 200
	MaxReasonLength      = 500
	MaxDescriptionLength = 10000
)

// cleanTitle trims a title and checks it is present, printable, one-line
// text: titles show in lists and calendar feeds.
func cleanTitle(field, s string) (string, error) {
	s, err := cleanText(field, s, MaxTitleLength, hidden)
	if err == nil && s == "" {
		err = domain.Invalid(field, "this field is required").WithCode("work.text.required")
	}
	return s, err
}

// cleanReason trims why a deadline moved or was cancelled: one line, and
// optional.
func cleanReason(s string) (string, error) { return cleanText("reason", s, MaxReasonLength, hidden) }

// cleanDescription trims a description, which may span lines and be empty.
func cleanDescription(field, s string) (string, error) {
	s = strings.ReplaceAll(strings.ReplaceAll(s, "\r\n", "\n"), "\r", "\n")
	return cleanText(field, s, MaxDescriptionLength, func(r rune) bool {
		return r != '\n' && r != '\t' && hidden(r)
	})
}

func cleanText(field, s string, max int, forbidden func(rune) bool) (string, error) {
	if !utf8.ValidString(s) {
		return "", domain.Invalid(field, "this field holds bytes that are not text").WithCode("work.text.encoding")
	}
	if strings.IndexFunc(s, forbidden) >= 0 {
		return "", domain.Invalid(field, "this field holds control characters").WithCode("work.text.control")
	}
	s = strings.TrimSpace(s)
	if utf8.RuneCountInString(s) > max {
		return "", domain.Invalid(field, "this field is longer than %d characters", max).WithCode("work.text.too_long")
	}
	return s, nil
}

// hidden reports control characters and the bidirectional overrides that
// make a list show text other than what is stored.
func hidden(r rune) bool {
	return unicode.IsControl(r) || r == '\u2028' || r == '\u2029' ||
		('\u202a' <= r && r <= '\u202e') || ('\u2066' <= r && r <= '\u2069')
}

// idPattern is what the ID of a task, deadline, staff member, matter or
// contact looks like: the UUIDs the commands choose, or a system job's name.
var idPattern = regexp.MustCompile(`^[A-Za-z0-9][A-Za-z0-9_-]{0,99}$`)

// ValidID reports whether s can name a record.
func ValidID(s string) bool { return idPattern.MatchString(s) }

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
