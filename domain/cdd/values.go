package cdd

import (
	"regexp"
	"slices"
	"time"

	"github.com/klient-crm/klient/domain"
)

// Risk is an engagement's assessed risk of money laundering or terrorist
// financing.
type Risk string

// The risk levels, least first.
const (
	RiskLow    Risk = "low"
	RiskNormal Risk = "normal"
	RiskHigh   Risk = "high"
)

// Risks lists every level, least first.
var Risks = []Risk{RiskLow, RiskNormal, RiskHigh}

// Method is how a client's identity was verified (3 kap. 7 §).
type Method string

// The methods.
const (
	MethodBankID     Method = "bankid"      // Swedish e-identification
	MethodIDDocument Method = "id_document" // passport, national ID card, driving licence
	MethodOther      Method = "other"       // e.g. a register extract for an organisation; Details says which
)

// Methods lists every method, in the form's order.
var Methods = []Method{MethodBankID, MethodIDDocument, MethodOther}

// PEPAnswer is the answer to the PEP question (3 kap. 18–20 §§).
type PEPAnswer string

// The answers.
const (
	PEPNo        PEPAnswer = "no"              // neither the client nor an owner is, or is close to, a PEP
	PEPSelf      PEPAnswer = "pep"             // the client or a beneficial owner is a PEP
	PEPFamily    PEPAnswer = "family"          // ... a family member of one
	PEPAssociate PEPAnswer = "close_associate" // ... a known close associate of one
)

// PEPAnswers lists every answer, in the form's order.
var PEPAnswers = []PEPAnswer{PEPNo, PEPSelf, PEPFamily, PEPAssociate}

// Decision is what the lawyer or the AML officer decided on a record.
type Decision string

// The decisions.
const (
	DecisionApproved  Decision = "approved"
	DecisionDeclined  Decision = "declined"
	DecisionEscalated Decision = "escalated" // to the AML officer, who approves or declines
)

// Decisions lists every decision, in the form's order.
var Decisions = []Decision{DecisionApproved, DecisionDeclined, DecisionEscalated}

// Category is what a risk factor of the general assessment is about: the
// four the act's preparatory work and the Bar Association's guidance name.
type Category string

// The categories.
const (
	CategoryClient    Category = "client"    // client type: a person, a company, a trust, a PEP ...
	CategoryGeography Category = "geography" // where the client or the money is
	CategoryService   Category = "service"   // the service: property, company formation, escrow ...
	CategoryChannel   Category = "channel"   // how the client came: met in person, remotely, through an agent
)

// Categories lists every category, in the form's order.
var Categories = []Category{CategoryClient, CategoryGeography, CategoryService, CategoryChannel}

// Length limits, in characters, of the free-text fields.
const (
	maxLineLength   = 200
	maxReasonLength = 4000
	// MaxOwners is the most beneficial owners one record lists: anyone
	// holding more than 25 % is one, so four at most, and a chain of
	// control rarely names more than a handful.
	MaxOwners = 20
	// MaxFactors is the most risk factors one general assessment lists.
	MaxFactors = 100
)

var textCodes = domain.TextCodes{EncodingCode: "cdd.text.encoding", ControlCode: "cdd.text.control",
	RequiredCode: "cdd.text.required", TooLongCode: "cdd.text.too_long"}

func cleanLine(field, s string, required bool) (string, error) {
	return domain.Text{Max: maxLineLength, Required: required, Codes: textCodes}.Clean(field, s)
}

func cleanBlock(field, s string, required bool) (string, error) {
	return domain.Text{Max: maxReasonLength, Required: required, Admit: "\n\r\t", Codes: textCodes}.Clean(field, s)
}

// checkID refuses an ID that cannot name a record (domain.ValidID).
func checkID(field, id, code string) error {
	if !domain.ValidID(id) {
		return domain.Invalid(field, "this is not an ID").WithCode(code)
	}
	return nil
}

func oneOf[T comparable](field string, v T, all []T, code, msg string) error {
	if !slices.Contains(all, v) {
		return domain.Invalid(field, "%s", msg).WithCode(code)
	}
	return nil
}

// factorCode is a risk factor's short code: lower-case letters, digits and
// dashes, as it is named in a record and in a URL.
var factorCode = regexp.MustCompile(`^[a-z0-9][a-z0-9-]{0,39}$`)

func notFuture(field string, t, now time.Time, code string) error {
	switch {
	case t.IsZero():
		return domain.Invalid(field, "say when").WithCode("cdd.time.required")
	case t.After(now):
		return domain.Invalid(field, "this cannot be in the future").WithCode(code)
	}
	return nil
}
