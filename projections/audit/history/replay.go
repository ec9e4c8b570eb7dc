package history

import (
	"context"
	"fmt"
	"strconv"
	"strings"
	"time"

	"github.com/klient-crm/klient/eventstore"
)

// Replayed is a replay's answer: the state and the last event it folds.
type Replayed struct {
	Stream     string    `json:"stream"`
	Events     int       `json:"events"`
	Version    *uint64   `json:"version,omitempty"` // absent: the stream did not exist yet
	Position   string    `json:"position,omitempty"`
	RecordedAt time.Time `json:"recorded_at,omitzero"`
	State      any       `json:"state"`
}

// Replay folds stream's events up to cut into its state then. Every event
// must decode: a state folded past an event it could not read would be
// wrong without saying so.
func (r *Reader) Replay(ctx context.Context, stream string, cut Cutoff) (Replayed, error) {
	events, err := r.Read(ctx, stream, cut, true)
	if err != nil {
		return Replayed{}, err
	}
	out := Replayed{Stream: stream, Events: len(events), State: FoldFor(stream)(stream, events)}
	if n := len(events); n > 0 {
		last := events[n-1]
		out.Version, out.Position, out.RecordedAt = &last.Version, last.Position.String(), last.RecordedAt
	}
	return out, nil
}

// ParsePosition reads a position as Position.String writes it: "commit/prepare".
func ParsePosition(s string) (eventstore.Position, error) {
	c, p, ok := strings.Cut(s, "/")
	commit, err1 := strconv.ParseUint(c, 10, 64)
	prepare, err2 := strconv.ParseUint(p, 10, 64)
	if !ok || err1 != nil || err2 != nil {
		return eventstore.Position{}, fmt.Errorf("%q is not a position: use COMMIT/PREPARE as history prints it", s)
	}
	return eventstore.Position{Commit: commit, Prepare: prepare}, nil
}
