// Package postgres is the PostgreSQL adapter of the eventstore port: the
// event log in two tables (streams, events), appends with optimistic
// concurrency, reads, and catch-up subscriptions.
//
// # Global order without gaps
//
// A bigserial alone cannot order the log: sequence values are taken when a
// row is inserted but become visible when its transaction commits, so a
// reader that has passed seq 11 can later see seq 10 commit and skip it for
// ever (Watermill SQL #311, Marten's "high-water mark" problem). Here a row's
// Position is (xid, seq): the writer's 64-bit transaction ID
// (pg_current_xact_id) and then the sequence. ReadAll returns only rows with
// xid below the horizon pg_snapshot_xmin(pg_current_snapshot()), the oldest
// transaction still running anywhere in the cluster. Every transaction below
// the horizon has ended, and every transaction that has not yet ended (or
// not yet started) has an xid at or above it, so nothing can ever commit
// below a position a reader has been given. Events of one append share an
// xid and keep their order through seq. No lock is shared between appends
// to different streams, so concurrent commits are flushed together (group
// commit).
//
// The price: an event becomes readable only when every transaction that
// started writing before it has ended, in any database of the cluster. A
// long write transaction (a migration, a session left idle in a transaction,
// a prepared transaction) holds back ReadAll and subscriptions until it
// ends: set idle_in_transaction_session_timeout and watch for it. Reads of
// one stream (ReadStream) need no horizon and see an append at once.
//
// # Appends
//
// One statement, one round trip, an implicit transaction: a CTE claims the
// stream's next versions in the streams row (insert for NoStream, upsert for
// Any, compare-and-set for Exact) and the next CTE inserts the events only if
// the claim succeeded. Concurrent appends to one stream queue on that row and
// the losers find the version moved. Before it writes, an append waits for
// the stream's turn (a transaction-scoped advisory lock on the stream's
// name): PostgreSQL gives a transaction its ID at its first write, and
// without the turn an append could take its ID before a racing append to
// the same stream and its versions after it, which would put a stream's
// events out of order in the log. A refused append is then compared with
// what is stored: a retry of the batch already stored where the append would
// have put it returns the original result, anything else is a conflict.
//
// # Waking subscribers
//
// A subscription polls ReadAll in batches. It sleeps between polls until a
// local append, a NOTIFY on channel klient_events (received on a dedicated
// LISTEN connection that reconnects when lost) or a 250 ms timer wakes it;
// while committed events wait above the horizon it polls again quickly.
// The NOTIFY is not sent by the append itself: PostgreSQL serialises the
// commits of all notifying transactions with one lock held until the commit
// record is flushed (async.c, PreCommit_Notify), which cost a quarter to two
// thirds of insert throughput at 4 writers in pgbench and worse at 8. A
// background notifier sends it instead, in its own transaction without a
// flush wait, one at a time, coalescing bursts; the store's own
// subscriptions are woken in-process at once. There is one LISTEN
// connection per Store, shared by its subscriptions.
//
// May import: eventstore, domain, internal/pgmigrate, pgx, uuid and the
// standard library.
package postgres
