package integrations

import (
	"context"
	"encoding/json"
	"fmt"
	"strconv"
	"strings"
	"time"

	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgconn"

	"github.com/klient-crm/klient/domain"
	"github.com/klient-crm/klient/eventstore"
	"github.com/klient-crm/klient/projections"
)

// DB is what the queries need: a pool, a connection or a transaction.
type DB interface {
	Query(ctx context.Context, sql string, args ...any) (pgx.Rows, error)
	QueryRow(ctx context.Context, sql string, args ...any) pgx.Row
	Exec(ctx context.Context, sql string, args ...any) (pgconn.CommandTag, error)
}

// Horizon names the read models an entry's visibility is decided from:
// matters (a matter's team), contacts (restriction) and staff (walls). A
// reader is served no entry past the earliest of their checkpoints.
var Horizon = []string{"matters", "contacts", "staff"}

// Position is an entry's place in the log: the feed's cursor.
type Position struct {
	Commit  int64 `json:"c"`
	Prepare int64 `json:"p"`
}

// PositionOf is the log's position p as the feed's cursor.
func PositionOf(p eventstore.Position) Position {
	return Position{Commit: int64(p.Commit), Prepare: int64(p.Prepare)}
}

// Valid reports whether p could be a place in the log.
func (p Position) Valid() bool { return p.Commit >= 0 && p.Prepare >= 0 }

// Entry is one thing an integration is told.
type Entry struct {
	Position   Position
	EventID    string
	Kind       string
	MatterID   string
	ContactIDs []string
	OccurredAt time.Time
	Data       json.RawMessage
}

// Reader is who reads the feed, and what of it.
type Reader struct {
	// StaffID and Teams are the member whose need-to-know applies;
	// WalledMatters and WalledContacts the walls before them (the contacts
	// including the survivors of walled contacts merged away).
	StaffID        string
	Teams          []string
	WalledMatters  []string
	WalledContacts []string
	// Areas are the kinds' areas the member's roles may read ("contact",
	// "matter", …); an entry of another area is not theirs.
	Areas []string
	// Restricted: the member keeps the GDPR registers and sees restricted
	// people; to everyone else an entry naming one is not there, until
	// the person is erased.
	Restricted bool
	// Kinds, when given, keep only these kinds (a webhook's choice).
	Kinds []string
}

// Read returns up to limit entries after the position, in log order, that
// r may see, and none past the Horizon.
func Read(ctx context.Context, db DB, r Reader, after Position, limit int) ([]Entry, error) {
	return read(ctx, db, r, after, limit, "")
}

// ErrNoSuchEntry is an entry that is not in the feed for its reader: never
// was, erased since, or past a wall.
var ErrNoSuchEntry = domain.NotFound("there is no such entry in the feed").WithCode("webhook.entry_not_found")

// ReadOne returns the entry of event id as r may see it now (a manual
// redelivery sends what the feed says now, not what it said then), else
// ErrNoSuchEntry.
func ReadOne(ctx context.Context, db DB, r Reader, eventID string) (Entry, error) {
	if !isUUID(eventID) {
		return Entry{}, ErrNoSuchEntry
	}
	got, err := read(ctx, db, r, Position{Commit: -1, Prepare: -1}, 1, eventID)
	if err != nil {
		return Entry{}, err
	}
	if len(got) == 0 {
		return Entry{}, ErrNoSuchEntry
	}
	return got[0], nil
}

func read(ctx context.Context, db DB, r Reader, after Position, limit int, eventID string) ([]Entry, error) {
	if len(r.Areas) == 0 || limit < 1 {
		return nil, nil
	}
	scope := projections.Scope{StaffID: r.StaffID, Teams: r.Teams, WalledMatters: r.WalledMatters,
		WalledContacts: r.WalledContacts}
	var args []any
	arg := func(v any) string { args = append(args, v); return "$" + strconv.Itoa(len(args)) }
	conds := []string{
		"(f.commit, f.prepare) > (" + arg(after.Commit) + "::bigint, " + arg(after.Prepare) + "::bigint)",
		"(f.commit, f.prepare) <= (SELECT commit, prepare FROM projector_checkpoints WHERE name = ANY(" +
			arg(Horizon) + "::text[]) ORDER BY commit, prepare LIMIT 1)",
		// An erasure's notice goes to every reader past the walls and
		// the areas (GDPR Art. 19: each recipient is told of an erasure):
		// a reader walled off since, or one that got the person's ID in a
		// party's or a log entry's entry without reading contacts, still
		// holds a copy to delete. It is an ID of someone who no longer
		// exists in Klient, with no other field.
		"(f.kind = '" + KindContactErased + "' OR (split_part(f.kind, '.', 1) = ANY(" + arg(r.Areas) + "::text[]) AND " +
			scope.Unwalled("f.contact_ids", arg) + "))",
		scope.FiledUnder("f.matter_id", arg),
	}
	if eventID != "" {
		conds = append(conds, "f.event_id = "+arg(eventID)+"::uuid")
	}
	if len(r.Kinds) > 0 {
		conds = append(conds, "f.kind = ANY("+arg(r.Kinds)+"::text[])")
	}
	if !r.Restricted {
		// An erased person is no longer restricted in the feed: a held
		// erasure restricts its subject until it is carried out, and
		// every reader must be told of it (contact.erased).
		conds = append(conds, "NOT EXISTS (SELECT 1 FROM contacts_v1 rc WHERE rc.id = ANY(f.contact_ids) AND rc.restricted AND NOT rc.erased)")
	}
	rows, err := db.Query(ctx, `SELECT f.commit, f.prepare, f.event_id::text, f.kind, f.matter_id, f.contact_ids,
		f.occurred_at, f.data FROM integration_feed_v1 f WHERE `+strings.Join(conds, " AND ")+
		` ORDER BY f.commit, f.prepare LIMIT `+arg(limit), args...)
	if err != nil {
		return nil, fmt.Errorf("integrations: read the feed: %w", err)
	}
	out, err := pgx.CollectRows(rows, func(row pgx.CollectableRow) (e Entry, err error) {
		err = row.Scan(&e.Position.Commit, &e.Position.Prepare, &e.EventID, &e.Kind, &e.MatterID, &e.ContactIDs,
			&e.OccurredAt, &e.Data)
		return e, err
	})
	if err != nil {
		return nil, fmt.Errorf("integrations: read the feed: %w", err)
	}
	return out, nil
}

// Feed is the feed's queries over a database (the pool).
type Feed struct{ db DB }

// NewFeed returns the feed over db.
func NewFeed(db DB) Feed { return Feed{db: db} }

// Read is Read over the feed's database.
func (f Feed) Read(ctx context.Context, r Reader, after Position, limit int) ([]Entry, error) {
	return Read(ctx, f.db, r, after, limit)
}
