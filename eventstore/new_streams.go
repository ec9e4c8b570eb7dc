package eventstore

import "context"

// NewStream is a stream to create with its first events.
type NewStream struct {
	Stream string
	Events []Envelope
}

// StreamsCreator is what a store may offer beside Store: creating many
// streams in one atomic write, each as Append with NoStream would, so a
// bulk import commits once per batch instead of once per stream. Either
// every stream is created or none: a stream that already exists fails the
// whole call with a KindConflict wrapping ErrWrongExpectedVersion (the
// caller then appends stream by stream). The PostgreSQL adapter offers
// it; EventStoreDB has no write across streams, and the journal appends
// one stream after another there.
type StreamsCreator interface {
	CreateStreams(ctx context.Context, streams []NewStream) ([]AppendResult, error)
}
