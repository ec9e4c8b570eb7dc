package dpo

import (
	"slices"

	"github.com/klient-crm/klient/domain"
)

// Nature is which security property a breach broke, in the words of the
// EDPB's guidelines 9/2022 that IMY's form follows.
type Nature string

// The natures of a breach; one breach may have several.
const (
	NatureConfidentiality Nature = "confidentiality" // disclosed to or reached by someone not entitled
	NatureIntegrity       Nature = "integrity"       // altered without authority
	NatureAvailability    Nature = "availability"    // lost or destroyed, even for a while
)

// Natures lists every nature, in the form's order.
var Natures = []Nature{NatureConfidentiality, NatureIntegrity, NatureAvailability}

// Severity is the assessed risk to people's rights and freedoms, which
// decides the duties: unlikely to result in a risk, none beyond recording
// it (art. 33.5); a risk, notify IMY (33.1); a high risk, tell the data
// subjects too (34.1).
type Severity string

// The severities, from least to most.
const (
	SeverityUnlikely Severity = "unlikely"
	SeverityRisk     Severity = "risk"
	SeverityHigh     Severity = "high"
)

// Severities lists every severity, least first.
var Severities = []Severity{SeverityUnlikely, SeverityRisk, SeverityHigh}

// Length limits, in characters, of the free-text fields.
const (
	maxLineLength      = 200
	maxNoteLength      = 4000
	maxReferenceLength = 40
)

// textCodes are this context's catalogue codes for domain.Text's refusals.
var textCodes = domain.TextCodes{EncodingCode: "dpo.text.encoding", ControlCode: "dpo.text.control",
	RequiredCode: "dpo.text.required", TooLongCode: "dpo.text.too_long"}

func cleanLine(field, s string, required bool) (string, error) {
	return domain.Text{Max: maxLineLength, Required: required, Codes: textCodes}.Clean(field, s)
}

func cleanBlock(field, s string, required bool) (string, error) {
	return domain.Text{Max: maxNoteLength, Required: required, Admit: "\n\r\t", Codes: textCodes}.Clean(field, s)
}

// checkID refuses an ID that cannot name a record (domain.ValidID).
func checkID(field, id, code string) error {
	if !domain.ValidID(id) {
		return domain.Invalid(field, "this is not an ID").WithCode(code)
	}
	return nil
}

// cleanNatures checks natures against Natures, drops repeats and returns
// them in the form's order; at least one is required.
func cleanNatures(natures []Nature) ([]Nature, error) {
	var out []Nature
	for _, n := range Natures {
		if slices.Contains(natures, n) {
			out = append(out, n)
		}
	}
	for _, n := range natures {
		if !slices.Contains(Natures, n) {
			return nil, domain.Invalid("nature", "choose from the listed kinds of breach").WithCode("dpo.breach.nature")
		}
	}
	if len(out) == 0 {
		return nil, domain.Invalid("nature", "say whether confidentiality, integrity or availability was broken").WithCode("dpo.breach.nature_required")
	}
	return out, nil
}

// cleanReference is the firm's own reference: one short line, printable
// in a letter's heading.
func cleanReference(s string) (string, error) {
	return domain.Text{Max: maxReferenceLength, Required: true, Codes: textCodes}.Clean("reference", s)
}
