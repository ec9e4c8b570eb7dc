package domain

import (
	"errors"
	"strings"
	"unicode/utf8"
)

// MaxLoggable bounds, in bytes, what Loggable says about one error (its
// "…" aside).
const MaxLoggable = 500

// sqlStater is what a PostgreSQL driver error (pgconn.PgError) offers
// beyond its message; the message itself may quote the value that broke a
// rule, so it is never logged.
type sqlStater interface{ SQLState() string }

// Loggable describes err for a log line, or a stored status, without
// personal data; every log line that carries an error goes through it (the
// handler of internal/logscrub applies it to every error attribute):
//
//   - errors joined by errors.Join are described one by one, "; " between;
//   - an *Error says its kind, field, message and code, which are written
//     to hold no personal data, then its cause described by the same rule;
//   - an error with an SQLSTATE (a database error) says only that code:
//     "database error 23505";
//   - any other error says its message: our own errors are written to hold
//     no personal data.
//
// The result is at most MaxLoggable bytes, cut at a character boundary and
// marked "…" where cut. A nil err is "".
//
// Only errors pass through it: a message or a string attribute that quotes
// err.Error() has already let the database's words out.
func Loggable(err error) string {
	if err == nil {
		return ""
	}
	s := describe(err)
	if len(s) > MaxLoggable {
		cut := MaxLoggable
		for cut > 0 && !utf8.RuneStart(s[cut]) {
			cut--
		}
		s = s[:cut] + "…"
	}
	return s
}

func describe(err error) string {
	if multi, ok := err.(interface{ Unwrap() []error }); ok {
		parts := make([]string, 0, len(multi.Unwrap()))
		for _, e := range multi.Unwrap() {
			if e != nil {
				parts = append(parts, describe(e))
			}
		}
		return strings.Join(parts, "; ")
	}
	var de *Error
	var pg sqlStater
	switch {
	case errors.As(err, &de):
		if de == nil { // a nil *Error in an error interface
			return "<nil>"
		}
		s := string(de.Kind) + " " + de.Field + ": " + de.Message
		if de.Code != "" {
			s += " (" + de.Code + ")"
		}
		if de.Err != nil {
			s += ": " + describe(de.Err)
		}
		return s
	case errors.As(err, &pg):
		return "database error " + pg.SQLState()
	}
	return err.Error()
}
