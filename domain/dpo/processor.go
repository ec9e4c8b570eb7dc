package dpo

import (
	"slices"
	"strings"
	"time"

	"github.com/klient-crm/klient/domain"
)

// A processor (art. 28) and the transfers its service makes (art. 44–46):
// the Processor aggregate on stream "processor-<processorID>", recorded
// whole at every edit (each version stays in the log), with a review date
// that the DPO's start page reminds of.

// Mechanism is what makes a transfer outside the EEA lawful.
type Mechanism string

// The transfer mechanisms of chapter V.
const (
	MechanismNone       Mechanism = "none"       // no transfer: every country is in the EEA
	MechanismAdequacy   Mechanism = "adequacy"   // an adequacy decision (art. 45)
	MechanismSCC        Mechanism = "scc"        // standard contractual clauses (art. 46.2 c)
	MechanismBCR        Mechanism = "bcr"        // binding corporate rules (art. 47)
	MechanismDerogation Mechanism = "derogation" // a derogation for a specific situation (art. 49)
)

// Mechanisms lists every mechanism.
var Mechanisms = []Mechanism{MechanismNone, MechanismAdequacy, MechanismSCC, MechanismBCR, MechanismDerogation}

// eea are the EEA's countries (ISO 3166-1 alpha-2): the EU's 27, Iceland,
// Liechtenstein and Norway. A transfer anywhere else needs a mechanism.
var eea = strings.Fields(`AT BE BG HR CY CZ DK EE FI FR DE GR HU IE IT LV LT LU MT NL PL PT RO SK SI ES SE IS LI NO`)

// ProcessorRecorded: the processor as the DPO recorded it, whole.
type ProcessorRecorded struct {
	ProcessorID      string    `json:"processor_id"`
	Name             string    `json:"name"`
	Service          string    `json:"service"`
	DataCategories   string    `json:"data_categories"`
	SubProcessors    string    `json:"sub_processors,omitempty"`
	Countries        []string  `json:"countries"` // where the data is processed, ISO codes
	Mechanism        Mechanism `json:"mechanism"`
	TransferAssessed time.Time `json:"transfer_assessed,omitzero"` // the transfer impact assessment's date
	AgreementSigned  time.Time `json:"agreement_signed,omitzero"`  // the art. 28.3 agreement's date
	ReviewBy         time.Time `json:"review_by"`                  // the next review
	RecordedBy       string    `json:"recorded_by"`
}

// TypeProcessorRecorded is stored forever: never rename it.
const TypeProcessorRecorded = "dpo.ProcessorRecorded"

func (ProcessorRecorded) EventType() string  { return TypeProcessorRecorded }
func (ProcessorRecorded) SchemaVersion() int { return 1 }

// ProcessorStreamName is the stream of one processor.
func ProcessorStreamName(id string) string { return "processor-" + id }

// Processor is the aggregate.
type Processor struct {
	current    ProcessorRecorded
	applied    uint64
	agreements []string // document IDs of the signed agreements attached
}

// Exists reports whether the processor was recorded.
func (p *Processor) Exists() bool { return p.applied > 0 }

// Version is the stream version of the last applied event.
func (p *Processor) Version() uint64 { return p.applied - 1 }

// Apply evolves the processor.
func (p *Processor) Apply(ev domain.Event) {
	p.applied++
	switch e := ev.(type) {
	case ProcessorRecorded:
		p.current = e
	case ProcessorAgreementAttached:
		p.agreements = append(p.agreements, e.DocumentID)
	}
}

// ThirdCountries are the countries of e outside the EEA.
func (e ProcessorRecorded) ThirdCountries() []string {
	var out []string
	for _, c := range e.Countries {
		if !slices.Contains(eea, c) {
			out = append(out, c)
		}
	}
	return out
}

// Record decides to record e. A processor needs a name, a service, the
// data it handles, where it processes them and a review date; a country
// outside the EEA needs a mechanism other than none, and clauses or
// binding rules a transfer assessment (Schrems II); the same record
// again decides nothing.
func (p *Processor) Record(e ProcessorRecorded, now time.Time) ([]domain.Event, error) {
	var probs domain.Problems
	var err error
	for _, f := range []struct {
		name string
		s    *string
		req  bool
	}{{"name", &e.Name, true}, {"service", &e.Service, true}} {
		*f.s, err = cleanLine(f.name, *f.s, f.req)
		probs.Add(err)
	}
	e.DataCategories, err = cleanBlock("data_categories", e.DataCategories, true)
	probs.Add(err)
	e.SubProcessors, err = cleanBlock("sub_processors", e.SubProcessors, false)
	probs.Add(err)
	var countries []string
	for _, c := range e.Countries {
		c = strings.ToUpper(strings.TrimSpace(c))
		switch {
		case c == "":
		case len(c) != 2 || strings.IndexFunc(c, func(r rune) bool { return r < 'A' || r > 'Z' }) >= 0:
			probs.Add(domain.Invalid("countries", "give countries as two-letter codes, such as SE or US").WithCode("dpo.processor.country"))
		case !slices.Contains(countries, c):
			countries = append(countries, c)
		}
	}
	e.Countries = countries
	if len(countries) == 0 {
		probs.Add(domain.Invalid("countries", "say where the data is processed").WithCode("dpo.processor.countries_required"))
	}
	third := e.ThirdCountries()
	switch {
	case !slices.Contains(Mechanisms, e.Mechanism):
		probs.Add(domain.Invalid("mechanism", "choose a transfer mechanism").WithCode("dpo.processor.mechanism"))
	case len(third) > 0 && e.Mechanism == MechanismNone:
		probs.Add(domain.Invalid("mechanism", "a country outside the EEA needs a transfer mechanism").WithCode("dpo.processor.mechanism_required"))
	case (e.Mechanism == MechanismSCC || e.Mechanism == MechanismBCR) && e.TransferAssessed.IsZero():
		probs.Add(domain.Invalid("transfer_assessed", "clauses and binding rules need a transfer assessment").WithCode("dpo.processor.assessment_required"))
	}
	if e.ReviewBy.IsZero() {
		probs.Add(domain.Invalid("review_by", "set the next review").WithCode("dpo.processor.review_required"))
	}
	for _, f := range []struct {
		name string
		t    time.Time
	}{{"agreement_signed", e.AgreementSigned}, {"transfer_assessed", e.TransferAssessed}} {
		if f.t.After(now) {
			probs.Add(domain.Invalid(f.name, "this cannot be in the future").WithCode("dpo.processor.future"))
		}
	}
	probs.Add(checkID("processor_id", e.ProcessorID, "dpo.processor.id"))
	probs.Add(checkID("recorded_by", e.RecordedBy, "dpo.actor.id"))
	if err := probs.Err(); err != nil {
		return nil, err
	}
	if p.Exists() && sameProcessor(p.current, e) {
		return nil, nil
	}
	return []domain.Event{e}, nil
}

func sameProcessor(a, b ProcessorRecorded) bool {
	return a.Name == b.Name && a.Service == b.Service && a.DataCategories == b.DataCategories && a.SubProcessors == b.SubProcessors &&
		slices.Equal(a.Countries, b.Countries) && a.Mechanism == b.Mechanism && a.TransferAssessed.Equal(b.TransferAssessed) &&
		a.AgreementSigned.Equal(b.AgreementSigned) && a.ReviewBy.Equal(b.ReviewBy)
}

// ReviewDue reports a review due at now (Stockholm dates are the caller's:
// ReviewBy is a day's start).
func (e ProcessorRecorded) ReviewDue(now time.Time) bool { return !now.Before(e.ReviewBy) }
