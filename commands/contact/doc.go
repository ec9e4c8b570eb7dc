// Package contact holds the contact commands: register a person or an
// organisation, change their details, archive and reactivate them, and add
// or end a person's affiliation with an organisation. One file per
// command (register_person.go, …), each with the command struct, its
// handler and the handler's constructor; the Contacts repository
// (repository.go, stream.go) is what they share, on commands/journal.
//
// Every change may be refused while processing of the person's data is
// restricted (restriction.go: the GDPR context's guard, wired in). Other
// contexts read a contact from its own stream with Load.
//
// May import: domain and its sub-packages, the eventstore port,
// commands/journal, uuid and the standard library.
package contact
