package requests

import (
	"time"

	"github.com/klient-crm/klient/domain/gdpr"
	"github.com/klient-crm/klient/domain/work"
	"github.com/klient-crm/klient/http/web"
)

// RequestJSON is a data-subject request as the API shows it. The texts
// are the subject's personal data: reading them is logged as a view.
type RequestJSON struct {
	ID              string             `json:"id"`
	SubjectID       string             `json:"subject_id"`
	Right           gdpr.RequestKind   `json:"right"`
	Channel         gdpr.Channel       `json:"channel"`
	Status          gdpr.RequestStatus `json:"status"`
	ReceivedAt      time.Time          `json:"received_at"`
	Deadline        work.Date          `json:"deadline"`
	DaysLeft        int                `json:"days_left"`
	Overdue         bool               `json:"overdue"`
	Extended        bool               `json:"extended"`
	ExtensionReason string             `json:"extension_reason,omitempty"`
	RequesterNote   string             `json:"requester_note,omitempty"`
	Verified        bool               `json:"verified"`
	VerifiedAt      time.Time          `json:"verified_at,omitzero"`
	VerifiedHow     string             `json:"verified_how,omitempty"`
	CompletedAt     time.Time          `json:"completed_at,omitzero"`
	Outcome         string             `json:"outcome,omitempty"`
	RefusedAt       time.Time          `json:"refused_at,omitzero"`
	RefusalGround   string             `json:"refusal_ground,omitempty"`
	SubjectErased   bool               `json:"subject_erased"`
	Version         uint64             `json:"version"`
}

func requestOut(q requestRow) RequestJSON {
	return RequestJSON{ID: q.RequestID, SubjectID: q.SubjectID, Right: q.Kind, Channel: q.Channel, Status: q.Status,
		ReceivedAt: q.ReceivedAt, Deadline: q.Deadline, DaysLeft: q.DaysLeft, Overdue: q.Overdue, Extended: q.Extended,
		ExtensionReason: q.ExtensionReason, RequesterNote: q.RequesterNote, Verified: q.Verified, VerifiedAt: q.VerifiedAt,
		VerifiedHow: q.VerifiedHow, CompletedAt: q.CompletedAt, Outcome: q.Outcome, RefusedAt: q.RefusedAt,
		RefusalGround: q.RefusalGround, SubjectErased: q.Erased, Version: q.Version}
}

// NewRequestJSON registers a request; verified_how, when given, records
// that the requester's identity was checked and how.
type NewRequestJSON struct {
	ID            string           `json:"id,omitempty"`
	Right         gdpr.RequestKind `json:"right"`
	Channel       gdpr.Channel     `json:"channel"`
	ReceivedAt    *time.Time       `json:"received_at,omitempty"` // RFC 3339; absent: now
	RequesterNote string           `json:"requester_note,omitempty"`
	VerifiedHow   string           `json:"verified_how,omitempty"`
}

// ErasureJSON is "approve and erase" carried out.
type ErasureJSON struct {
	Status        string `json:"status"` // "erased"
	CertificateID string `json:"certificate_id"`
	Certificate   string `json:"certificate"` // where to fetch it
}

// HeldProblem is the 409 of an erasure the law holds back: the person is
// restricted and the erasure scheduled for EraseOn; or, while a matter the
// person is in is open (code gdpr.erasure.held_open_matter), nothing is
// written, there are no dates, and MatterIDs names the open matters.
type HeldProblem struct {
	web.Problem
	Grounds   []string   `json:"grounds"`
	HeldUntil *work.Date `json:"held_until,omitempty"`
	EraseOn   *work.Date `json:"erase_on,omitempty"`
	MatterIDs []string   `json:"matter_ids,omitempty"`
}
