package subjectexport

import (
	"time"

	"github.com/klient-crm/klient/domain/gdpr"
)

// Register is what the GDPR register holds on the subject: the lawful
// bases (ended ones too), every consent with its withdrawal, objections,
// the restriction, and their requests. Who at the firm recorded each is
// left out on GroundStaff.
type Register struct {
	Bases       []Basis      `json:"lawful_bases"`
	Consents    []Consent    `json:"consents"`
	Objections  []Objection  `json:"objections"`
	Restriction *Restriction `json:"restriction,omitempty"`
	Requests    []Request    `json:"requests"`
}

// Basis is a lawful basis (art. 6.1) for processing the subject's data.
type Basis struct {
	Basis      string    `json:"basis"`
	Purpose    string    `json:"purpose"`
	Note       string    `json:"balancing_note,omitempty"`
	RecordedAt time.Time `json:"recorded_at"`
	EndedAt    time.Time `json:"ended_at,omitzero"`
	EndReason  string    `json:"end_reason,omitempty"`
}

// Consent is one consent, given and perhaps withdrawn.
type Consent struct {
	Purpose     string    `json:"purpose"`
	Scope       string    `json:"scope"`
	GivenAt     time.Time `json:"given_at"`
	How         string    `json:"how"`
	Where       string    `json:"where"`
	Evidence    string    `json:"evidence,omitempty"`
	WithdrawnAt time.Time `json:"withdrawn_at,omitzero"`
	Via         string    `json:"withdrawn_via,omitempty"`
}

// Objection is one objection (art. 21).
type Objection struct {
	To     string    `json:"to"`
	Reason string    `json:"reason,omitempty"`
	At     time.Time `json:"at"`
}

// Restriction is the current restriction of processing (art. 18).
type Restriction struct {
	Reason string    `json:"reason,omitempty"`
	Since  time.Time `json:"since,omitzero"`
	Until  string    `json:"until,omitempty"` // YYYY-MM-DD, expected end
}

// registerOf copies the register's state into the package's shapes.
func registerOf(s gdpr.SubjectState) Register {
	var r Register
	for _, b := range s.Bases {
		r.Bases = append(r.Bases, Basis{Basis: string(b.Basis), Purpose: b.Purpose, Note: b.Note, RecordedAt: b.RecordedAt,
			EndedAt: b.EndedAt, EndReason: b.EndReason})
	}
	for _, c := range s.Consents {
		r.Consents = append(r.Consents, Consent{Purpose: c.Purpose, Scope: c.Scope, GivenAt: c.GivenAt, How: string(c.How),
			Where: c.Where, Evidence: c.Evidence, WithdrawnAt: c.WithdrawnAt, Via: string(c.Via)})
	}
	for _, o := range s.Objections {
		r.Objections = append(r.Objections, Objection{To: string(o.To), Reason: o.Reason, At: o.At})
	}
	if s.Restriction.Active {
		r.Restriction = &Restriction{Reason: s.Restriction.Reason, Since: s.Restriction.Since, Until: s.Restriction.Until.String()}
	}
	return r
}
