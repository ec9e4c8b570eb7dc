package reports

import (
	"context"
	"time"

	"github.com/jackc/pgx/v5"
)

// DB is what the queries need: a *pgxpool.Pool, a *pgx.Conn or a pgx.Tx.
type DB interface {
	Query(ctx context.Context, sql string, args ...any) (pgx.Rows, error)
	QueryRow(ctx context.Context, sql string, args ...any) pgx.Row
}

// Count is one bar: what is counted (a staff ID, a practice area, a
// status), how it is shown, and how many.
type Count struct {
	Key   string
	Label string // a staff member's name; '' when they may not be named
	N     int
}

// OpenMatters counts the open matters in scope.
type OpenMatters struct {
	ByLawyer []Count // Key: the responsible lawyer's staff ID
	ByArea   []Count // Key: the practice area
}

// Intake is the funnel from intake to an open or declined matter, and
// the last conflict-check decision of each matter.
type Intake struct {
	TakenIn  int // every matter taken in
	InIntake int // still in intake
	Opened   int // opened (whatever their status now)
	// Decisions of each matter's last recorded check.
	Clear, Waived, Declined int
	Unchecked               int // no decision recorded
}

// PersonDeadlines is one person's pending deadlines.
type PersonDeadlines struct {
	StaffID  string
	Name     string // '' when they may not be named
	Overdue  int    // before today
	ThisWeek int    // today to Sunday
}

// MatterVolume is one matter's communications of the last twelve months.
type MatterVolume struct {
	MatterID string
	Number   string
	Title    string // only when Scope.Titles
	ByKind   map[string]int
	Total    int
}

// RequestLoad is the register of data-subject requests in counts.
type RequestLoad struct {
	ByStatus []Count // Key: open, completed, refused
	// OpenByDue buckets open requests by days left to their deadline:
	// overdue, 0-7, 8-14, 15-30, over_30.
	OpenByDue []Count
}

// Month is one calendar month (Stockholm) of erasures and deletions.
type Month struct {
	Start     time.Time // the first day
	Erasures  int       // finished erasures (certificates)
	Deletions int       // records the deletion log lists
}
