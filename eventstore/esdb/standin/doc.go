// Package standin is an in-process EventStoreDB for tests: a gRPC server that
// speaks the parts of the Streams protocol the official Go client (v4.2.0)
// uses — Append, stream reads, $all reads and filtered catch-up
// subscriptions to $all — over an in-memory log, plus ServerFeatures.
//
// It copies the real server's observable rules: expected-version checks and
// their WrongExpectedVersion answer, idempotent re-appends (same event IDs in
// the same place succeed without writing), one log position per event with
// commit == prepare, inclusive reads and exclusive subscriptions from a
// position, system events in $all, and Confirmation before any subscription
// event. It is not a cluster, keeps nothing on disk, has no TLS or users,
// and says nothing about performance.
//
// Only _test.go files import it.
//
// May import: the standard library, gRPC, the client module's generated
// protos (streams, serverfeatures, shared) and uuid.
package standin
