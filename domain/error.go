package domain

import (
	"errors"
	"fmt"
	"regexp"
	"strings"
	"unicode"
	"unicode/utf8"
)

// Kind classifies an Error so that every edge (HTTP, CLI) can answer it the
// same way without knowing where it came from.
type Kind string

// The kinds of error the product knows. The HTTP edge maps each to a status.
const (
	KindInvalid   Kind = "invalid"   // the input breaks a rule: 400/422
	KindNotFound  Kind = "not_found" // no such thing, or not visible to the caller: 404
	KindConflict  Kind = "conflict"  // someone else changed it first: 409
	KindForbidden Kind = "forbidden" // known caller, not allowed: 403
	KindErased    Kind = "erased"    // the data subject was erased: 410
	KindInternal  Kind = "internal"  // our fault; detail goes only to the log: 500
)

// Error is the one error type of the product. Message is written for a person
// (in English) and must never contain personal data; Code is the key of the
// same message in the UI's message catalogue (http/i18n), so the edge can
// say it in Swedish; Field names the offending input field when there is one.
type Error struct {
	Kind    Kind
	Code    string // catalogue key, e.g. "contact.personnummer.checksum"; empty = generic message for Kind
	Field   string
	Message string
	// Args fill the catalogue message's verbs (a template's line number);
	// never personal data.
	Args []any
	Err  error // the cause, for logs and errors.Is; never shown to users
}

func (e *Error) Error() string {
	s := string(e.Kind)
	if e.Field != "" {
		s += " " + e.Field
	}
	s += ": " + e.Message
	if e.Err != nil {
		s += ": " + e.Err.Error()
	}
	return s
}

func (e *Error) Unwrap() error { return e.Err }

// Invalid reports input that breaks a rule.
func Invalid(field, format string, args ...any) *Error {
	return &Error{Kind: KindInvalid, Field: field, Message: fmt.Sprintf(format, args...)}
}

// WithCode returns e with its catalogue key set.
func (e *Error) WithCode(code string) *Error { e.Code = code; return e }

// WithArgs returns e with the arguments of its catalogue message set.
func (e *Error) WithArgs(args ...any) *Error { e.Args = args; return e }

// NotFound reports a missing (or invisible) thing.
func NotFound(format string, args ...any) *Error {
	return &Error{Kind: KindNotFound, Message: fmt.Sprintf(format, args...)}
}

// Conflict reports a lost race (stale expected version).
func Conflict(format string, args ...any) *Error {
	return &Error{Kind: KindConflict, Message: fmt.Sprintf(format, args...)}
}

// Forbidden reports an action the caller may not take.
func Forbidden(format string, args ...any) *Error {
	return &Error{Kind: KindForbidden, Message: fmt.Sprintf(format, args...)}
}

// Erased reports that the data subject's key was destroyed.
func Erased(format string, args ...any) *Error {
	return &Error{Kind: KindErased, Message: fmt.Sprintf(format, args...)}
}

// Internal wraps an unexpected failure; its message stays generic.
func Internal(err error) *Error {
	return &Error{Kind: KindInternal, Message: "internal error", Err: err}
}

// KindOf returns the kind of err, KindInternal for anything that is not an *Error.
func KindOf(err error) Kind {
	var e *Error
	if errors.As(err, &e) {
		return e.Kind
	}
	return KindInternal
}

// IsKind reports whether err is an *Error of kind k.
func IsKind(err error, k Kind) bool { return err != nil && KindOf(err) == k }

// Problems gathers every rule an input breaks, so that a form can mark all
// its fields at once.
type Problems []error

// Add records err, if any; a joined error is added part by part, so that
// the final error is one flat list however deep the checks nest.
func (p *Problems) Add(err error) {
	if joined, ok := err.(interface{ Unwrap() []error }); ok {
		*p = append(*p, joined.Unwrap()...)
	} else if err != nil {
		*p = append(*p, err)
	}
}

// Err returns nil, the one problem, or all of them joined: errors.As then
// finds the first *Error, and Unwrap() []error gives every one.
func (p Problems) Err() error {
	switch len(p) {
	case 0:
		return nil
	case 1:
		return p[0]
	}
	return errors.Join(p...)
}

// JoinProblems is the Problems of errs (nils skipped) as one error.
func JoinProblems(errs ...error) error {
	var p Problems
	for _, err := range errs {
		p.Add(err)
	}
	return p.Err()
}

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
