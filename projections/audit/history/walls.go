package history

import (
	"context"
	"errors"
	"strings"
	"time"

	"github.com/klient-crm/klient/domain/access"
)

// WallState is an ethical wall as it stood: Erected is false when the wall
// did not exist yet, Active when it had been erected and not yet lifted.
type WallState struct {
	ID        string        `json:"id"`
	Erected   bool          `json:"erected"`
	Active    bool          `json:"active"`
	Target    access.Target `json:"target"`
	Users     []string      `json:"users,omitempty"` // staff IDs
	Teams     []string      `json:"teams,omitempty"`
	Reason    string        `json:"reason"`
	ErectedAt time.Time     `json:"erected_at,omitzero"`
	LiftedAt  time.Time     `json:"lifted_at,omitzero"` // zero while it stood
}

// FoldWall folds a wall's stream with the aggregate's own Apply; the
// times are when the log recorded its erection and lifting.
func FoldWall(events []Event) WallState {
	var w access.Wall
	var s WallState
	for _, e := range events {
		if e.Undecodable() {
			continue
		}
		w.Apply(e.Event)
		switch e.Event.(type) {
		case access.WallErected:
			s.ErectedAt = e.RecordedAt
		case access.WallLifted:
			s.LiftedAt = e.RecordedAt
		}
	}
	v := w.View()
	s.ID, s.Erected, s.Active, s.Reason = w.ID(), w.Exists(), w.Active(), w.Reason()
	s.Target, s.Users, s.Teams = v.Target, v.Users, v.Teams
	return s
}

// WallsOn folds each of the wall streams up to cut and returns the walls
// that had been erected by then in front of one of targets, lifted or
// not, in the order of streams.
func (r *Reader) WallsOn(ctx context.Context, streams []string, targets []access.Target, cut Cutoff) ([]WallState, error) {
	want := map[access.Target]bool{}
	for _, t := range targets {
		want[canonical(t)] = true
	}
	var out []WallState
	for _, stream := range streams {
		events, err := r.Read(ctx, stream, cut, false)
		if err != nil && !errors.Is(err, ErrNoStream) {
			return nil, err
		}
		if w := FoldWall(events); w.Erected && want[canonical(w.Target)] {
			out = append(out, w)
		}
	}
	return out, nil
}

// canonical is t with its ID lower-cased, as the commands canonicalise IDs
// (a wall may name an ID as it was typed).
func canonical(t access.Target) access.Target {
	return access.Target{Kind: t.Kind, ID: strings.ToLower(strings.TrimSpace(t.ID))}
}
