package esdb

import (
	"context"
	"errors"
	"io"

	"github.com/EventStore/EventStore-Client-Go/v4/esdb"

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
	opts := esdb.ReadStreamOptions{Direction: esdb.Forwards, From: esdb.Revision(from)}
	rs, err := s.client.ReadStream(ctx, stream, opts, uint64(limit))
	if err != nil {
		return nil, translate(ctx, "read stream", err)
	}
	defer rs.Close()
	var out []eventstore.Envelope
	for {
		ev, err := rs.Recv()
		if errors.Is(err, io.EOF) {
			return out, nil
		}
		if err != nil {
			return nil, translate(ctx, "read stream", err)
		}
		env, err := fromRecorded(ev.OriginalEvent())
		if err != nil {
			return nil, err
		}
		out = append(out, env)
	}
}
