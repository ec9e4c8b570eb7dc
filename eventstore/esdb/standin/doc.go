// Package standin is an in-process EventStoreDB for tests: a gRPC server that
// speaks the parts of the Streams protocol KurrentDB's Go client
// (KurrentDB-Client-Go v1.4.2) uses — Append, stream reads, $all reads and
// filtered catch-up subscriptions to $all — over an in-memory log, plus
// ServerFeatures.
//
// It copies the real server's observable rules: expected-version checks and
// their WrongExpectedVersion answer, idempotent re-appends (same event IDs in
// the same place succeed without writing), one log position per event with
// commit == prepare, inclusive reads and exclusive subscriptions from a
// position, system events in $all, and Confirmation before any subscription
// event. With Secure it serves TLS with a certificate from a CA made for
// the test and checks users and the default ACLs (only $admins, and whom
// $all's own ACL names, read $all; a "$metadata" event appended to "$$$all"
// changes who), and serves the HTTP users API that makes users (UsersURL).
// It keeps nothing on disk and says nothing about performance.
//
// NewCluster runs several nodes that share one log, one of them leader,
// each answering gossip: a follower answers a call that requires the
// leader with NotLeader and the leader's address, forwards other writes to
// the leader and serves other reads from its own copy, which lags while
// replication is held; LoseLeader crashes the leader and makes the next
// node leader. New is a cluster of one.
//
// Writes are shown to readers once the cluster confirms them: at once, or
// after DelayCommits' delay, during which the writer waits (the leader
// answers "Operation timed out" at its commit timeout) and a resend of the
// same events is dropped without an answer, as the real leader drops an
// idempotent write not yet replicated. An append with expected version Any
// is recognised as a retry only by the leader's bounded memory of event
// IDs it wrote (idcache.go).
//
// It also checks what arrives on the wire: every Streams call must carry
// "requires-leader: true" and credentials only over TLS; a stand-in fails
// its test with every call that did not (Calls, TakeWireProblems).
//
// Only _test.go files import it.
//
// May import: the standard library, gRPC, the client module's generated
// protos (streams, serverfeatures, gossip, shared) and uuid.
package standin
