package audit

import (
	"fmt"
	"strconv"
	"strings"
	"time"

	"github.com/klient-crm/klient/domain"
)

// Cursor is a place in the trail's order: time, then events before
// access entries at the same instant, then position or entry ID. A page
// holds what comes strictly after it (older). The zero Cursor is the
// newest end.
type Cursor struct {
	At     time.Time
	source int // sourceEvent or sourceAccess
	k1, k2 int64
}

const (
	sourceAccess = 0
	sourceEvent  = 1
)

// IsZero reports the newest end of the trail.
func (c Cursor) IsZero() bool { return c.At.IsZero() }

// String is the cursor as a URL-safe token.
func (c Cursor) String() string {
	if c.IsZero() {
		return ""
	}
	return fmt.Sprintf("%d.%d.%d.%d", c.At.UnixMicro(), c.source, c.k1, c.k2)
}

// ParseCursor reads a token made by Cursor.String; "" is the zero Cursor.
func ParseCursor(s string) (Cursor, error) {
	if s == "" {
		return Cursor{}, nil
	}
	n, ok := fourInts(s)
	if !ok || n[0] <= 0 || (n[1] != sourceAccess && n[1] != sourceEvent) {
		return Cursor{}, domain.Invalid("cursor", "not a page token").WithCode("audit.cursor.invalid")
	}
	return Cursor{At: time.UnixMicro(n[0]).UTC(), source: int(n[1]), k1: n[2], k2: n[3]}, nil
}

func fourInts(s string) ([4]int64, bool) {
	var n [4]int64
	parts := strings.Split(s, ".")
	if len(parts) != 4 {
		return n, false
	}
	for i, p := range parts {
		v, err := strconv.ParseInt(p, 10, 64)
		if err != nil {
			return n, false
		}
		n[i] = v
	}
	return n, true
}
