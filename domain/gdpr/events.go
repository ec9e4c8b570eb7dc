package gdpr

import "github.com/klient-crm/klient/domain"

// Event type strings are stored forever: never rename them.
const (
	TypeLawfulBasisRecorded        = "gdpr.LawfulBasisRecorded"
	TypeLawfulBasisEnded           = "gdpr.LawfulBasisEnded"
	TypeConsentGiven               = "gdpr.ConsentGiven"
	TypeConsentWithdrawn           = "gdpr.ConsentWithdrawn"
	TypeObjectionRecorded          = "gdpr.ObjectionRecorded"
	TypeRestrictionApplied         = "gdpr.RestrictionApplied"
	TypeRestrictionLifted          = "gdpr.RestrictionLifted"
	TypeErasureRequested           = "gdpr.ErasureRequested"
	TypeErasureApproved            = "gdpr.ErasureApproved"
	TypeErasureScheduled           = "gdpr.ErasureScheduled"
	TypeSubjectErased              = "gdpr.SubjectErased"
	TypeDataSubjectRequestReceived = "gdpr.DataSubjectRequestReceived"
	TypeIdentityVerified           = "gdpr.IdentityVerified"
	TypeRequestDeadlineExtended    = "gdpr.RequestDeadlineExtended"
	TypeRequestAssigned            = "gdpr.RequestAssigned"
	TypeRequestCompleted           = "gdpr.RequestCompleted"
	TypeRequestRefused             = "gdpr.RequestRefused"
)

// SubjectStreamName is the GDPR stream of one data subject: bases,
// consents, objections, restrictions and the erasure plan.
func SubjectStreamName(subjectID string) string { return "subject-" + subjectID }

// RequestStreamName is the stream of one data-subject request.
func RequestStreamName(requestID string) string { return "dsr-" + requestID }

// Events lists one value of every GDPR event, for codec registration.
func Events() []domain.Event {
	return []domain.Event{
		LawfulBasisRecorded{}, LawfulBasisEnded{}, ConsentGiven{}, ConsentWithdrawn{},
		ObjectionRecorded{}, RestrictionApplied{}, RestrictionLifted{},
		ErasureRequested{}, ErasureApproved{}, ErasureScheduled{}, SubjectErased{},
		DataSubjectRequestReceived{}, IdentityVerified{}, RequestDeadlineExtended{},
		RequestAssigned{}, RequestCompleted{}, RequestRefused{},
	}
}

func (LawfulBasisRecorded) EventType() string        { return TypeLawfulBasisRecorded }
func (LawfulBasisEnded) EventType() string           { return TypeLawfulBasisEnded }
func (ConsentGiven) EventType() string               { return TypeConsentGiven }
func (ConsentWithdrawn) EventType() string           { return TypeConsentWithdrawn }
func (ObjectionRecorded) EventType() string          { return TypeObjectionRecorded }
func (RestrictionApplied) EventType() string         { return TypeRestrictionApplied }
func (RestrictionLifted) EventType() string          { return TypeRestrictionLifted }
func (ErasureRequested) EventType() string           { return TypeErasureRequested }
func (ErasureApproved) EventType() string            { return TypeErasureApproved }
func (ErasureScheduled) EventType() string           { return TypeErasureScheduled }
func (SubjectErased) EventType() string              { return TypeSubjectErased }
func (DataSubjectRequestReceived) EventType() string { return TypeDataSubjectRequestReceived }
func (IdentityVerified) EventType() string           { return TypeIdentityVerified }
func (RequestDeadlineExtended) EventType() string    { return TypeRequestDeadlineExtended }
func (RequestAssigned) EventType() string            { return TypeRequestAssigned }
func (RequestCompleted) EventType() string           { return TypeRequestCompleted }
func (RequestRefused) EventType() string             { return TypeRequestRefused }

func (LawfulBasisRecorded) SchemaVersion() int        { return 1 }
func (LawfulBasisEnded) SchemaVersion() int           { return 1 }
func (ConsentGiven) SchemaVersion() int               { return 1 }
func (ConsentWithdrawn) SchemaVersion() int           { return 1 }
func (ObjectionRecorded) SchemaVersion() int          { return 1 }
func (RestrictionApplied) SchemaVersion() int         { return 1 }
func (RestrictionLifted) SchemaVersion() int          { return 1 }
func (ErasureRequested) SchemaVersion() int           { return 1 }
func (ErasureApproved) SchemaVersion() int            { return 1 }
func (ErasureScheduled) SchemaVersion() int           { return 1 }
func (SubjectErased) SchemaVersion() int              { return 1 }
func (DataSubjectRequestReceived) SchemaVersion() int { return 1 }
func (IdentityVerified) SchemaVersion() int           { return 1 }
func (RequestDeadlineExtended) SchemaVersion() int    { return 1 }
func (RequestAssigned) SchemaVersion() int            { return 1 }
func (RequestCompleted) SchemaVersion() int           { return 1 }
func (RequestRefused) SchemaVersion() int             { return 1 }
