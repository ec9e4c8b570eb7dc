package gdpr

import (
	"fmt"
	"slices"
	"time"

	"github.com/klient-crm/klient/domain"
	"github.com/klient-crm/klient/domain/work"
)

// Category is a kind of record a retention rule governs.
type Category string

// The categories of record the firm keeps.
const (
	CategoryMatterFile          Category = "matter_file"
	CategoryAccounting          Category = "accounting"
	CategoryAMLKYC              Category = "aml_kyc"
	CategoryContactWithoutBasis Category = "contact_without_basis"
	CategoryCommunication       Category = "communication"
	CategoryDocument            Category = "document"
	CategoryAccessLog           Category = "access_log"
	CategorySession             Category = "session"
	CategoryHeldMail            Category = "held_mail" // incoming e-mail awaiting filing (internal/mailin's review queue)
)

// Categories lists every Category.
var Categories = []Category{CategoryMatterFile, CategoryAccounting, CategoryAMLKYC, CategoryContactWithoutBasis,
	CategoryCommunication, CategoryDocument, CategoryAccessLog, CategorySession, CategoryHeldMail}

// Trigger is the fact a retention period runs from.
type Trigger string

// The facts a period may run from (see SubjectFacts).
const (
	TriggerMatterClosed    Trigger = "matter_closed"
	TriggerLastActivity    Trigger = "last_activity"
	TriggerCreated         Trigger = "created"
	TriggerTransactionDate Trigger = "transaction_date"
)

// Triggers lists every Trigger.
var Triggers = []Trigger{TriggerMatterClosed, TriggerLastActivity, TriggerCreated, TriggerTransactionDate}

// Period is a length of time in calendar years, months and days.
type Period struct {
	Years  int `json:"years,omitempty"`
	Months int `json:"months,omitempty"`
	Days   int `json:"days,omitempty"`
}

// LastDay is the last day of the period that runs from day d: the period
// ends with the day that bears d's date (Regulation 1182/71 art. 3.2(c)).
func (p Period) LastDay(d work.Date) work.Date {
	return AddMonths(d, 12*p.Years+p.Months).AddDays(p.Days)
}

func (p Period) valid() bool {
	return p.Years >= 0 && p.Months >= 0 && p.Days >= 0 && p.Years+p.Months+p.Days > 0 && p.Years <= 100
}

// RetentionRule says how long one category of record is kept, from which
// fact, and on what ground. A Hold rule is a statutory duty or a legal
// claim that overrides an erasure request (art. 17.3 b and e); the others
// are the firm's "keep at most" periods, for housekeeping jobs.
type RetentionRule struct {
	Category    Category `json:"category"`
	Period      Period   `json:"period"`
	Trigger     Trigger  `json:"trigger"`
	FromYearEnd bool     `json:"from_year_end,omitempty"` // run from 31 December of the trigger's year
	ClientsOnly bool     `json:"clients_only,omitempty"`  // matter_closed: only the subject's matters as client
	Hold        bool     `json:"hold"`
	Ground      string   `json:"ground"` // the legal ground, in the firm's words (Swedish)
}

// LastDay is the last day (Stockholm, inclusive) the rule keeps a record
// whose trigger happened at t.
func (r RetentionRule) LastDay(t time.Time) work.Date {
	d := work.DateOf(t)
	if r.FromYearEnd {
		y, _, _ := d.Midnight().Date()
		d = work.NewDate(y, time.December, 31)
	}
	return r.Period.LastDay(d)
}

func (r RetentionRule) validate() error {
	switch {
	case !slices.Contains(Categories, r.Category):
		return fmt.Errorf("unknown category %q", r.Category)
	case !slices.Contains(Triggers, r.Trigger):
		return fmt.Errorf("%s: unknown trigger %q", r.Category, r.Trigger)
	case !r.Period.valid():
		return fmt.Errorf("%s: the period must be positive and at most 100 years", r.Category)
	case r.ClientsOnly && r.Trigger != TriggerMatterClosed:
		return fmt.Errorf("%s: clients_only goes with the trigger matter_closed", r.Category)
	}
	ground := domain.Text{Max: 2 * maxLineLength, Required: true, Codes: textCodes}
	if _, err := ground.Clean("ground", r.Ground); err != nil {
		return fmt.Errorf("%s: the ground must be one line of text: %w", r.Category, err)
	}
	return nil
}
