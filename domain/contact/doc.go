// Package contact is the bounded context of the people and organisations a
// firm deals with: clients, counterparties and other contacts. A contact is
// an aggregate whose ID is also its data subject's ID: every personal field
// is sealed with that subject's key.
//
// Contact decides (RegisterPerson, ChangePersonDetails, Archive,
// AddAffiliation, …) and evolves (Apply); the value checks it relies on —
// personnummer, organisationsnummer, e-mail, phone, postal address — are
// exported so that the edge can check a form before it sends a command.
// Every refusal is a *domain.Error with a catalogue Code; invalid details
// join one error per problem, each with a Field path such as
// "emails[1].address".
//
// May import: the standard library and other domain packages only. No I/O,
// no clock, no ID generation: now and IDs are passed in.
package contact
