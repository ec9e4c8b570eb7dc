package history

import (
	"context"
	"errors"
	"fmt"
	"time"

	"github.com/klient-crm/klient/eventstore"
)

// ErrNoStream: the stream asked for has no events at all.
var ErrNoStream = errors.New("history: there is no such stream")

// streamPage is how many events one read of a stream fetches.
const streamPage = 1000

// StreamReader is the part of eventstore.Store a replay reads through.
type StreamReader interface {
	ReadStream(ctx context.Context, stream string, from uint64, limit int) ([]eventstore.Envelope, error)
}

// Decoder opens an envelope; *eventstore.Codec is one.
type Decoder interface {
	Decode(ctx context.Context, env eventstore.Envelope) (eventstore.Decoded, error)
}

// Reader reads streams of the log for replay.
type Reader struct {
	store StreamReader
	codec Decoder
}

// NewReader returns a Reader over store, opening events with codec.
func NewReader(store StreamReader, codec Decoder) (*Reader, error) {
	if store == nil || codec == nil {
		return nil, errors.New("history: NewReader needs a store and a codec")
	}
	return &Reader{store: store, codec: codec}, nil
}

// Cutoff is where a replay stops: the stream as it stood at a time or at
// a position of the log. Versions commit in order, so the stream then was
// every version up to the first one recorded later. The zero Cutoff is now.
type Cutoff struct {
	At  time.Time            // zero: no time limit
	Pos *eventstore.Position // nil: no position limit
}

func (c Cutoff) includes(env eventstore.Envelope) bool {
	if !c.At.IsZero() && env.RecordedAt.After(c.At) {
		return false
	}
	return c.Pos == nil || !c.Pos.Less(env.Position)
}

// Event is one event of a stream as an auditor sees it: opened where its
// keys exist, or why it could not be decoded.
type Event struct {
	eventstore.Decoded
	err error // decoding failed (an event type this build does not know)
}

// Undecodable reports an event this build could not decode.
func (e Event) Undecodable() bool { return e.err != nil || e.Event == nil }

// Read reads stream up to cut, decoding each event. With strict a
// decoding failure is an error; otherwise it is kept with the event. A
// stream without events is ErrNoStream.
func (r *Reader) Read(ctx context.Context, stream string, cut Cutoff, strict bool) ([]Event, error) {
	var out []Event
	for from := uint64(0); ; {
		envs, err := r.store.ReadStream(ctx, stream, from, streamPage)
		if errors.Is(err, eventstore.ErrStreamNotFound) {
			return nil, fmt.Errorf("%w: %q", ErrNoStream, stream)
		}
		if err != nil {
			return nil, err
		}
		for _, env := range envs {
			if !cut.includes(env) {
				return out, nil
			}
			d, err := r.codec.Decode(ctx, env)
			if err != nil && strict {
				return nil, err
			}
			d.Envelope = env
			out = append(out, Event{Decoded: d, err: err})
		}
		if len(envs) < streamPage {
			return out, nil
		}
		from = envs[len(envs)-1].Version + 1
	}
}
