// Package dpo is the read model of the data-protection officer's own
// registers: the breach register (dpo_breaches_v3, with its supplements in
// dpo_breach_supplements_v3), kept from the dpo events, and the queries the
// DPO's pages and API read it with. The breaches' free text is kept opened
// (the DPO reads and prints it), declared as holdings of the breach's own
// key (subject = breach ID).
//
// May import: domain, domain/*, eventstore (types), projections and the
// standard library.
package dpo
