// Package esdb is the EventStoreDB (KurrentDB) adapter of the eventstore.Store
// port, built on KurrentDB's maintained Go client (KurrentDB-Client-Go
// v1.4.2, the successor of EventStore-Client-Go): it speaks the same gRPC
// protocol to EventStoreDB 23.10+ and KurrentDB 24.10+, and, unlike
// EventStore-Client-Go v4, really sends "requires-leader" with every call,
// so a follower refuses instead of forwarding writes and serving stale reads.
//
// Mapping: an Envelope becomes one event with EventID = ID, EventType = Type,
// content type JSON, Data as the exact bytes, and as user metadata the JSON
// of eventstore.Metadata plus "schema_version". Version is the stream
// revision; Position is the server's (commit, prepare) pair. Expected
// versions map to kurrentdb.Any, kurrentdb.NoStream and kurrentdb.Revision.
//
// The whole log ($all) is read and subscribed to without system events (event
// types starting with "$", the same rule as kurrentdb.ExcludeSystemEventsFilter),
// and always strictly after the given position: EventStoreDB reads $all from
// a position inclusively and subscribes exclusively, so the adapter drops
// anything at or before it either way. Event types and stream names starting
// with "$" are refused on append for that reason.
//
// The leader: every call asks for it (requires-leader); a follower's
// NotLeader is followed to the leader it names, and a read after a lost
// node is made again once the client has found the cluster again
// (leader.go). An append is never made again after a lost node: it may
// have been written.
//
// Errors: a stale expected version is eventstore.WrongExpectedVersion
// (KindConflict), a missing or deleted stream is eventstore.ErrStreamNotFound,
// bad input is KindInvalid, an append whose answer was lost (deadline,
// commit timeout, lost node or connection, ctx ended on the way) is
// eventstore.OutcomeUnknown, a position that is no place in the log is
// eventstore.ErrPositionNotARecord or ErrPositionBeyondEnd, a cancelled ctx
// is ctx.Err(), anything else is KindInternal with the client's error kept
// for the log.
//
// May import: eventstore, domain, the KurrentDB client, gRPC status codes,
// uuid and the standard library. Its tests also use eventstore/storetest and
// the stand-in server in esdb/standin.
package esdb
