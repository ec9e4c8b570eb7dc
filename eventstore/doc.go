// Package eventstore is the port through which every change to contacts and
// matters is written and read: append with an expected version, read a
// stream, read the whole log from a position, and subscribe (catch-up, then
// live). It also holds the codec that turns domain events into envelopes and
// seals their personal fields.
//
// Adapters live in eventstore/postgres and eventstore/esdb and both pass the
// conformance suite in eventstore/storetest.
//
// May import: domain, crypto (the sealing port), the standard library, uuid.
package eventstore
