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
// Test-only: nothing outside _test files imports it. May import the
// eventstore port, domain, uuid and the standard library.
package storetest
