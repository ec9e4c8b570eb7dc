package matters

import (
	"context"
	"encoding/json"
	"strings"
	"time"

	"github.com/jackc/pgx/v5"

	"github.com/klient-crm/klient/domain/access"
	"github.com/klient-crm/klient/domain/matter"
	"github.com/klient-crm/klient/eventstore"
)

// DB is what the queries need: a *pgxpool.Pool, a *pgx.Conn or a pgx.Tx.
type DB interface {
	Query(ctx context.Context, sql string, args ...any) (pgx.Rows, error)
	QueryRow(ctx context.Context, sql string, args ...any) pgx.Row
}

// Matter is one matter as its page and the lists show it.
type Matter struct {
	ID           string
	Number       string // YYYY-NNNN
	Title        string // empty once erased
	Description  string // empty once erased
	PracticeArea string
	Status       matter.Status
	OpenedAt     time.Time // taken in
	ActivatedAt  time.Time // zero: never opened
	ClosedAt     time.Time // zero: not closed now
	ReopenedAt   time.Time // zero: never reopened
	ArchivedAt   time.Time // zero: not archived
	// Who works on it and may see it (see matter.Visible).
	ResponsibleLawyer string
	TeamMembers       []string
	Teams             []string
	Grants            []string
	ClientIDs         []string // contacts in the role of client
	// ConflictDecision is the last recorded check's; ConflictCheckCurrent
	// is false when the parties changed after it (or there is none).
	ConflictDecision     matter.ConflictDecision
	ConflictCheckCurrent bool
	Erased               bool
	Version              uint64 // stream version: the expected version for a change
	CreatedAt            time.Time
	UpdatedAt            time.Time
}

// VisibleTo applies the need-to-know rule; walls are the caller's to add.
func (m Matter) VisibleTo(viewer access.Viewer) bool {
	return matter.Visible(viewer, m.ResponsibleLawyer, m.TeamMembers, m.Teams, m.Grants)
}

// Party is one party of a matter. Names come from the contacts read model.
type Party struct {
	MatterID  string
	PartyID   string
	ContactID string
	Role      matter.PartyRole
	Note      string // empty once the contact is erased
	AddedAt   time.Time
}

// ContactMatter is a matter a contact is a party to, with its role there.
type ContactMatter struct {
	Matter
	PartyID string
	Role    matter.PartyRole
}

// Note is a note on a matter's file.
type Note struct {
	NoteID  string
	Text    string // empty once the matter is erased
	Author  string // staff ID
	AddedAt time.Time
}

// ConflictCheck is a recorded check: what the firm knew and decided.
type ConflictCheck struct {
	CheckID   string
	Version   uint64 // the matter's stream version of the record
	RanAt     time.Time
	Position  eventstore.Position // how far the index had got
	Inputs    []matter.PartyProbe // empty once the matter is erased
	Hits      []matter.ConflictHit
	Decision  matter.ConflictDecision
	Reason    string
	DecidedBy string
}

// Change is one event in a matter's history.
type Change struct {
	Version    uint64
	Position   eventstore.Position
	Type       string // the event type, e.g. matter.PartyAdded
	Actor      string // staff or system ID
	OccurredAt time.Time
	// Summary says what changed in IDs, roles, statuses and decisions
	// (keys such as "status", "role", "previous_role", "contact_id",
	// "changed"); never personal text. "erased": true marks an event
	// whose text is gone.
	Summary map[string]any
}

// Filter narrows and pages List. Viewer is required unless Everyone.
type Filter struct {
	Status            matter.Status // empty: any
	PracticeArea      string        // empty: any
	ResponsibleLawyer string        // staff ID; empty: any
	Viewer            access.Viewer
	// Everyone skips the need-to-know rule: for audits and system jobs
	// only. Walls still apply.
	Everyone bool
	// WalledTargets are what walls keep Viewer from (the staff read
	// model's WalledTargets): walled matters, and matters whose client is
	// a walled contact, are left out.
	WalledTargets []access.Target
	Limit         int // default 50, at most 501: the API's largest page and one row to tell whether another follows
	Offset        int
	// Query keeps matters whose number starts with it or whose title
	// contains it (case does not matter); empty: any. For pickers that
	// find a matter by what a person remembers of it.
	Query string
	// After continues a list after the matter with this key (the order
	// is by number, newest first): keyset paging, which neither skips
	// nor repeats a matter when others are opened meanwhile.
	After *Key
}

// Key is a matter's place in List's order: its number, which no other
// matter has.
type Key struct {
	Number string `json:"n"`
}

// KeyOf is m's place in List's order.
func KeyOf(m Matter) Key { return Key{Number: m.Number} }

// Valid reports a number as matters are numbered (YYYY-NNNN).
func (k Key) Valid() bool {
	_, _, err := matter.ParseNumber(k.Number)
	return err == nil && k.Number == strings.TrimSpace(k.Number)
}

func (k *Key) number() string {
	if k == nil {
		return ""
	}
	return k.Number
}

func (f Filter) page() (limit, offset int) {
	limit, offset = f.Limit, max(f.Offset, 0)
	if limit <= 0 {
		limit = 50
	}
	return min(limit, 501), offset
}

func decodeJSON[T any](b []byte) (T, error) {
	var v T
	err := json.Unmarshal(b, &v)
	return v, err
}
