package dpo

import (
	"time"

	domaindpo "github.com/klient-crm/klient/domain/dpo"
)

// BreachJSON is a breach as the API shows it: the register's line, its
// clock read now, and its supplements. Staff are named by ID, as
// everywhere in the API.
type BreachJSON struct {
	ID           string    `json:"id"`
	Reference    string    `json:"reference"`
	DiscoveredAt time.Time `json:"discovered_at"`
	Deadline     time.Time `json:"deadline"`
	// Status is running (the 72-hour clock runs), reported or not_reported.
	Status         string           `json:"status"`
	HoursLeft      int              `json:"hours_left"`
	Overdue        bool             `json:"overdue"`
	Summary        string           `json:"summary"`
	RecordedBy     string           `json:"recorded_by"`
	Assessments    int              `json:"assessments"`
	Assessment     *AssessmentJSON  `json:"assessment,omitempty"`
	ReportedAt     time.Time        `json:"reported_at,omitzero"`
	IMYReference   string           `json:"imy_reference,omitempty"`
	DelayReason    string           `json:"delay_reason,omitempty"`
	NotReportedAt  time.Time        `json:"not_reported_at,omitzero"`
	NotReported    string           `json:"not_reported_reason,omitempty"`
	Subjects       string           `json:"subjects,omitempty"` // informed or not_informed
	SubjectsAt     time.Time        `json:"subjects_at,omitzero"`
	SubjectsNote   string           `json:"subjects_note,omitempty"`
	SupplementsDue time.Time        `json:"supplements_due,omitzero"`
	Supplements    []SupplementJSON `json:"supplements,omitempty"`
	Version        uint64           `json:"version"`
}

// AssessmentJSON is what IMY's form asks about a breach; PUT it whole to
// replace the latest assessment.
type AssessmentJSON struct {
	StartedAt         *time.Time         `json:"started_at,omitempty"`
	EndedAt           *time.Time         `json:"ended_at,omitempty"`
	Nature            []domaindpo.Nature `json:"nature"`
	SubjectCategories string             `json:"subject_categories"`
	SubjectsApprox    int                `json:"subjects_approx"`
	DataCategories    string             `json:"data_categories"`
	RecordsApprox     int                `json:"records_approx"`
	Consequences      string             `json:"consequences"`
	Severity          domaindpo.Severity `json:"severity"`
	MeasuresTaken     string             `json:"measures_taken,omitempty"`
	MeasuresPlanned   string             `json:"measures_planned,omitempty"`
	Version           *uint64            `json:"version,omitempty"` // or If-Match
}

// SupplementJSON is information given to IMY after the notification.
type SupplementJSON struct {
	At   time.Time `json:"at"`
	Text string    `json:"text"`
}

// NewBreachJSON records a breach; discovered_at absent is now.
type NewBreachJSON struct {
	ID           string     `json:"id,omitempty"`
	Reference    string     `json:"reference"`
	DiscoveredAt *time.Time `json:"discovered_at,omitempty"`
	Summary      string     `json:"summary"`
}

// DecisionJSON is one step on a breach: report, not_report, inform,
// not_inform or supplement. At is when IMY was notified or the people
// told (absent: now); Text the reasons, how, or the supplement.
type DecisionJSON struct {
	Step         string     `json:"step"`
	At           *time.Time `json:"at,omitempty"`
	IMYReference string     `json:"imy_reference,omitempty"`
	Text         string     `json:"text,omitempty"`
	Version      *uint64    `json:"version,omitempty"` // or If-Match
}

func breachOut(b breachView) BreachJSON {
	out := BreachJSON{ID: b.ID, Reference: b.Reference, DiscoveredAt: b.DiscoveredAt, Deadline: b.Deadline, Status: b.Status,
		HoursLeft: b.HoursLeft, Overdue: b.Overdue, Summary: b.Summary, RecordedBy: b.RecordedBy, Assessments: b.Assessments,
		ReportedAt: b.ReportedAt, IMYReference: b.IMYReference, DelayReason: b.DelayReason, NotReportedAt: b.NotReportedAt,
		NotReported: b.NotReportedReason, Subjects: b.Subjects, SubjectsAt: b.SubjectsAt, SubjectsNote: b.SubjectsNote,
		SupplementsDue: b.SupplementsDue, Version: b.Version}
	if b.Assessments > 0 {
		out.Assessment = &AssessmentJSON{StartedAt: timeOrNil(b.StartedAt), EndedAt: timeOrNil(b.EndedAt), Nature: b.Nature,
			SubjectCategories: b.SubjectCategories, SubjectsApprox: b.SubjectsApprox, DataCategories: b.DataCategories,
			RecordsApprox: b.RecordsApprox, Consequences: b.Consequences, Severity: b.Severity,
			MeasuresTaken: b.MeasuresTaken, MeasuresPlanned: b.MeasuresPlanned}
	}
	for _, s := range b.Supplements {
		out.Supplements = append(out.Supplements, SupplementJSON{At: s.At, Text: s.Text})
	}
	return out
}

func timeOrNil(t time.Time) *time.Time {
	if t.IsZero() {
		return nil
	}
	return &t
}

func timeOf(t *time.Time) time.Time {
	if t == nil {
		return time.Time{}
	}
	return *t
}
