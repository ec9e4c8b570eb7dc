package gdpr

import (
	"slices"

	"github.com/klient-crm/klient/domain"
)

// Basis is a lawful basis of processing (art. 6.1 a–f).
type Basis string

// The six lawful bases, in the order of art. 6.1.
const (
	BasisConsent            Basis = "consent"             // a
	BasisContract           Basis = "contract"            // b
	BasisLegalObligation    Basis = "legal_obligation"    // c
	BasisVitalInterest      Basis = "vital_interest"      // d
	BasisPublicTask         Basis = "public_task"         // e
	BasisLegitimateInterest Basis = "legitimate_interest" // f: needs a balancing note
)

// Bases lists every lawful basis, in the order of art. 6.1.
var Bases = []Basis{BasisConsent, BasisContract, BasisLegalObligation, BasisVitalInterest, BasisPublicTask, BasisLegitimateInterest}

// ConsentMethod is how a consent was given.
type ConsentMethod string

// The ways a consent reaches the firm.
const (
	ConsentByForm        ConsentMethod = "form"
	ConsentByEmail       ConsentMethod = "email"
	ConsentBySignedPaper ConsentMethod = "signed_paper"
	ConsentVerbally      ConsentMethod = "verbal" // leaves no trace of its own: evidence is required
)

// ConsentMethods lists every ConsentMethod.
var ConsentMethods = []ConsentMethod{ConsentByForm, ConsentByEmail, ConsentBySignedPaper, ConsentVerbally}

// Via is who recorded a withdrawal: staff, or the subject through a link.
type Via string

// The ways a consent is withdrawn.
const (
	ViaStaff Via = "staff"
	ViaLink  Via = "link"
)

// ObjectionTo is what a subject objects to (art. 21).
type ObjectionTo string

// The objections of art. 21.
const (
	ObjectToDirectMarketing ObjectionTo = "direct_marketing" // art. 21.2–3: absolute, forever
	ObjectToProcessing      ObjectionTo = "processing"       // art. 21.1: on grounds of their situation
)

// ObjectionsTo lists every ObjectionTo.
var ObjectionsTo = []ObjectionTo{ObjectToDirectMarketing, ObjectToProcessing}

// RequestKind is the right a data-subject request invokes.
type RequestKind string

// The rights a subject may invoke (art. 15–18, 20, 21).
const (
	KindAccess        RequestKind = "access"        // art. 15
	KindRectification RequestKind = "rectification" // art. 16
	KindErasure       RequestKind = "erasure"       // art. 17
	KindRestriction   RequestKind = "restriction"   // art. 18
	KindPortability   RequestKind = "portability"   // art. 20
	KindObjection     RequestKind = "objection"     // art. 21
)

// RequestKinds lists every RequestKind.
var RequestKinds = []RequestKind{KindAccess, KindRectification, KindErasure, KindRestriction, KindPortability, KindObjection}

// Channel is how a request reached the firm.
type Channel string

// The channels a request arrives by.
const (
	ChannelEmail    Channel = "email"
	ChannelLetter   Channel = "letter"
	ChannelPhone    Channel = "phone"
	ChannelInPerson Channel = "in_person"
	ChannelWeb      Channel = "web"
)

// Channels lists every Channel.
var Channels = []Channel{ChannelEmail, ChannelLetter, ChannelPhone, ChannelInPerson, ChannelWeb}

// RequestStatus is where a request stands.
type RequestStatus string

// The statuses of a request: open until completed or refused.
const (
	StatusOpen      RequestStatus = "open"
	StatusCompleted RequestStatus = "completed"
	StatusRefused   RequestStatus = "refused"
)

// oneOf refuses with refusal a value outside list.
func oneOf[T ~string](v T, list []T, refusal *domain.Error) error {
	if !slices.Contains(list, v) {
		return refusal
	}
	return nil
}

// notListed is the refusal of a value field does not offer.
func notListed(field string) *domain.Error {
	return domain.Invalid(field, "choose one of the listed values")
}
