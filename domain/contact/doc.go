// Package contact is the bounded context of the people and organisations a
// firm deals with: clients, counterparties and other contacts. A contact is
// an aggregate whose ID is also its data subject's ID: every personal field
// is sealed with that subject's key.
//
// May import: the standard library and other domain packages only.
package contact
