package projections

import (
	"context"
	"errors"
	"fmt"
	"strings"
	"time"

	"github.com/klient-crm/klient/eventstore"
)

// checkInLog refuses to run a projector whose checkpoint is not a place in
// the event log. Past the log's end (the log restored from an older backup
// than the read models, which the README's restore warns about) the
// subscription would skip every event up to the checkpoint without a word;
// at a place that names no event the read models were built from another
// log. Either way the tables cannot be trusted: the projector stops as
// failed, with the reason and the remedy in last_error (klient projections
// status shows it), until a rebuild rewinds it. Any other error is the
// store's and is retried as usual.
func (r *runner) checkInLog(ctx context.Context, pos eventstore.Position) error {
	err := r.placeIn(ctx, pos)
	var why string
	switch {
	case err == nil:
		return nil
	case errors.Is(err, eventstore.ErrPositionBeyondEnd):
		why = "lies past the end of the event log (was the log restored from an older backup than the read models?)"
	case errors.Is(err, eventstore.ErrPositionNotARecord):
		why = "names no event of the event log (were the read models built from another log?)"
	default:
		return err
	}
	reason := fmt.Sprintf("its checkpoint %s %s: rebuild it with `klient projections rebuild %s`", pos, why, r.name)
	r.log.Error("projector refused to start: "+reason, "projector", r.name)
	stored, cancel := context.WithTimeout(context.WithoutCancel(ctx), 5*time.Second)
	defer cancel()
	if err := setStatus(stored, r.cfg.Pool, r.name, StatusFailed, reason); err != nil {
		return err
	}
	return errFailed
}

// placeIn asks the log whether pos is Start or an event's place in it.
func (r *runner) placeIn(ctx context.Context, pos eventstore.Position) error {
	if pos == eventstore.Start {
		return nil
	}
	_, err := r.cfg.Store.ReadAll(ctx, pos, 1)
	return err
}

// outsideLog reports a position the log refuses as no place of its own.
func (r *runner) outsideLog(ctx context.Context, pos eventstore.Position) bool {
	err := r.placeIn(ctx, pos)
	return errors.Is(err, eventstore.ErrPositionBeyondEnd) || errors.Is(err, eventstore.ErrPositionNotARecord)
}

// CheckInLog refuses, before anything is served, a runtime whose read
// models were built past the log or from another: any projector whose
// checkpoint is no place in the log (PostgreSQL's read models and
// checkpoints newer than an event log restored from an older backup,
// the EventStoreDB cluster's or PostgreSQL's own). Serving them would show
// what the log no longer holds beside a subscription that skips every
// new event up to the checkpoint; one line says so and gives the remedy.
// `klient serve` asks it at start, `klient restore` after its rebuild.
func (rt *Runtime) CheckInLog(ctx context.Context) error {
	var ahead, foreign []string
	var first eventstore.Position
	for _, name := range rt.order {
		c, found, err := readCheckpoint(ctx, rt.cfg.Pool, name)
		if err != nil {
			return err
		}
		if !found {
			continue
		}
		switch err := rt.runners[name].placeIn(ctx, c.Position); {
		case errors.Is(err, eventstore.ErrPositionBeyondEnd):
			if len(ahead) == 0 {
				first = c.Position
			}
			ahead = append(ahead, name)
		case errors.Is(err, eventstore.ErrPositionNotARecord):
			foreign = append(foreign, name)
		case err != nil:
			return err
		}
	}
	switch {
	case len(ahead) > 0:
		return fmt.Errorf("the read models of %s are past the end of the event log (checkpoint %s; was the log restored "+
			"from an older backup than the database?): refusing to serve them; run `klient projections rebuild`", strings.Join(ahead, ", "), first)
	case len(foreign) > 0:
		return fmt.Errorf("the read models of %s name no event of the event log (built from another log?): "+
			"refusing to serve them; run `klient projections rebuild`", strings.Join(foreign, ", "))
	}
	return nil
}
