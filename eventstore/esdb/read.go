package esdb

import (
	"context"
	"errors"
	"fmt"
	"io"

	"github.com/kurrent-io/KurrentDB-Client-Go/kurrentdb"
	"google.golang.org/grpc/codes"
	"google.golang.org/grpc/status"

	"github.com/klient-crm/klient/eventstore"
)

// ReadStream returns up to limit events of stream from version from on.
func (s *Store) ReadStream(ctx context.Context, stream string, from uint64, limit int) ([]eventstore.Envelope, error) {
	if err := validateStream(stream); err != nil {
		return nil, err
	}
	if err := validateLimit(limit); err != nil {
		return nil, err
	}
	recs, err := s.readRecords(ctx, stream, kurrentdb.ReadStreamOptions{Direction: kurrentdb.Forwards, From: kurrentdb.Revision(from)}, uint64(limit))
	if err != nil {
		return nil, err
	}
	out := make([]eventstore.Envelope, 0, len(recs))
	for _, r := range recs {
		env, err := fromRecorded(r)
		if err != nil {
			return nil, err
		}
		out = append(out, env)
	}
	return out, nil
}

// readRecords reads up to limit of a stream's records as the server keeps
// them (the chain needs their metadata's bytes).
func (s *Store) readRecords(ctx context.Context, stream string, opts kurrentdb.ReadStreamOptions, limit uint64) ([]*kurrentdb.RecordedEvent, error) {
	var out []*kurrentdb.RecordedEvent
	c, err := s.attempt(ctx, readAgain, func(c *kurrentdb.Client) (err error) {
		out, err = readStream(ctx, c, stream, opts, limit)
		return err
	})
	if err != nil {
		return nil, s.failed(ctx, c, "read stream", err)
	}
	return out, nil
}

func readStream(ctx context.Context, c *kurrentdb.Client, stream string, opts kurrentdb.ReadStreamOptions, limit uint64) ([]*kurrentdb.RecordedEvent, error) {
	rs, err := c.ReadStream(ctx, stream, opts, limit)
	if err != nil {
		return nil, err
	}
	defer rs.Close()
	var out []*kurrentdb.RecordedEvent
	for {
		ev, err := rs.Recv()
		if errors.Is(err, io.EOF) {
			return out, nil
		}
		if err != nil {
			return nil, err
		}
		out = append(out, ev.OriginalEvent())
	}
}

// ReadAll returns up to limit events of the log strictly after after,
// without system events. EventStoreDB only shows committed events in $all,
// in commit order, so nothing can later appear before what it returned.
func (s *Store) ReadAll(ctx context.Context, after eventstore.Position, limit int) ([]eventstore.Envelope, error) {
	if err := validateLimit(limit); err != nil {
		return nil, err
	}
	page := &allPage{cursor: after, want: limit}
	for !page.done() {
		if err := s.readAllPage(ctx, page); err != nil {
			return nil, err
		}
	}
	return page.out, nil
}

// allPage collects a ReadAll across server reads: system events take up
// room in a read, so one read may not be enough.
type allPage struct {
	cursor  eventstore.Position // the last event seen, system or not
	want    int
	out     []eventstore.Envelope
	raw     bool // keep records as stored in recs instead (verification)
	recs    []*kurrentdb.RecordedEvent
	end     bool // the server has nothing after cursor
	checked bool // the first read showed that the start is a record of the log
}

func (p *allPage) done() bool { return p.end || p.taken() >= p.want }

func (p *allPage) taken() int { return len(p.out) + len(p.recs) }

func (s *Store) readAllPage(ctx context.Context, p *allPage) error {
	c, err := s.attempt(ctx, readAgain, func(c *kurrentdb.Client) error { return p.read(ctx, c) })
	switch {
	case err == nil:
		return nil
	case isInvalidPosition(err) && ctx.Err() == nil:
		return notARecord(p.cursor)
	case errors.Is(err, eventstore.ErrPositionBeyondEnd), errors.Is(err, eventstore.ErrPositionNotARecord):
		return err
	}
	return s.failed(ctx, c, "read all", err)
}

// read reads on from the cursor; an attempt cut short leaves the cursor at
// the last record it saw, so the next attempt goes on from there.
func (p *allPage) read(ctx context.Context, c *kurrentdb.Client) error {
	// One more than needed: a read from a position includes the event there.
	count := uint64(p.want-p.taken()) + 1
	rs, err := c.ReadAll(ctx, kurrentdb.ReadAllOptions{Direction: kurrentdb.Forwards, From: allPosition(p.cursor)}, count)
	if err != nil {
		return err
	}
	defer rs.Close()
	var n uint64
	for ; ; n++ {
		ev, err := rs.Recv()
		if errors.Is(err, io.EOF) {
			break
		}
		if err != nil {
			return err
		}
		if err := p.take(ev.OriginalEvent()); err != nil {
			return err
		}
	}
	p.end = n < count
	if !p.checked && n == 0 && p.cursor != eventstore.Start {
		return beyondEnd(p.cursor) // an inclusive read from a record returns at least that record
	}
	p.checked = true
	return nil
}

func (p *allPage) take(r *kurrentdb.RecordedEvent) error {
	pos := positionOf(r.Position)
	if !p.checked && p.cursor != eventstore.Start && pos != p.cursor {
		return notARecord(p.cursor) // a server that read on from inside a record
	}
	p.checked = true
	if !p.cursor.Less(pos) {
		return nil // the event at the start position, already returned before
	}
	p.cursor = pos
	if isSystem(r) || p.taken() >= p.want {
		return nil
	}
	if p.raw {
		p.recs = append(p.recs, r)
		return nil
	}
	env, err := fromRecorded(r)
	if err != nil {
		return err
	}
	p.out = append(p.out, env)
	return nil
}

// checkPlace refuses to subscribe after a position that is not a record of
// the log: the server would refuse one inside a record only once the
// subscription runs, and would skip, without a word, every event up to a
// position beyond the end. One inclusive read of one record tells.
func (s *Store) checkPlace(ctx context.Context, after eventstore.Position) error {
	if after == eventstore.Start {
		return nil
	}
	return s.readAllPage(ctx, &allPage{cursor: after, want: 0})
}

// isInvalidPosition: the server answers a read of $all from inside a
// record with InvalidArgument ("Trying to read from an invalid position.").
func isInvalidPosition(err error) bool {
	st, ok := status.FromError(err)
	return ok && st.Code() == codes.InvalidArgument
}

func notARecord(after eventstore.Position) error {
	return fmt.Errorf("esdb: read $all after %s: %w", after, eventstore.ErrPositionNotARecord)
}

func beyondEnd(after eventstore.Position) error {
	return fmt.Errorf("esdb: read $all after %s: %w", after, eventstore.ErrPositionBeyondEnd)
}
