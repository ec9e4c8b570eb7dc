package audit

import (
	"time"

	"github.com/google/uuid"

	"github.com/klient-crm/klient/eventstore"
)

// Kind tells an event of the log from an access-log entry.
type Kind string

// The kinds of row.
const (
	KindEvent  Kind = "event"  // a change: an event of the log
	KindAccess Kind = "access" // a read: an entry of the access log
)

// Row is one line of the trail. Identifiers only.
type Row struct {
	Kind          Kind
	At            time.Time // when it happened (an event's occurred_at, an access's time)
	Actor         string    // staff or system ID
	Subjects      []string  // data-subject IDs
	MatterID      string    // events only: the matter the event concerns
	Type          string    // the event type, or the access's action
	CorrelationID string

	// Events only.
	Position   eventstore.Position
	EventID    uuid.UUID
	Stream     string
	Version    uint64
	RecordedAt time.Time

	// Access-log entries only.
	AccessID int64
	Route    string // the route pattern, never a concrete path
	Via      string
}

// cursor is where the row sits in the trail's newest-first order.
func (r Row) cursor() Cursor {
	if r.Kind == KindAccess {
		return Cursor{At: r.At, source: sourceAccess, k1: r.AccessID}
	}
	return Cursor{At: r.At, source: sourceEvent, k1: int64(r.Position.Commit), k2: int64(r.Position.Prepare)}
}

// Page is one page of a search, newest first. Next, when not zero, asks
// for the following (older) page.
type Page struct {
	Rows []Row
	Next Cursor
}

// pageOf cuts rows (fetched one beyond limit) into a page.
func pageOf(rows []Row, limit int) Page {
	if len(rows) <= limit {
		return Page{Rows: rows}
	}
	rows = rows[:limit]
	return Page{Rows: rows, Next: rows[len(rows)-1].cursor()}
}
