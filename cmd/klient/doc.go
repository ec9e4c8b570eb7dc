// Command klient is the Klient CRM: `klient serve` runs the HTTP UI, the JSON
// API and the projectors; the other subcommands migrate, rebuild and inspect
// projections, seed demo data and measure load.
//
// This is the only package that knows every concrete type: it wires the
// event store adapter, the key ring, the codec, the projectors, the commands
// and the HTTP server together.
package main
