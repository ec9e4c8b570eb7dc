package projections

import (
	"errors"

	"github.com/ThreeDotsLabs/watermill/message/router/middleware"
	"github.com/jackc/pgx/v5/pgconn"

	"github.com/klient-crm/klient/domain"
)

// safeError describes err without personal data, for logs and for
// projector_checkpoints.last_error: domain.Loggable, the rule every log line
// follows (a PostgreSQL error keeps only its SQLSTATE), with two additions
// of the runtime's. A recovered panic's value may be anything, so it is
// withheld whole. A PostgreSQL error also names the table, column and
// constraint it concerns: names from our schema, never data, which tell an
// operator which read model broke.
func safeError(err error) string {
	if err == nil {
		return ""
	}
	var panicked middleware.RecoveredPanicError
	if errors.As(err, &panicked) {
		return "panic in projector (value withheld: it may hold personal data)"
	}
	s := domain.Loggable(err)
	var pg *pgconn.PgError
	if errors.As(err, &pg) {
		for _, part := range []struct{ k, v string }{{"table", pg.TableName}, {"column", pg.ColumnName}, {"constraint", pg.ConstraintName}} {
			if part.v != "" {
				s += " " + part.k + " " + part.v
			}
		}
	}
	return s
}

// scrubbed is an error whose text is safeError's; it keeps the original for
// errors.Is and errors.As.
type scrubbed struct{ err error }

func (s scrubbed) Error() string { return safeError(s.err) }
func (s scrubbed) Unwrap() error { return s.err }
