package web

import (
	"errors"
	"strings"

	"github.com/klient-crm/klient/domain"
)

// maxLoggedError bounds what one log line says about one error.
const maxLoggedError = 500

// sqlStater is what a PostgreSQL driver error offers beyond its message;
// the message itself may quote the value that broke a rule.
type sqlStater interface{ SQLState() string }

// loggable describes err for the log without personal data. domain.Error
// messages are written to hold none; a database error keeps only its code;
// joined errors are described one by one.
func Loggable(err error) string {
	s := describe(err)
	if len(s) > maxLoggedError {
		s = s[:maxLoggedError] + "…"
	}
	return s
}

func describe(err error) string {
	if multi, ok := err.(interface{ Unwrap() []error }); ok {
		parts := make([]string, 0, len(multi.Unwrap()))
		for _, e := range multi.Unwrap() {
			parts = append(parts, describe(e))
		}
		return strings.Join(parts, "; ")
	}
	var de *domain.Error
	var pg sqlStater
	switch {
	case errors.As(err, &de):
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
