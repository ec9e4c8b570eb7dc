package audit

import (
	"fmt"
	"strings"
	"time"

	"github.com/klient-crm/klient/domain/matter"
)

// Page sizes.
const (
	DefaultLimit = 50
	MaxLimit     = 1000
)

// Filter narrows a search. Empty fields do not filter; the time window is
// half-open (From <= at < To).
type Filter struct {
	Actor    string // staff or system ID
	Subject  string // data-subject ID
	MatterID string
	Type     string // event type (or, with the access log, an access action)
	// HideReadsBy leaves out the access log's entries of this staff
	// member (the auditor's own reading, which would push the changes
	// they look for down the list); their changes stay.
	HideReadsBy string
	From, To    time.Time
	Limit       int    // 0: DefaultLimit; at most MaxLimit
	After       Cursor // the Next of the previous page; zero: the newest
}

func (f Filter) limit() int {
	if f.Limit <= 0 {
		return DefaultLimit
	}
	return min(f.Limit, MaxLimit)
}

// conditions are one filter's WHERE clauses for the audit trail and for the
// access log, sharing their parameters.
type conditions struct {
	args           []any
	events, access []string
}

func (c *conditions) arg(v any) string {
	c.args = append(c.args, v)
	return fmt.Sprintf("$%d", len(c.args))
}

func (c *conditions) both(event, access string) {
	c.events, c.access = append(c.events, event), append(c.access, access)
}

// where translates f; withAccess adds the access log's side. An access
// entry concerns a matter when it names the matter's data subject; its
// action stands in for the event type.
func (f Filter) where(withAccess bool) *conditions {
	c := &conditions{events: []string{"true"}, access: []string{"refused = ''"}} // a refused attempt is no read
	if f.Actor != "" {
		p := c.arg(f.Actor)
		c.both("actor = "+p, "staff_id = "+p)
	}
	if f.Subject != "" {
		p := c.arg(f.Subject)
		c.both("subjects @> ARRAY["+p+"::text]", "subjects @> ARRAY["+p+"::text]")
	}
	if f.MatterID != "" {
		// Only a parameter the statement uses can be typed: add the
		// access side's own one only when it is queried.
		access := "false"
		if withAccess {
			access = "subjects @> ARRAY[" + c.arg(matter.Subject(f.MatterID)) + "::text]"
		}
		c.both("matter_id = "+c.arg(f.MatterID), access)
	}
	if f.Type != "" {
		p := c.arg(f.Type)
		c.both("type = "+p, "action = "+p)
	}
	if f.HideReadsBy != "" {
		c.access = append(c.access, "staff_id <> "+c.arg(f.HideReadsBy))
	}
	f.window(c)
	return c
}

// window adds the time range and the cursor. The plain at <= bound lets
// the time indexes serve the row comparison.
func (f Filter) window(c *conditions) {
	if !f.From.IsZero() {
		p := c.arg(f.From)
		c.both("occurred_at >= "+p, "at >= "+p)
	}
	if !f.To.IsZero() {
		p := c.arg(f.To)
		c.both("occurred_at < "+p, "at < "+p)
	}
	if a := f.After; !a.IsZero() {
		at, key := c.arg(a.At), strings.Join([]string{c.arg(a.source) + "::int", c.arg(a.k1) + "::bigint", c.arg(a.k2) + "::bigint"}, ", ")
		c.both(fmt.Sprintf("occurred_at <= %[1]s AND (occurred_at, 1, commit, prepare) < (%[1]s, %[2]s)", at, key),
			fmt.Sprintf("at <= %[1]s AND (at, 0, id, 0::bigint) < (%[1]s, %[2]s)", at, key))
	}
}
