package gdpr

import (
	"context"
	"time"

	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgconn"

	gdprdomain "github.com/klient-crm/klient/domain/gdpr"
	"github.com/klient-crm/klient/domain/work"
)

// DB is what the queries need: a *pgxpool.Pool, a *pgx.Conn or a pgx.Tx.
type DB interface {
	Exec(ctx context.Context, sql string, args ...any) (pgconn.CommandTag, error)
	Query(ctx context.Context, sql string, args ...any) (pgx.Rows, error)
	QueryRow(ctx context.Context, sql string, args ...any) pgx.Row
}

// Request is one line of the data-subject request register.
type Request struct {
	RequestID       string
	SubjectID       string
	Kind            gdprdomain.RequestKind
	Channel         gdprdomain.Channel
	Status          gdprdomain.RequestStatus
	ReceivedAt      time.Time
	Deadline        work.Date // last day to answer (Stockholm), extended or not
	Extended        bool
	ExtensionReason string // sealed fields: blank once the subject is erased
	RequesterNote   string
	Verified        bool
	VerifiedAt      time.Time
	VerifiedBy      string
	VerifiedHow     string
	Handler         string // staff ID; "" until assigned
	CompletedAt     time.Time
	Outcome         string
	RefusedAt       time.Time
	RefusalGround   string
	Overdue         bool // open and past its deadline at the Filter's Now
	Erased          bool // the subject is erased
	Version         uint64
	UpdatedAt       time.Time
}

// Filter narrows and pages Requests.
type Filter struct {
	Status      gdprdomain.RequestStatus // empty: any
	Kind        gdprdomain.RequestKind   // empty: any
	SubjectID   string                   // empty: any
	OverdueOnly bool
	// Now is the caller's clock, which Overdue is judged by (on Stockholm
	// dates); zero means time.Now().
	Now    time.Time
	Limit  int // default 50, at most 500
	Offset int
}

const (
	defaultLimit = 50
	maxLimit     = 500
)

func (f Filter) page() (limit, offset int) {
	limit, offset = f.Limit, max(f.Offset, 0)
	if limit <= 0 {
		limit = defaultLimit
	}
	return min(limit, maxLimit), offset
}

// DueErasure is an erasure that may be carried out now.
type DueErasure struct {
	SubjectID string
	RequestID string
	EraseAt   work.Date
	// Approved: ErasureApproved is recorded, the executor may go ahead.
	// Otherwise the erasure was scheduled behind holds that have now run
	// out: send RequestErasure again, which weighs the holds afresh.
	Approved bool
	Grounds  []string // the holds it waited for
}

// Restricted is a subject whose data may only be stored (art. 18).
type Restricted struct {
	SubjectID string
	RequestID string
	Reason    string    // blank once erased
	Until     work.Date // expected end; zero: none given
	Since     time.Time
}
