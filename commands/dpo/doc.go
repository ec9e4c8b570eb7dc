// Package dpo holds the commands of the data-protection officer's own
// registers (domain/dpo): a breach recorded at its discovery, assessed,
// reported to IMY or not, the people told or not, and supplemented. One
// file per command; the Breaches repository (breaches.go) is what they
// share, on commands/journal.
//
// May import: domain and its sub-packages, the eventstore port,
// commands/journal, uuid and the standard library.
package dpo
