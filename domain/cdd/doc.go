// Package cdd is the bounded context of customer due diligence
// (kundkännedom) under the Swedish anti-money-laundering act, lag
// (2017:630) om åtgärder mot penningtvätt och finansiering av terrorism.
//
// The firm's general risk assessment (allmän riskbedömning, 2 kap. 1 §) is
// the RiskAssessment aggregate on the one stream "cddassessment-firm":
// each publication is a new version with its risk factors (client type,
// geography, service, channel) and their weights, which the AML officer
// maintains. It holds no personal data.
//
// Per matter, the Record aggregate on stream "cdd-<matterID>" is the due
// diligence of the engagement: its risk (low, normal, high, with reasons,
// scored from the general assessment's factors), the client's identity
// verification (BankID, an ID document or another way; when, by whom),
// for an organisation its beneficial owners with their share and how it
// was verified, the PEP question (the client, a family member or a known
// close associate of a politically exposed person), the sanctions
// screening against an imported list and the review of every hit, and the
// decision (approved, declined, escalated to the AML officer) with its
// reason. A high risk, a PEP and an escalated record need the AML
// officer's decision. A change to any part after a decision makes the
// record undecided again: a decision always covers the record as it
// stands, as a conflict check covers the current parties.
//
// What the record says about people (reasons, the identity document's
// details, the owners, the PEP answer, the names a screening hit) is
// sealed with the record's own entry key, owned by the client contact
// (domain.EntryKey(clientID, "cdd-<matterID>")): erasing the client
// destroys it with the client's key, and the record's own retention (five
// years after the engagement ends) can destroy it alone. The risk level,
// the decision's kind, the verification method and the list's version stay
// in the clear: the opening gate, the AML officer's queue and the review
// periods are computed from them, and without the sealed parts they say
// nothing about who the client is.
//
// May import: domain and the standard library only. No I/O, no clock
// (every decision is given now), no ID generation.
package cdd
