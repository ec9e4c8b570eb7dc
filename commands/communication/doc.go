// Package communication holds the communication log's commands: log an
// entry, correct or delete it, and flag or clear its follow-up. One file
// per command (log_communication.go, …); the Communications repository
// (repository.go) is what they share, on commands/journal. An entry's
// links (links.go) are checked against the matter's and the contacts'
// streams (commands/contact).
//
// The documents context (commands/document) files documents under entries
// and matters with EntryLoader, SealedFor and CheckMatter.
//
// May import: domain and its sub-packages, the eventstore port,
// commands/journal, commands/contact, uuid and the standard library.
package communication
