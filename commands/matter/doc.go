// Package matter holds the matter commands: open a matter (open_matter.go,
// with its number reserved in numbering.go), its details and notes, its
// parties, the conflict check and the lawyer's decision on it, its team
// and who else may see it (staffing), and its life from intake to archive
// (change_matter_status.go, activate_matter.go). One file per command; the
// Matters repository (repository.go) is what they share, on
// commands/journal.
//
// A matter names contacts and staff members: it reads them from their own
// streams through commands/contact and commands/staff; activation applies
// the practice area's workflow template through commands/work.
//
// May import: domain and its sub-packages, the eventstore port,
// commands/journal, commands/contact, commands/staff, commands/work, uuid
// and the standard library.
package matter
