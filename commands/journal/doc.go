// Package journal is the stream plumbing every command package shares,
// written once: a Journal (the event store and the codec with the clock)
// replays a stream into its aggregate and appends what the aggregate
// decided with the expected version; RegisterOn and ChangeOn are the two
// command flows (register on a stream that must not exist yet; change the
// existing aggregate the caller last saw at a version), so that two people
// changing the same record cannot silently overwrite each other.
//
// It also holds what every command carries or returns the same way: the
// Actor, the Placed version and position a command left a stream at, the
// EventStore and EventCodec ports, the error helpers (every error a command
// returns is a *domain.Error; a lost race is a conflict with the stream's
// catalogue code) and the ID helpers (canonical UUIDs).
//
// May import: domain and its sub-packages, the eventstore port, uuid and the
// standard library.
package journal
