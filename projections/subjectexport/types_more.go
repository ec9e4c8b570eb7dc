package subjectexport

import (
	"time"

	domaincdd "github.com/klient-crm/klient/domain/cdd"
)

// Document is a stored document about the subject, listed (its bytes are
// handed over on request, as a copy of the file).
type Document struct {
	ID              string       `json:"id"`
	Name            string       `json:"name,omitempty"`
	ContentType     string       `json:"content_type"`
	Bytes           int64        `json:"bytes"`
	SHA256          string       `json:"sha256,omitempty"`
	UploadedAt      time.Time    `json:"uploaded_at"`
	MatterID        string       `json:"matter_id,omitempty"`
	CommunicationID string       `json:"communication_id,omitempty"`
	Erased          bool         `json:"erased,omitempty"`
	Withheld        *Withholding `json:"withheld,omitempty"`
}

// Task is a task about the subject.
type Task struct {
	ID          string       `json:"id"`
	Title       string       `json:"title,omitempty"`
	Description string       `json:"description,omitempty"`
	Due         string       `json:"due"` // YYYY-MM-DD
	Status      string       `json:"status"`
	MatterID    string       `json:"matter_id,omitempty"`
	CreatedAt   time.Time    `json:"created_at"`
	Withheld    *Withholding `json:"withheld,omitempty"`
}

// Request is one of the subject's data-subject requests.
type Request struct {
	ID          string    `json:"id"`
	Kind        string    `json:"kind"`
	Channel     string    `json:"channel"`
	Status      string    `json:"status"`
	ReceivedAt  time.Time `json:"received_at"`
	Deadline    string    `json:"deadline"`
	CompletedAt time.Time `json:"completed_at,omitzero"`
	RefusedAt   time.Time `json:"refused_at,omitzero"`
	Ground      string    `json:"refusal_ground,omitempty"`
}

// Access is one time someone at the firm looked at the subject's data.
type Access struct {
	At       time.Time    `json:"at"`
	Action   string       `json:"action"`
	Route    string       `json:"route"`
	Via      string       `json:"via"`
	Purpose  string       `json:"purpose,omitempty"`
	Withheld *Withholding `json:"withheld"` // who: see the ground
}

// Recipient is someone the firm discloses data to, or a processor that
// handles it for the firm (art. 15.1 c). The list is the firm's
// configuration.
type Recipient struct {
	Name    string `json:"name"`
	Role    string `json:"role"` // "processor" or "recipient"
	Purpose string `json:"purpose"`
	Country string `json:"country,omitempty"` // outside the EEA: the safeguard belongs in Purpose
}

// Retention is how long one category of data is kept (art. 15.1 d).
type Retention struct {
	Category string `json:"category"`
	Period   string `json:"period"` // ISO 8601
	From     string `json:"from"`   // the fact the period runs from
	Ground   string `json:"ground"`
}

// DueDiligence is a due-diligence record of the subject as a matter's
// client (penningtvättslagen): how the firm verified who they are, and
// what it decided; its assessments in words are withheld (GroundAML).
type DueDiligence struct {
	MatterID            string                      `json:"matter_id"`
	Matter              string                      `json:"matter,omitempty"` // its number and title
	Risk                string                      `json:"risk,omitempty"`   // low, normal, high
	IdentityMethod      string                      `json:"identity_method,omitempty"`
	IdentityVerifiedAt  time.Time                   `json:"identity_verified_at,omitzero"`
	IdentityDetails     string                      `json:"identity_details,omitempty"` // what was seen
	IdentityCopy        string                      `json:"identity_copy,omitempty"`    // the kept copy's file name; the copy on request
	BeneficialOwners    []domaincdd.BeneficialOwner `json:"beneficial_owners,omitempty"`
	NoOwnersReason      string                      `json:"no_owners_reason,omitempty"`
	PEPAnswer           string                      `json:"pep_answer,omitempty"`
	PEPDetails          string                      `json:"pep_details,omitempty"`
	ScreenedListVersion string                      `json:"screened_list_version,omitempty"`
	ScreenedListDate    time.Time                   `json:"screened_list_date,omitzero"`
	ScreenedAt          time.Time                   `json:"screened_at,omitzero"`
	Decision            string                      `json:"decision,omitempty"` // approved, declined, escalated
	DecidedAt           time.Time                   `json:"decided_at,omitzero"`
	Erased              bool                        `json:"erased,omitempty"` // the record's key is destroyed: nothing sealed is left
	Withheld            *Withholding                `json:"withheld,omitempty"`
}
