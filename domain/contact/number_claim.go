package contact

import (
	"crypto/hmac"
	"crypto/sha256"
	"encoding/hex"

	"github.com/klient-crm/klient/domain"
)

// TypeNumberClaimed is the event of a number's claim stream. It is not
// "contact."-prefixed like the contact's own events: it belongs to no
// contact's stream, and the contact read models never open it.
const TypeNumberClaimed = "contactnumber.NumberClaimed"

// NumberClaimed: the contact now holds the identity number whose claim
// stream this is (NumberStream). The number itself is in no event and no
// stream name: the stream is named by a keyed hash of it.
type NumberClaimed struct {
	ContactID string `json:"contact_id"`
}

func (NumberClaimed) EventType() string  { return TypeNumberClaimed }
func (NumberClaimed) SchemaVersion() int { return 1 }

// MinNumberKeyLength is the shortest key NumberDigest is given: as long as
// HMAC-SHA256's output. A personnummer has few enough possible values
// (some 40 million a century) that an unkeyed hash would be reversed by
// trying them all.
const MinNumberKeyLength = 32

// numberContext keeps these MACs from passing for any other use of a key.
const numberContext = "klient/contact-number/v1\x00"

// NumberDigest is the keyed hash (HMAC-SHA256, hex) that names a number's
// claim stream. kind is part of it: a sole trader's organisationsnummer is
// their personnummer, and the firm and the person are two contacts.
// number is the normalised form the details hold (YYYYMMDD-NNNN,
// NNNNNN-NNNN).
func NumberDigest(key []byte, kind Kind, number string) string {
	h := hmac.New(sha256.New, key)
	h.Write([]byte(numberContext))
	h.Write([]byte(kind))
	h.Write([]byte{0})
	h.Write([]byte(number))
	return hex.EncodeToString(h.Sum(nil))
}

// NumberStream is the claim stream of the number whose digest is given:
// who holds it. Appending a claim with the stream's version expected (or
// no stream) is what makes two simultaneous registrations of one number
// come out as one winner, on either store.
//
// The name does not begin "contact-": that prefix is a contact's own
// stream, which tools and readers of the log take it for.
func NumberStream(digest string) string { return "contactnumber-" + digest }

// NumberOf is the identity number the contact's details hold, by kind.
func NumberOf(kind Kind, person PersonDetails, organisation OrganisationDetails) string {
	if kind == KindOrganisation {
		return organisation.Organisationsnummer
	}
	return person.Personnummer
}

// NumberField is the details field a number is written in, for a refusal
// to name.
func NumberField(kind Kind) string {
	if kind == KindOrganisation {
		return "organisationsnummer"
	}
	return "personnummer"
}

// NumberTaken refuses a number another contact holds. Holder is that
// contact's ID: the edge shows it (a link) only to those who may see that
// contact; to others the refusal is the same without it.
type NumberTaken struct {
	Holder string
}

func (e *NumberTaken) Error() string { return "the number is held by another contact" }

// NumberTakenError is the refusal of a number held by holder.
func NumberTakenError(kind Kind, holder string) *domain.Error {
	return &domain.Error{Kind: domain.KindConflict, Code: "contact.number.taken", Field: NumberField(kind),
		Message: "another contact is already registered with this number", Err: &NumberTaken{Holder: holder}}
}
