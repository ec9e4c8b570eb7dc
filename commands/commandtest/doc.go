// Package commandtest is the command packages' tests' shared world (tests
// only): a fresh database with the real PostgreSQL store, key ring and
// codec (World, for the contact and GDPR tests; LogWorld, the
// communication log and documents under a projections runtime, for the
// communication and document tests), the fixed clock and actor, and the
// assertions every command test uses.
//
// May import: the command packages, domain and its sub-packages,
// eventstore and its PostgreSQL adapter, crypto, projections and its read
// models, internal/pgmigrate and internal/pgtest.
package commandtest
