// Package storetest is the one conformance suite every eventstore.Store
// adapter passes: Run(t, newStore) where newStore returns a fresh, empty
// store for each sub-test. Test-only: nothing outside _test files imports it.
package storetest
