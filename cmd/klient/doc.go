// Command klient is the Klient CRM: `klient serve` runs the HTTP UI, the JSON
// API and the projectors; the other subcommands migrate, rebuild and inspect
// projections, seed demo data and measure load.
//
// This is the only package that knows every concrete type: it wires the
// event store adapter, the key ring, the codec, the projectors, the commands
// and the HTTP server together. It keeps main, the flags, the CLI verbs
// (what they parse and print) and that wiring; what the verbs and serve's
// background jobs do lives in packages with tests of their own: the lists
// the app is built from in internal/catalogue, backups in internal/backup,
// the audit verbs in internal/auditcli (tested here, through the command),
// the mail verbs in internal/mailcli,
// the jobs in internal/erasure, internal/retention and
// internal/housekeeping.
package main
