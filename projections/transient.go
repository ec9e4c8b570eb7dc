package projections

import (
	"context"
	"errors"
	"net"

	"github.com/jackc/pgx/v5/pgconn"
)

// transient reports errors that say nothing about the batch: the database
// could not be reached, went away, or chose this transaction as the victim
// of a conflict. Retrying later succeeds; stopping the projector for them
// would turn every database restart into an outage of the read models.
func transient(err error) bool {
	var pg *pgconn.PgError
	if errors.As(err, &pg) {
		switch {
		case pg.Code == "40001", pg.Code == "40P01": // serialization failure, deadlock
			return true
		case len(pg.Code) == 5 && (pg.Code[:2] == "08" || pg.Code[:2] == "57"): // connection, operator intervention
			return true
		}
		return false
	}
	var connect *pgconn.ConnectError
	var netErr net.Error
	return errors.As(err, &connect) || errors.As(err, &netErr) || pgconn.Timeout(err) ||
		errors.Is(err, context.DeadlineExceeded)
}
