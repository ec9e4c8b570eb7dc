package cdd

import (
	"time"

	"github.com/klient-crm/klient/domain"
)

// Event type strings are stored forever: never rename them.
const (
	TypeDueDiligenceStarted      = "cdd.DueDiligenceStarted"
	TypeEngagementRiskAssessed   = "cdd.EngagementRiskAssessed"
	TypeClientIdentityVerified   = "cdd.ClientIdentityVerified"
	TypeBeneficialOwnersRecorded = "cdd.BeneficialOwnersRecorded"
	TypePEPAnswered              = "cdd.PEPAnswered"
	TypeSanctionsScreened        = "cdd.SanctionsScreened"
	TypeSanctionsHitReviewed     = "cdd.SanctionsHitReviewed"
	TypeDueDiligenceDecided      = "cdd.DueDiligenceDecided"
	TypeSanctionsListImported    = "cdd.SanctionsListImported"
	TypeIdentityCopyStored       = "cdd.IdentityCopyStored"
)

// ListStreamName is the stream of one imported sanctions list.
func ListStreamName(listID string) string { return "cddlist-" + listID }

// RecordStreamName is the stream of one matter's due-diligence record.
func RecordStreamName(matterID string) string { return "cdd-" + matterID }

// RecordKey is the data-subject ID of the key that seals a record's
// personal data: an entry key owned by the client (see the package doc).
func RecordKey(clientID, matterID string) string {
	return domain.EntryKey(clientID, "cdd-"+matterID)
}

// Events lists one value of every event of the context, for codec
// registration.
func Events() []domain.Event {
	return []domain.Event{RiskAssessmentPublished{}, DueDiligenceStarted{}, EngagementRiskAssessed{}, ClientIdentityVerified{},
		BeneficialOwnersRecorded{}, PEPAnswered{}, SanctionsScreened{}, SanctionsHitReviewed{}, DueDiligenceDecided{}, SanctionsListImported{},
		IdentityCopyStored{}}
}

// DueDiligenceStarted: a lawyer began the due diligence of matter
// MatterID's client ClientID (a contact; a client party of the matter).
// Organisation says whether beneficial owners are asked for. Key is
// RecordKey(ClientID, MatterID); every later event carries it.
type DueDiligenceStarted struct {
	MatterID     string `json:"matter_id"`
	ClientID     string `json:"client_id"`
	Organisation bool   `json:"organisation"`
	Key          string `json:"key"`
	StartedBy    string `json:"started_by"` // staff ID
}

// EngagementRiskAssessed: the engagement's risk, from the factors of
// version AssessmentVersion of the general assessment the lawyer found
// (Factors, by code; Score, their weights' sum) and the lawyer's Reasons.
// Risk may be higher than the score suggests, never lower without the
// reasons saying why (which the reasons always must).
type EngagementRiskAssessed struct {
	MatterID          string   `json:"matter_id"`
	Key               string   `json:"key"`
	AssessmentVersion int      `json:"assessment_version"`
	Factors           []string `json:"factors"`
	Score             int      `json:"score"`
	Risk              Risk     `json:"risk"`
	Reasons           string   `json:"reasons,omitempty" personal:"Key"`
	AssessedBy        string   `json:"assessed_by"`
}

// ClientIdentityVerified: the client's identity was verified by Method at
// VerifiedAt by VerifiedBy (staff ID). Details are what was seen (the
// document's kind and number, the register extract), sealed.
type ClientIdentityVerified struct {
	MatterID   string    `json:"matter_id"`
	Key        string    `json:"key"`
	Method     Method    `json:"method"`
	VerifiedAt time.Time `json:"verified_at"`
	VerifiedBy string    `json:"verified_by"`
	Details    string    `json:"details,omitempty" personal:"Key"`
}

// BeneficialOwner is one person who ultimately owns or controls an
// organisation client (3 kap. 8 §): more than 25 %, or control otherwise.
type BeneficialOwner struct {
	Name         string  `json:"name"`
	BirthDate    string  `json:"birth_date,omitempty"` // YYYY-MM-DD or a personnummer, as verified
	SharePercent float64 `json:"share_percent"`        // of ownership or votes, 0–100; 0 for control otherwise
	Verification string  `json:"verification"`         // how: Bolagsverket's register, a shareholder register ...
}

// BeneficialOwnersRecorded: the organisation client's beneficial owners,
// the whole list each time; an empty list says why in NoneReason (a
// listed company, or no one above 25 % and the board's chair named
// instead).
type BeneficialOwnersRecorded struct {
	MatterID   string            `json:"matter_id"`
	Key        string            `json:"key"`
	Owners     []BeneficialOwner `json:"owners,omitempty" personal:"Key"`
	NoneReason string            `json:"none_reason,omitempty" personal:"Key"`
	RecordedBy string            `json:"recorded_by"`
}

// PEPAnswered: the answer to whether the client (or a beneficial owner)
// is a politically exposed person, a family member or a known close
// associate of one, and the details (who, which office). Both sealed: the
// answer itself says something about a person.
type PEPAnswered struct {
	MatterID   string    `json:"matter_id"`
	Key        string    `json:"key"`
	Answer     PEPAnswer `json:"answer" personal:"Key"`
	Details    string    `json:"details,omitempty" personal:"Key"`
	AnsweredBy string    `json:"answered_by"`
}

// SanctionsHit is one entry of the list whose name resembles a name of
// the record (the client's, an owner's).
type SanctionsHit struct {
	EntryID   string  `json:"entry_id"`   // the list's logicalId
	EntryName string  `json:"entry_name"` // the alias that matched
	Screened  string  `json:"screened"`   // the record's name it resembled
	Score     float64 `json:"score"`      // 0–1
}

// SanctionsScreened: the record's names were screened against list
// ListID of ListDate (the list's generation date) and version
// ListVersion, at ScreenedAt. Hits are sealed (they pair the client's
// names with a list's); their count is not.
type SanctionsScreened struct {
	MatterID    string         `json:"matter_id"`
	Key         string         `json:"key"`
	ListID      string         `json:"list_id"`
	ListVersion string         `json:"list_version"`
	ListDate    time.Time      `json:"list_date"`
	HitCount    int            `json:"hit_count"`
	Hits        []SanctionsHit `json:"hits,omitempty" personal:"Key"`
	ScreenedAt  time.Time      `json:"screened_at"`
	ScreenedBy  string         `json:"screened_by"` // staff ID, or "" for the re-screening after a list import
}

// SanctionsHitReviewed: hit EntryID of the latest screening was reviewed:
// Match says it is the same person (the engagement cannot be approved),
// else a false positive; Reason says why.
type SanctionsHitReviewed struct {
	MatterID   string `json:"matter_id"`
	Key        string `json:"key"`
	EntryID    string `json:"entry_id"`
	Match      bool   `json:"match"`
	Reason     string `json:"reason,omitempty" personal:"Key"`
	ReviewedBy string `json:"reviewed_by"`
}

// DueDiligenceDecided: the record was decided at DecidedAt. ByOfficer
// says the AML officer decided (a high risk, a PEP, an escalation need
// that); Reason is required.
type DueDiligenceDecided struct {
	MatterID  string    `json:"matter_id"`
	Key       string    `json:"key"`
	Decision  Decision  `json:"decision"`
	Reason    string    `json:"reason,omitempty" personal:"Key"`
	ByOfficer bool      `json:"by_officer"`
	DecidedBy string    `json:"decided_by"`
	DecidedAt time.Time `json:"decided_at"`
}

// IdentityCopyStored: a copy of the identity document the client showed
// (a scan or a photo) was stored as document DocumentID in the documents'
// encrypted blobs, sealed with the record's key, so that it is kept while
// the record is and is unreadable once that key is destroyed. Its name
// (which may name the client) is sealed too; type, size and digest are
// not. A new copy replaces the earlier one (whose bytes are deleted).
type IdentityCopyStored struct {
	MatterID    string    `json:"matter_id"`
	Key         string    `json:"key"`
	DocumentID  string    `json:"document_id"`
	Name        string    `json:"name" personal:"Key"`
	ContentType string    `json:"content_type"`
	Size        int64     `json:"size"`
	SHA256      string    `json:"sha256"` // hex
	StoredBy    string    `json:"stored_by"`
	StoredAt    time.Time `json:"stored_at"`
}

func (IdentityCopyStored) EventType() string  { return TypeIdentityCopyStored }
func (IdentityCopyStored) SchemaVersion() int { return 1 }

// SanctionsListImported: a sanctions list was imported (its entries are
// kept beside the log, projections/cdd): its date, version and size, and
// who imported it. The list is public; no personal data is in the event.
type SanctionsListImported struct {
	ListID      string    `json:"list_id"`
	Version     string    `json:"version"`
	GeneratedAt time.Time `json:"generated_at"`
	Entries     int       `json:"entries"`
	ImportedBy  string    `json:"imported_by"`
}

func (SanctionsListImported) EventType() string  { return TypeSanctionsListImported }
func (SanctionsListImported) SchemaVersion() int { return 1 }

func (DueDiligenceStarted) EventType() string      { return TypeDueDiligenceStarted }
func (EngagementRiskAssessed) EventType() string   { return TypeEngagementRiskAssessed }
func (ClientIdentityVerified) EventType() string   { return TypeClientIdentityVerified }
func (BeneficialOwnersRecorded) EventType() string { return TypeBeneficialOwnersRecorded }
func (PEPAnswered) EventType() string              { return TypePEPAnswered }
func (SanctionsScreened) EventType() string        { return TypeSanctionsScreened }
func (SanctionsHitReviewed) EventType() string     { return TypeSanctionsHitReviewed }
func (DueDiligenceDecided) EventType() string      { return TypeDueDiligenceDecided }

func (DueDiligenceStarted) SchemaVersion() int      { return 1 }
func (EngagementRiskAssessed) SchemaVersion() int   { return 1 }
func (ClientIdentityVerified) SchemaVersion() int   { return 1 }
func (BeneficialOwnersRecorded) SchemaVersion() int { return 1 }
func (PEPAnswered) SchemaVersion() int              { return 1 }
func (SanctionsScreened) SchemaVersion() int        { return 1 }
func (SanctionsHitReviewed) SchemaVersion() int     { return 1 }
func (DueDiligenceDecided) SchemaVersion() int      { return 1 }
