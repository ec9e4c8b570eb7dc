package dpo

import (
	"time"

	"github.com/klient-crm/klient/domain"
)

// RecordID is the ID of the firm's one record of processing activities
// (art. 30.1): a controller keeps one, so its stream is fixed.
const RecordID = "processing-record"

// RecordStreamName is the stream of the record of processing.
func RecordStreamName() string { return "record-" + RecordID }

// ProcessingRecord is what art. 30.1 asks the record to hold, in the
// firm's own words: each field is text the DPO edits (lists one item a
// line), starting from what Klient itself knows.
type ProcessingRecord struct {
	ControllerName     string `json:"controller_name"`
	OrganisationNumber string `json:"organisation_number"`
	ControllerAddress  string `json:"controller_address"`
	Representative     string `json:"representative,omitempty"` // art. 27, if any
	DPOContact         string `json:"dpo_contact"`              // art. 37.7: published
	Purposes           string `json:"purposes"`
	SubjectCategories  string `json:"subject_categories"`
	DataCategories     string `json:"data_categories"`
	Recipients         string `json:"recipients"`
	Transfers          string `json:"transfers"` // third countries and their safeguards, or that there are none
	Retention          string `json:"retention"` // the time limits for erasure
	Measures           string `json:"measures"`  // art. 32.1, in general terms
}

// ProcessingRecordEdited: the DPO saved the record; the whole record each
// time, so every version stays in the log. The contacts may name people
// (the DPO, the representative), so they are sealed with the record's own
// key; the rest is the firm's description of its processing, which it
// publishes (art. 13/14).
type ProcessingRecordEdited struct {
	RecordID       string `json:"record_id"`
	Representative string `json:"representative,omitempty" personal:"RecordID"`
	DPOContact     string `json:"dpo_contact,omitempty" personal:"RecordID"`
	// Rest holds the other fields, in the clear.
	Rest     ProcessingRecord `json:"record"`
	EditedBy string           `json:"edited_by"` // staff ID
}

// TypeProcessingRecordEdited is stored forever: never rename it.
const TypeProcessingRecordEdited = "dpo.ProcessingRecordEdited"

func (ProcessingRecordEdited) EventType() string  { return TypeProcessingRecordEdited }
func (ProcessingRecordEdited) SchemaVersion() int { return 1 }

// Record returns the record as edited: the sealed contacts back in place.
func (e ProcessingRecordEdited) Record() ProcessingRecord {
	r := e.Rest
	r.Representative, r.DPOContact = e.Representative, e.DPOContact
	return r
}

// Record is the aggregate of the record of processing.
type Record struct {
	current ProcessingRecord
	applied uint64
}

// Exists reports whether the record was ever saved.
func (r *Record) Exists() bool { return r.applied > 0 }

// Version is the stream version of the last applied event.
func (r *Record) Version() uint64 { return r.applied - 1 }

// Apply evolves the record by one event.
func (r *Record) Apply(ev domain.Event) {
	r.applied++
	if e, ok := ev.(ProcessingRecordEdited); ok {
		r.current = e.Record()
	}
}

// Edit decides that by saves rec. Every field art. 30.1 lists is required
// (the representative only where there is one); saving the record as it
// stands decides nothing.
func (r *Record) Edit(rec ProcessingRecord, by string, _ time.Time) ([]domain.Event, error) {
	var p domain.Problems
	line := func(field string, s *string, required bool) {
		var err error
		*s, err = cleanLine(field, *s, required)
		p.Add(err)
	}
	block := func(field string, s *string, required bool) {
		var err error
		*s, err = cleanBlock(field, *s, required)
		p.Add(err)
	}
	line("controller_name", &rec.ControllerName, true)
	line("organisation_number", &rec.OrganisationNumber, true)
	block("controller_address", &rec.ControllerAddress, true)
	block("representative", &rec.Representative, false)
	block("dpo_contact", &rec.DPOContact, true)
	block("purposes", &rec.Purposes, true)
	block("subject_categories", &rec.SubjectCategories, true)
	block("data_categories", &rec.DataCategories, true)
	block("recipients", &rec.Recipients, true)
	block("transfers", &rec.Transfers, true)
	block("retention", &rec.Retention, true)
	block("measures", &rec.Measures, true)
	p.Add(checkID("edited_by", by, "dpo.actor.id"))
	if err := p.Err(); err != nil {
		return nil, err
	}
	if r.Exists() && r.current == rec {
		return nil, nil
	}
	rest := rec
	rest.Representative, rest.DPOContact = "", ""
	return []domain.Event{ProcessingRecordEdited{RecordID: RecordID, Representative: rec.Representative,
		DPOContact: rec.DPOContact, Rest: rest, EditedBy: by}}, nil
}
