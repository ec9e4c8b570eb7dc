package gdpr

import (
	"context"
	"time"

	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgconn"

	"github.com/klient-crm/klient/domain"
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
	Limit  int // default 50, at most maxLimit
	Offset int
	// Exclude leaves out the requests of these subjects (the contacts
	// walled off from the viewer), in the query, so pages stay whole.
	Exclude []string
	// After continues the register after the request with this key.
	After *RequestKey
}

const (
	defaultLimit = 50
	// maxLimit is the API's largest page (500) and one row more, which
	// tells whether another page follows.
	maxLimit = 501
)

// RequestKey is a request's place in the register's order: its last day
// to answer, when it was received, and its ID, which no other has.
type RequestKey struct {
	Deadline work.Date `json:"d"`
	Received time.Time `json:"r"`
	ID       string    `json:"i"`
}

// Key is r's place in the register's order.
func (r Request) Key() RequestKey {
	return RequestKey{Deadline: r.Deadline, Received: r.ReceivedAt, ID: r.RequestID}
}

// Valid reports a key a request could have.
func (k RequestKey) Valid() bool {
	return !k.Deadline.IsZero() && !k.Received.IsZero() && domain.ValidID(k.ID)
}

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
