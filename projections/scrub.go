package projections

import (
	"errors"
	"fmt"

	"github.com/ThreeDotsLabs/watermill/message/router/middleware"
	"github.com/jackc/pgx/v5/pgconn"

	"github.com/klient-crm/klient/domain"
)

// maxErrorText bounds what is logged and stored of one error.
const maxErrorText = 500

// safeError describes err without personal data, for logs and for
// projector_checkpoints.last_error. PostgreSQL messages may quote the value
// that broke a rule and panic values may be anything, so only their codes and
// object names are kept. Our own errors and domain.Error messages are written
// to hold no personal data.
func safeError(err error) string {
	if err == nil {
		return ""
	}
	var pg *pgconn.PgError
	var de *domain.Error
	var panicked middleware.RecoveredPanicError
	var s string
	switch {
	case errors.As(err, &panicked):
		s = "panic in projector (value withheld: it may hold personal data)"
	case errors.As(err, &pg):
		s = fmt.Sprintf("postgres error %s", pg.Code)
		for _, part := range []struct{ k, v string }{{"table", pg.TableName}, {"column", pg.ColumnName}, {"constraint", pg.ConstraintName}} {
			if part.v != "" {
				s += " " + part.k + " " + part.v
			}
		}
	case errors.As(err, &de):
		s = string(de.Kind) + ": " + de.Message
		if de.Code != "" {
			s += " (" + de.Code + ")"
		}
		if de.Err != nil {
			// The cause is scrubbed the same way: an operator needs "wrong
			// master key?" or a PostgreSQL code, not a bare "internal error".
			s += ": " + safeError(de.Err)
		}
	default:
		s = err.Error()
	}
	if len(s) > maxErrorText {
		s = s[:maxErrorText] + "…"
	}
	return s
}

// scrubbed is an error whose text is safeError's; it keeps the original for
// errors.Is and errors.As.
type scrubbed struct{ err error }

func (s scrubbed) Error() string { return safeError(s.err) }
func (s scrubbed) Unwrap() error { return s.err }
