package dpo

import (
	"time"

	"github.com/klient-crm/klient/domain"
)

// Event type strings are stored forever: never rename them.
const (
	TypeBreachDiscovered          = "dpo.BreachDiscovered"
	TypeBreachAssessed            = "dpo.BreachAssessed"
	TypeBreachReported            = "dpo.BreachReported"
	TypeBreachNotReported         = "dpo.BreachNotReported"
	TypeBreachSubjectsInformed    = "dpo.BreachSubjectsInformed"
	TypeBreachSubjectsNotInformed = "dpo.BreachSubjectsNotInformed"
	TypeBreachSupplemented        = "dpo.BreachSupplemented"
)

// BreachStreamName is the stream of one personal-data breach.
func BreachStreamName(breachID string) string { return "breach-" + breachID }

// Events lists one value of every event of the context, for codec
// registration.
func Events() []domain.Event {
	return []domain.Event{BreachDiscovered{}, BreachAssessed{}, BreachReported{}, BreachNotReported{},
		BreachSubjectsInformed{}, BreachSubjectsNotInformed{}, BreachSupplemented{}, ProcessingRecordEdited{},
		ProcessorRecorded{}, ProcessorAgreementAttached{}, SpecialCategoryMarked{}, ContactSpecialCategoryMarked{}, ImpactAssessmentRecorded{}, AccessReviewStarted{}, AccessReviewDecided{}, AccessReviewCompleted{}}
}

// BreachDiscovered: the firm became aware of a breach at DiscoveredAt,
// which starts the 72-hour clock (art. 33.1). Reference is the firm's own
// reference, which IMY's form asks for; Summary is what happened.
type BreachDiscovered struct {
	BreachID     string    `json:"breach_id"`
	Reference    string    `json:"reference"`
	DiscoveredAt time.Time `json:"discovered_at"`
	Summary      string    `json:"summary,omitempty" personal:"BreachID"`
	RecordedBy   string    `json:"recorded_by"` // staff ID
}

// BreachAssessed: what is known of the breach, as IMY's notification form
// asks for it. Each assessment replaces the previous one whole; the log
// keeps them all.
type BreachAssessed struct {
	BreachID  string    `json:"breach_id"`
	StartedAt time.Time `json:"started_at,omitzero"`
	EndedAt   time.Time `json:"ended_at,omitzero"`
	Nature    []Nature  `json:"nature"`
	// The categories and approximate numbers of data subjects and of
	// records concerned (art. 33.3 a).
	SubjectCategories string `json:"subject_categories,omitempty" personal:"BreachID"`
	SubjectsApprox    int    `json:"subjects_approx"`
	DataCategories    string `json:"data_categories,omitempty" personal:"BreachID"`
	RecordsApprox     int    `json:"records_approx"`
	// The likely consequences (art. 33.3 c) and how severe the risk to
	// people is, which decides the duties: none, report (33), tell them (34).
	Consequences string   `json:"consequences,omitempty" personal:"BreachID"`
	Severity     Severity `json:"severity"`
	// The measures taken and planned (art. 33.3 d).
	MeasuresTaken   string `json:"measures_taken,omitempty" personal:"BreachID"`
	MeasuresPlanned string `json:"measures_planned,omitempty" personal:"BreachID"`
	AssessedBy      string `json:"assessed_by"` // staff ID
}

// BreachReported: the firm notified IMY at ReportedAt; IMYReference is
// IMY's case number when known. A notification after the 72 hours carries
// the reasons for the delay (art. 33.1).
type BreachReported struct {
	BreachID     string    `json:"breach_id"`
	ReportedAt   time.Time `json:"reported_at"`
	IMYReference string    `json:"imy_reference,omitempty"`
	DelayReason  string    `json:"delay_reason,omitempty" personal:"BreachID"`
}

// BreachNotReported: the firm decided not to notify IMY, because the
// breach is unlikely to result in a risk to people (art. 33.1), for
// Reason, which art. 33.5 requires it to document.
type BreachNotReported struct {
	BreachID  string    `json:"breach_id"`
	DecidedAt time.Time `json:"decided_at"`
	Reason    string    `json:"reason,omitempty" personal:"BreachID"`
}

// BreachSubjectsInformed: the data subjects were told (art. 34.1), How
// (letter, e-mail, public notice under art. 34.3 c).
type BreachSubjectsInformed struct {
	BreachID   string    `json:"breach_id"`
	InformedAt time.Time `json:"informed_at"`
	How        string    `json:"how,omitempty" personal:"BreachID"`
}

// BreachSubjectsNotInformed: the data subjects were not told, for Reason
// (no high risk, or one of art. 34.3's grounds).
type BreachSubjectsNotInformed struct {
	BreachID  string    `json:"breach_id"`
	DecidedAt time.Time `json:"decided_at"`
	Reason    string    `json:"reason,omitempty" personal:"BreachID"`
}

// BreachSupplemented: information given to IMY in phases after the
// notification (art. 33.4).
type BreachSupplemented struct {
	BreachID       string    `json:"breach_id"`
	SupplementedAt time.Time `json:"supplemented_at"`
	Text           string    `json:"text,omitempty" personal:"BreachID"`
}

func (BreachDiscovered) EventType() string          { return TypeBreachDiscovered }
func (BreachAssessed) EventType() string            { return TypeBreachAssessed }
func (BreachReported) EventType() string            { return TypeBreachReported }
func (BreachNotReported) EventType() string         { return TypeBreachNotReported }
func (BreachSubjectsInformed) EventType() string    { return TypeBreachSubjectsInformed }
func (BreachSubjectsNotInformed) EventType() string { return TypeBreachSubjectsNotInformed }
func (BreachSupplemented) EventType() string        { return TypeBreachSupplemented }

func (BreachDiscovered) SchemaVersion() int          { return 1 }
func (BreachAssessed) SchemaVersion() int            { return 1 }
func (BreachReported) SchemaVersion() int            { return 1 }
func (BreachNotReported) SchemaVersion() int         { return 1 }
func (BreachSubjectsInformed) SchemaVersion() int    { return 1 }
func (BreachSubjectsNotInformed) SchemaVersion() int { return 1 }
func (BreachSupplemented) SchemaVersion() int        { return 1 }
