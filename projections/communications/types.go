package communications

import (
	"context"
	"time"

	"github.com/jackc/pgx/v5"

	"github.com/klient-crm/klient/domain"
	"github.com/klient-crm/klient/domain/access"
	"github.com/klient-crm/klient/domain/communication"
	"github.com/klient-crm/klient/domain/dpo"
)

// DB is what the queries need: a *pgxpool.Pool, a *pgx.Conn or a pgx.Tx.
type DB interface {
	Query(ctx context.Context, sql string, args ...any) (pgx.Rows, error)
	QueryRow(ctx context.Context, sql string, args ...any) pgx.Row
}

// Entry is one communication as the log shows it.
type Entry struct {
	ID           string
	Kind         communication.Kind
	OccurredAt   time.Time // UTC; show it in Europe/Stockholm
	Participants []communication.Participant
	MatterID     string
	ContactIDs   []string
	DataSubject  string // whose key seals the text (and the entry's documents)
	SubjectLine  string // empty when Erased
	Body         string // empty when Erased
	FollowUp     *FollowUp
	CorrectedAt  *time.Time // when the facts shown were last corrected; nil: as first logged
	Deleted      bool
	Erased       bool
	LoggedBy     string // staff ID
	LoggedAt     time.Time
	UpdatedAt    time.Time
	Version      uint64 // the expected version for the next correction
	// Special: the entry is marked as holding special categories (art.
	// 9, 10); only those allowed access.SensitiveRead see it, and its
	// text is opened with a purpose. The categories are empty once erased.
	Special           bool
	SpecialCategories []dpo.SpecialCategory
	SpecialGrounds    []dpo.SpecialGround
}

// FollowUp is an entry's open follow-up.
type FollowUp struct {
	DueOn      string // YYYY-MM-DD, Stockholm
	AssignedTo string // staff ID
}

// Filter narrows and pages a log. From is inclusive, To exclusive; zero
// times leave that end open.
type Filter struct {
	Kinds          []communication.Kind // empty: every kind
	From, To       time.Time
	IncludeDeleted bool
	Limit          int // default 50, at most maxLimit
	Offset         int
	// Viewer, when set, leaves out the entries they may not see, in the
	// query, so pages stay whole: those filed under a matter they may not
	// see (need-to-know and Walls) and those naming a contact walled off
	// from them.
	Viewer *access.Viewer
	Walls  []access.Target
	// WithoutSpecial leaves out the entries marked as holding special
	// categories, for a viewer who may not read them.
	WithoutSpecial bool
	// After continues the log after the entry with this key.
	After *Key
}

const (
	defaultLimit = 50
	// maxLimit is the API's largest page (500) and one row more, which
	// tells whether another page follows.
	maxLimit = 501
)

// Key is an entry's place in the log's order (newest first): when it
// happened, then its ID, which no other entry has.
type Key struct {
	At time.Time `json:"t"`
	ID string    `json:"i"`
}

// Key is e's place in the log's order.
func (e Entry) Key() Key { return Key{At: e.OccurredAt, ID: e.ID} }

// Valid reports a key an entry could have.
func (k Key) Valid() bool { return !k.At.IsZero() && domain.ValidID(k.ID) }

func (f Filter) page() (limit, offset int) {
	limit, offset = f.Limit, max(f.Offset, 0)
	if limit <= 0 {
		limit = defaultLimit
	}
	return min(limit, maxLimit), offset
}
