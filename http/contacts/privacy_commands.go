package contacts

import (
	"net/url"
	"strings"
	"time"

	gdprcmd "github.com/klient-crm/klient/commands/gdpr"
	"github.com/klient-crm/klient/commands/journal"
	"github.com/klient-crm/klient/domain"
	"github.com/klient-crm/klient/domain/gdpr"
	"github.com/klient-crm/klient/domain/work"
	"github.com/klient-crm/klient/http/i18n"
	"github.com/klient-crm/klient/http/web"
)

// The inputs of the privacy panel's forms and of the privacy API share
// one shape each, so a form and a JSON body become the same command.

// basisInput records a lawful basis.
type basisInput struct {
	BasisID string `json:"basis_id"`
	Basis   string `json:"basis"`
	Purpose string `json:"purpose"`
	Note    string `json:"note"`
}

func (in basisInput) command(actor journal.Actor, subjectID string) gdprcmd.RecordLawfulBasis {
	return gdprcmd.RecordLawfulBasis{Actor: actor, SubjectID: subjectID, BasisID: strings.TrimSpace(in.BasisID),
		Basis: gdpr.Basis(in.Basis), Purpose: in.Purpose, Note: in.Note}
}

// consentInput records a consent; a missing GivenAt means now.
type consentInput struct {
	ConsentID string     `json:"consent_id"`
	Purpose   string     `json:"purpose"`
	Scope     string     `json:"scope"`
	GivenAt   *time.Time `json:"given_at"`
	How       string     `json:"how"`
	Where     string     `json:"where"`
	Evidence  string     `json:"evidence"`
}

func (in consentInput) command(actor journal.Actor, subjectID string) gdprcmd.GiveConsent {
	cmd := gdprcmd.GiveConsent{Actor: actor, SubjectID: subjectID, ConsentID: strings.TrimSpace(in.ConsentID),
		Purpose: in.Purpose, Scope: in.Scope, How: gdpr.ConsentMethod(in.How), Where: in.Where, Evidence: in.Evidence}
	if in.GivenAt != nil {
		cmd.GivenAt = *in.GivenAt
	}
	return cmd
}

// objectionInput records an objection (art. 21).
type objectionInput struct {
	To     string `json:"to"`
	Reason string `json:"reason"`
}

// restrictionInput restricts processing (art. 18); Until is optional.
type restrictionInput struct {
	RequestID string `json:"request_id"`
	Reason    string `json:"reason"`
	Until     string `json:"until"`
}

func (in restrictionInput) command(actor journal.Actor, subjectID string) (gdprcmd.ApplyRestriction, error) {
	cmd := gdprcmd.ApplyRestriction{Actor: actor, SubjectID: subjectID, RequestID: strings.TrimSpace(in.RequestID), Reason: in.Reason}
	if until := strings.TrimSpace(in.Until); until != "" {
		d, err := work.ParseDate("until", until)
		if err != nil {
			return cmd, err
		}
		cmd.Until = d
	}
	return cmd, nil
}

// consentForm reads the consent form; given_at is a Stockholm
// datetime-local, blank for now.
func consentForm(f url.Values) (consentInput, error) {
	in := consentInput{ConsentID: f.Get("consent_id"), Purpose: f.Get("purpose"), Scope: f.Get("scope"),
		How: f.Get("how"), Where: f.Get("where"), Evidence: f.Get("evidence")}
	raw := strings.TrimSpace(f.Get("given_at"))
	if raw == "" {
		return in, nil
	}
	at, err := time.ParseInLocation(web.LocalDateTime, raw, i18n.Stockholm)
	if err != nil {
		return in, domain.Invalid("given_at", "this is not a date and time").WithCode("privacy.given_at.invalid")
	}
	in.GivenAt = &at
	return in, nil
}
