package gdpr

import (
	"time"

	"github.com/klient-crm/klient/domain/work"
)

// DataSubjectRequestReceived: a subject invoked a right. The answer is due
// within one month of ReceivedAt (art. 12.3; see Deadline).
type DataSubjectRequestReceived struct {
	RequestID     string      `json:"request_id"`
	SubjectID     string      `json:"subject_id"`
	Kind          RequestKind `json:"kind"`
	ReceivedAt    time.Time   `json:"received_at"`
	Channel       Channel     `json:"channel"`
	RequesterNote string      `json:"requester_note,omitempty" personal:"SubjectID"`
}

// IdentityVerified: the firm is satisfied the requester is the subject
// (art. 12.6). How may describe an identity document, so it is sealed.
type IdentityVerified struct {
	RequestID string `json:"request_id"`
	SubjectID string `json:"subject_id"`
	How       string `json:"how,omitempty" personal:"SubjectID"`
	By        string `json:"by"` // staff ID
}

// RequestDeadlineExtended: the one extension art. 12.3 allows, by at most
// two further months, with the reason the subject is told.
type RequestDeadlineExtended struct {
	RequestID   string    `json:"request_id"`
	SubjectID   string    `json:"subject_id"`
	NewDeadline work.Date `json:"new_deadline"`
	Reason      string    `json:"reason,omitempty" personal:"SubjectID"`
}

// RequestAssigned: Handler (a staff ID) answers the request.
type RequestAssigned struct {
	RequestID string `json:"request_id"`
	SubjectID string `json:"subject_id"`
	Handler   string `json:"handler"`
}

// RequestCompleted: the firm acted on the request.
type RequestCompleted struct {
	RequestID   string    `json:"request_id"`
	SubjectID   string    `json:"subject_id"`
	Outcome     string    `json:"outcome,omitempty" personal:"SubjectID"`
	CompletedAt time.Time `json:"completed_at"`
}

// RequestRefused: the firm does not act, on Ground (art. 12.4–5, 17.3,
// 21.1), which the subject is told.
type RequestRefused struct {
	RequestID string    `json:"request_id"`
	SubjectID string    `json:"subject_id"`
	Ground    string    `json:"ground,omitempty" personal:"SubjectID"`
	RefusedAt time.Time `json:"refused_at"`
}
