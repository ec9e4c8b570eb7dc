package staff

import (
	"context"
	"errors"
	"time"

	"github.com/klient-crm/klient/commands/journal"
	"github.com/klient-crm/klient/domain"
	"github.com/klient-crm/klient/domain/access"
	"github.com/klient-crm/klient/eventstore"
)

// Walls is the repository of ethical walls that the wall command handlers
// share.
type Walls struct{ journal journal.Journal }

// NewWalls returns the repository. The codec must have access.Events()
// registered; clock is the only source of "now".
func NewWalls(store journal.EventStore, codec journal.EventCodec, clock func() time.Time) (*Walls, error) {
	j, err := journal.New("NewWalls", store, codec, clock)
	if err != nil {
		return nil, err
	}
	return &Walls{journal: j}, nil
}

// WallResult tells the caller where a command left the wall.
type WallResult struct {
	WallID   string              // canonical UUID, chosen by the handler when an erection named none
	Version  uint64              // send it back as ExpectedVersion with the next change
	Position eventstore.Position // wait for the staff projection to pass it (read-your-writes)
}

// wallChangedMeanwhile is the catalogue code of a stale view of a wall.
const wallChangedMeanwhile = "wall.changed_meanwhile"

func wallStream(id string) journal.Stream {
	return journal.Stream{Name: access.WallStreamName(id), StaleCode: wallChangedMeanwhile}
}

// loader rebuilds wall id for the shared command flows. A wall holds no
// personal data, so there is no subject whose erasure could show.
func (r *Walls) loader(id string) journal.Loader[*access.Wall] {
	return func(ctx context.Context) (*access.Wall, journal.Span, error) {
		w := new(access.Wall)
		sp, err := r.journal.Replay(ctx, access.WallStreamName(id), "", func(ev domain.Event, _ bool) { w.Apply(ev) })
		return w, sp, err
	}
}

func wallResult(id string, p journal.Placed, err error) (WallResult, error) {
	if err != nil {
		return WallResult{}, err
	}
	return WallResult{WallID: id, Version: p.Version, Position: p.Position}, nil
}

// requireWalls is the nil check every wall handler constructor shares.
func requireWalls(handler string, walls *Walls) error {
	if walls == nil {
		return errors.New("commands." + handler + ": walls repository is required")
	}
	return nil
}
