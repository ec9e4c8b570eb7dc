package gdpr

import (
	"time"

	"github.com/klient-crm/klient/domain/work"
)

// RestrictionApplied: the subject's data may only be stored, or used with
// their consent or for legal claims (art. 18.2), until lifted. RequestID
// names the request behind it, if any; Until is when the firm expects to
// lift it (a restriction still lasts until lifted: art. 18.3 has the
// subject told first).
type RestrictionApplied struct {
	SubjectID string    `json:"subject_id"`
	RequestID string    `json:"request_id,omitempty"`
	Reason    string    `json:"reason,omitempty" personal:"SubjectID"`
	Until     work.Date `json:"until"`
}

// RestrictionLifted: processing may resume. By is the staff member (the
// data-protection officer) who lifted it.
type RestrictionLifted struct {
	SubjectID string `json:"subject_id"`
	By        string `json:"by"`
}

// ErasureRequested: erasure of the subject was asked for under request
// RequestID and is being weighed against the statutory holds.
type ErasureRequested struct {
	SubjectID   string `json:"subject_id"`
	RequestID   string `json:"request_id"`
	RequestedBy string `json:"requested_by"` // staff ID
}

// ErasureApproved: no hold stands in the way; the erasure executor may now
// destroy the subject's key and record SubjectErased.
type ErasureApproved struct {
	SubjectID  string `json:"subject_id"`
	RequestID  string `json:"request_id"`
	ApprovedBy string `json:"approved_by"` // staff ID
}

// ErasureScheduled: statutory holds (art. 17.3) keep the data until the day
// before At; the subject is restricted meanwhile and the erasure falls due
// on At. Grounds are the firm's rule texts, not personal data.
type ErasureScheduled struct {
	SubjectID string    `json:"subject_id"`
	RequestID string    `json:"request_id"`
	At        work.Date `json:"at"`
	Grounds   []string  `json:"grounds"`
}

// SubjectErased: the subject's key was destroyed, so every sealed field of
// theirs, in every stream and backup, is unreadable for good. Every
// projector blanks what it opened from them. KeyTombstone is the destroyed
// key's fingerprint (crypto's tombstone), never personal data. The
// executor appends it to the subject's stream (Subject.RecordErasure).
type SubjectErased struct {
	SubjectID    string    `json:"subject_id"`
	RequestID    string    `json:"request_id"`
	ApprovedBy   string    `json:"approved_by"`
	ErasedAt     time.Time `json:"erased_at"`
	KeyTombstone string    `json:"key_tombstone"`
}
