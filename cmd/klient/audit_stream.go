package main

import (
	"context"
	"errors"
	"fmt"
	"strconv"
	"strings"
	"time"

	"github.com/klient-crm/klient/eventstore"
)

// streamPage is how many events one read of a stream fetches.
const streamPage = 1000

// cutoff is where a replay stops: the stream as it stood at a time or at a
// position of the log. Versions commit in order, so the stream then was
// every version up to the first one recorded later.
type cutoff struct {
	at  time.Time
	pos *eventstore.Position
}

func (c cutoff) includes(env eventstore.Envelope) bool {
	if !c.at.IsZero() && env.RecordedAt.After(c.at) {
		return false
	}
	return c.pos == nil || !c.pos.Less(env.Position)
}

// auditEvent is one event of a stream as an auditor sees it: opened
// where its keys exist, or why it could not be.
type auditEvent struct {
	eventstore.Decoded
	err error // decoding failed (an event type this build does not know)
}

// readAuditStream reads stream up to cut, decoding each event. With strict
// a decoding failure is an error; otherwise it is kept with the event.
func (a *app) readAuditStream(ctx context.Context, stream string, cut cutoff, strict bool) ([]auditEvent, error) {
	var out []auditEvent
	for from := uint64(0); ; {
		envs, err := a.store.ReadStream(ctx, stream, from, streamPage)
		if errors.Is(err, eventstore.ErrStreamNotFound) {
			return nil, fmt.Errorf("there is no stream %q", stream)
		}
		if err != nil {
			return nil, err
		}
		for _, env := range envs {
			if !cut.includes(env) {
				return out, nil
			}
			d, err := a.codec.Decode(ctx, env)
			if err != nil && strict {
				return nil, err
			}
			out = append(out, auditEvent{Decoded: d, err: err})
			out[len(out)-1].Envelope = env
		}
		if len(envs) < streamPage {
			return out, nil
		}
		from = envs[len(envs)-1].Version + 1
	}
}

// parsePosition reads a position as Position.String writes it: "commit/prepare".
func parsePosition(s string) (eventstore.Position, error) {
	c, p, ok := strings.Cut(s, "/")
	commit, err1 := strconv.ParseUint(c, 10, 64)
	prepare, err2 := strconv.ParseUint(p, 10, 64)
	if !ok || err1 != nil || err2 != nil {
		return eventstore.Position{}, fmt.Errorf("%q is not a position: use COMMIT/PREPARE as history prints it", s)
	}
	return eventstore.Position{Commit: commit, Prepare: prepare}, nil
}
