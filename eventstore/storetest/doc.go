// Package storetest is the one conformance suite every eventstore.Store
// adapter passes: Run(t, newStore) where newStore returns a store for one
// sub-test (a fresh, empty one is best; the suite only assumes that stream
// names it makes up are unused).
//
// What the suite pins down beyond the port's doc comments, so that both
// adapters answer alike:
//   - Metadata.OccurredAt comes back truncated to the microsecond, in UTC
//     (PostgreSQL's resolution; a replay must see identical values).
//   - Duplicate event IDs inside one append are invalid input.
//   - ReadAll and SubscribeAll may lag behind Append (an adapter holds back
//     events that a slower, earlier transaction could still precede), so the
//     suite waits for visibility instead of expecting it at once.
//   - A Next cancelled by its ctx loses nothing: the subscription goes on.
//
// Model is the model test both adapters also run: random concurrent
// histories of appends (every kind of expected version), resends with the
// same event IDs and stream reads, while a subscription follows the log
// and, where the target can lose its leader, the leader is lost — checked
// for linearizability against the port's rules with porcupine, an append
// whose outcome is unknown counting as taking effect or not; the whole log
// and the subscription must then hold every event once, in each stream's
// order. Histories are drawn by rapid (20 per run unless -rapid.checks
// says otherwise; a failing one is shrunk and saved under testdata/rapid).
//
// Test-only: nothing outside _test files imports it. May import the
// eventstore port, domain, uuid, rapid, porcupine and the standard library.
package storetest
