package domain

import (
	"regexp"
	"strings"
	"unicode"
	"unicode/utf8"
)

// Text is the one rule for a free-text field of any context. Clean refuses,
// in this order:
//
//   - bytes that are not UTF-8 (Codes.EncodingCode);
//   - a hidden character anywhere in the input, even where trimming would
//     drop it (Codes.ControlCode): a control character (Unicode general
//     category Cc: U+0000–U+001F, U+007F–U+009F, so tab, CR, LF and NEL
//     too), the line and paragraph separators U+2028 and U+2029, and the
//     explicit directional formatting characters of Unicode's bidirectional
//     algorithm (UAX #9), which make a list show other text than is stored:
//     the embeddings and overrides U+202A–U+202E and the isolates
//     U+2066–U+2069. Admit lets free text keep its line breaks and tabs;
//   - when Required, text that is empty once trimmed (Codes.RequiredCode);
//   - more than Max characters (runes, not bytes) once trimmed
//     (Codes.TooLongCode).
//
// It returns s with white space trimmed from both ends, or from the end
// only when KeepIndent. Format characters that are not bidirectional
// formatting (the zero-width space U+200B, the joiners U+200C and U+200D
// that emoji and Persian names need, the marks U+200E and U+200F of
// right-to-left text) are text, not hidden.
type Text struct {
	Max        int       // the most characters, after trimming
	Required   bool      // refuse text that is empty after trimming
	Admit      string    // the hidden characters the field takes: "" for one line, "\n\t" or "\n\r\t" for free text
	KeepIndent bool      // trim the end only, so that the first line keeps its indent
	Codes      TextCodes // the context's catalogue codes for the refusals
}

// TextCodes are the catalogue keys (http/i18n) under which one context
// refuses text, e.g. "contact.text.control". The field names end in "Code"
// so that the catalogue's test finds each context's codes in its source.
type TextCodes struct {
	EncodingCode string // not UTF-8
	ControlCode  string // a hidden character
	RequiredCode string // empty where text is required
	TooLongCode  string // more than Max characters
}

// Clean applies the rule to the input s of field (see Text).
func (t Text) Clean(field, s string) (string, error) {
	if !utf8.ValidString(s) {
		return "", Invalid(field, "this field holds bytes that are not text").WithCode(t.Codes.EncodingCode)
	}
	if strings.IndexFunc(s, func(r rune) bool { return hidden(r) && !strings.ContainsRune(t.Admit, r) }) >= 0 {
		return "", Invalid(field, "this field holds control characters").WithCode(t.Codes.ControlCode)
	}
	if t.KeepIndent {
		s = strings.TrimRightFunc(s, unicode.IsSpace)
	} else {
		s = strings.TrimSpace(s)
	}
	if t.Required && s == "" {
		return "", Invalid(field, "this field is required").WithCode(t.Codes.RequiredCode)
	}
	if utf8.RuneCountInString(s) > t.Max {
		return "", Invalid(field, "this field is longer than %d characters", t.Max).WithCode(t.Codes.TooLongCode)
	}
	return s, nil
}

// hidden reports the characters Text refuses unless admitted.
func hidden(r rune) bool {
	return unicode.IsControl(r) || r == '\u2028' || r == '\u2029' ||
		('\u202a' <= r && r <= '\u202e') || ('\u2066' <= r && r <= '\u2069')
}

// idPattern is what the ID of any record or staff member looks like: the
// UUIDs the commands choose, or a system job's name. It never holds '|',
// which the GDPR withdrawal links use as a separator.
var idPattern = regexp.MustCompile(`^[A-Za-z0-9][A-Za-z0-9_-]{0,99}$`)

// ValidID reports whether s can name a record: 1 to 100 ASCII letters,
// digits, '-' and '_', starting with a letter or digit.
func ValidID(s string) bool { return idPattern.MatchString(s) }
