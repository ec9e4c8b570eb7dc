// Package projections is the projector runtime: it turns the event log into
// read models. For each registered Projector it elects one runner across the
// fleet (a PostgreSQL advisory lock), feeds it batches of events through a
// Watermill subscriber over the store's catch-up subscription, and applies
// every batch together with the projector's checkpoint in one PostgreSQL
// transaction, so a crash never loses or doubles an event. It also rebuilds
// read models, reports their status and lag, and lets a request wait until a
// projector has caught up with a write (read-your-writes).
//
// Read models live in sub-packages (projections/contacts, …), one package per
// read model, each owning its tables, its projector and its queries.
//
// Logs carry projector names, positions and counts, never event bodies or
// personal data; errors stored in projector_checkpoints are scrubbed the same
// way.
//
// May import: eventstore (the port and Decoded), domain (errors), Watermill,
// pgx, internal/pgmigrate and the standard library.
package projections
