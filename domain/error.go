package domain

import (
	"errors"
	"fmt"
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
