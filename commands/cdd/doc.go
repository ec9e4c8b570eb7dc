// Package cdd holds the commands of customer due diligence (domain/cdd):
// the AML officer's general risk assessment, and a matter's due-diligence
// record from its start through its parts (risk, identity, beneficial
// owners, PEP, sanctions hits) to its decision. Records (records.go) is
// the repository they share, on commands/journal; it also answers the
// matter's activation whether the record is approved (Cleared), through
// commands/matter's DueDiligence port.
//
// May import: domain and its sub-packages, the eventstore port,
// commands/journal, commands/matter, commands/contact and commands/staff
// (whose streams it reads), uuid and the standard library.
package cdd
