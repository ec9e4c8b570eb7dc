package access

import (
	"slices"

	"github.com/klient-crm/klient/domain"
)

// Wall is the aggregate of one ethical wall; its zero value is the state
// before the first event. Erect and Lift decide; Apply evolves.
type Wall struct {
	erected WallErected // as erected; a wall's terms never change
	lifted  bool
	applied uint64
}

// Exists reports whether the wall has been erected.
func (w *Wall) Exists() bool { return w.applied > 0 }

// Version is the stream version of the last applied event (meaningful only
// when Exists).
func (w *Wall) Version() uint64 { return w.applied - 1 }

// ID is the wall's ID.
func (w *Wall) ID() string { return w.erected.WallID }

// Active reports an erected wall that has not been lifted.
func (w *Wall) Active() bool { return w.Exists() && !w.lifted }

// View is the wall as the policy Walled reads it.
func (w *Wall) View() WallView {
	e := w.erected
	return WallView{Target: e.Target, Users: slices.Clone(e.Users), Teams: slices.Clone(e.Teams), Active: w.Active()}
}

// Reason is why the wall stands; empty once the key of the record it
// stands before is gone.
func (w *Wall) Reason() string { return w.erected.Why() }

// Apply evolves the wall by one of its events, in stream order; it never
// fails, and an event of another kind only counts.
func (w *Wall) Apply(ev domain.Event) {
	w.applied++
	switch e := ev.(type) {
	case WallErected:
		w.erected = e
	case WallLifted:
		w.lifted = true
	}
}

// Lift decides that the wall no longer applies; a lifted wall decides
// nothing, so a double click is harmless.
func (w *Wall) Lift() ([]domain.Event, error) {
	if !w.Exists() {
		return nil, domain.NotFound("there is no such wall").WithCode("wall.not_found")
	}
	if w.lifted {
		return nil, nil
	}
	return []domain.Event{WallLifted{WallID: w.erected.WallID}}, nil
}
