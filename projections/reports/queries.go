package reports

import (
	"context"
	"time"
)

// Queries are the reports over one database, for the web edge.
type Queries struct{ db DB }

// New returns the reports over db (a *pgxpool.Pool).
func New(db DB) Queries { return Queries{db: db} }

// OpenMatters is OpenMattersIn over the database.
func (q Queries) OpenMatters(ctx context.Context, s Scope) (OpenMatters, error) {
	return OpenMattersIn(ctx, q.db, s)
}

// Intake is IntakeIn over the database.
func (q Queries) Intake(ctx context.Context, s Scope) (Intake, error) { return IntakeIn(ctx, q.db, s) }

// Deadlines is DeadlinesIn over the database.
func (q Queries) Deadlines(ctx context.Context, s Scope) ([]PersonDeadlines, error) {
	return DeadlinesIn(ctx, q.db, s)
}

// Communications is CommunicationsIn over the database.
func (q Queries) Communications(ctx context.Context, s Scope, limit int) ([]MatterVolume, error) {
	return CommunicationsIn(ctx, q.db, s, limit)
}

// Requests is RequestsAt over the database.
func (q Queries) Requests(ctx context.Context, now time.Time) (RequestLoad, error) {
	return RequestsAt(ctx, q.db, now)
}

// Erasures is ErasuresAt over the database.
func (q Queries) Erasures(ctx context.Context, now time.Time) ([]Month, error) {
	return ErasuresAt(ctx, q.db, now)
}
