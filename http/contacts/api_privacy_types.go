package contacts

import (
	"time"

	"github.com/klient-crm/klient/domain/gdpr"
	"github.com/klient-crm/klient/domain/work"
)

// PrivacyJSON is a person's register entries as the API sends them.
type PrivacyJSON struct {
	SubjectID       string          `json:"subject_id"`
	LawfulBases     []BasisJSON     `json:"lawful_bases"`
	Consents        []ConsentJSON   `json:"consents"`
	Objections      []ObjectionJSON `json:"objections"`
	DirectMarketing bool            `json:"objected_to_direct_marketing"`
	Restriction     RestrictionJSON `json:"restriction"`
	Erased          bool            `json:"erased"`
}

type BasisJSON struct {
	BasisID    string     `json:"basis_id"`
	Basis      gdpr.Basis `json:"basis"`
	Purpose    string     `json:"purpose"`
	Note       string     `json:"note,omitempty"`
	RecordedBy string     `json:"recorded_by"`
	RecordedAt time.Time  `json:"recorded_at"`
	Active     bool       `json:"active"`
	EndedAt    *time.Time `json:"ended_at,omitempty"`
	EndReason  string     `json:"end_reason,omitempty"`
}

// ConsentJSON is one consent with its history: given, and perhaps
// withdrawn (by staff or through a link).
type ConsentJSON struct {
	ConsentID string               `json:"consent_id"`
	Purpose   string               `json:"purpose"`
	Scope     string               `json:"scope"`
	How       gdpr.ConsentMethod   `json:"how"`
	Where     string               `json:"where"`
	Evidence  string               `json:"evidence,omitempty"`
	Active    bool                 `json:"active"`
	History   []ConsentHistoryJSON `json:"history"`
}

type ConsentHistoryJSON struct {
	Event string    `json:"event"` // given or withdrawn
	At    time.Time `json:"at"`
	Via   gdpr.Via  `json:"via,omitempty"` // withdrawn: staff or link
}

type ObjectionJSON struct {
	To     gdpr.ObjectionTo `json:"to"`
	Reason string           `json:"reason,omitempty"`
	At     time.Time        `json:"at"`
}

type RestrictionJSON struct {
	Active    bool       `json:"active"`
	RequestID string     `json:"request_id,omitempty"`
	Reason    string     `json:"reason,omitempty"`
	Until     *work.Date `json:"until,omitempty"`
	Since     *time.Time `json:"since,omitempty"`
}

func privacyOut(st gdpr.SubjectState) PrivacyJSON {
	out := PrivacyJSON{SubjectID: st.SubjectID, LawfulBases: []BasisJSON{}, Consents: []ConsentJSON{}, Objections: []ObjectionJSON{},
		DirectMarketing: st.Objected(gdpr.ObjectToDirectMarketing), Restriction: restrictionOut(st.Restriction), Erased: st.Erased}
	for _, b := range st.Bases {
		out.LawfulBases = append(out.LawfulBases, BasisJSON{BasisID: b.BasisID, Basis: b.Basis, Purpose: b.Purpose, Note: b.Note,
			RecordedBy: b.RecordedBy, RecordedAt: b.RecordedAt, Active: !b.Ended, EndedAt: timeOrNil(b.EndedAt), EndReason: b.EndReason})
	}
	for _, c := range st.Consents {
		out.Consents = append(out.Consents, consentOut(c))
	}
	for _, o := range st.Objections {
		out.Objections = append(out.Objections, ObjectionJSON{To: o.To, Reason: o.Reason, At: o.At})
	}
	return out
}

func consentOut(c gdpr.ConsentRecord) ConsentJSON {
	out := ConsentJSON{ConsentID: c.ConsentID, Purpose: c.Purpose, Scope: c.Scope, How: c.How, Where: c.Where,
		Evidence: c.Evidence, Active: c.Active(), History: []ConsentHistoryJSON{{Event: "given", At: c.GivenAt}}}
	if c.Withdrawn {
		out.History = append(out.History, ConsentHistoryJSON{Event: "withdrawn", At: c.WithdrawnAt, Via: c.Via})
	}
	return out
}

func restrictionOut(r gdpr.Restriction) RestrictionJSON {
	out := RestrictionJSON{Active: r.Active, RequestID: r.RequestID, Reason: r.Reason, Since: timeOrNil(r.Since)}
	if !r.Until.IsZero() {
		out.Until = &r.Until
	}
	return out
}

func timeOrNil(t time.Time) *time.Time {
	if t.IsZero() {
		return nil
	}
	return &t
}
