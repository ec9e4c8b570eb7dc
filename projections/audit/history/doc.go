// Package history replays one stream of the event log as it stood at a
// moment: the events up to a time or a position, each opened where its
// subjects' keys exist and marked "erased" where they do not, folded by the
// aggregate's own Apply into the state they describe. `klient audit replay`
// and `klient audit history` print what it returns; the auditors' web pages
// show the same.
//
// It is not a read model: it reads the log itself, never a table, so a
// replay shows what the log says and nothing a projector made of it.
//
// May import: domain, domain/*, eventstore (the Store port's types and the
// codec's Decoded), and the standard library.
package history
