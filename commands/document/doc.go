// Package document holds the document commands: attach a file to a
// matter or to a communication log entry, and remove it. The Documents
// repository (repository.go) keeps the events on commands/journal and the
// bytes in a DocumentBlobs store; where a document goes and whose key
// seals it (target.go) it learns from commands/communication.
//
// May import: domain and its sub-packages, the eventstore port,
// commands/journal, commands/communication, uuid and the standard library.
package document
