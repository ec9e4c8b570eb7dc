// Package commands is the application-service layer: one file per command
// (register_person.go, archive_contact.go, …), each with the command struct,
// its handler and the handler's constructor. A handler checks who is acting,
// loads the aggregate from its event stream, lets the aggregate decide, and
// appends the decided events with the expected version, so that two people
// changing the same record cannot silently overwrite each other.
//
// Every handler returns a Result whose Position the HTTP layer waits for in
// a projection (read-your-writes). Every error is a *domain.Error.
//
// The ports it needs (EventStore, EventCodec, and StaffDirectory, which the
// staff read model implements) are declared here, as small as its use of
// them. Every repository (Contacts, Staff, Walls) shares one journal: read a
// stream back into its aggregate, decide, append with the expected version.
//
// May import: domain and its sub-packages, the eventstore port, uuid and the
// standard library.
package commands
