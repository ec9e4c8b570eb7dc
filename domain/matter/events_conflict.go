package matter

import "time"

// ConflictCheckRecorded: a conflict check was run over the matter's
// parties and a lawyer decided on its result. It records what the firm
// knew: the inputs the check ran with, where the index stood in the log
// (Position), every hit, and the decision. Inputs and Reason name people
// and are sealed with the matter's key; the hits are IDs, roles and
// scores.
type ConflictCheckRecorded struct {
	MatterID      string           `json:"matter_id"`
	MatterSubject string           `json:"matter_subject"`
	CheckID       string           `json:"check_id"`
	RanAt         time.Time        `json:"ran_at"`
	Position      LogPosition      `json:"position"`
	Inputs        []PartyProbe     `json:"inputs" personal:"MatterSubject"`
	Hits          []ConflictHit    `json:"hits,omitempty"`
	Decision      ConflictDecision `json:"decision"`
	Reason        string           `json:"reason,omitempty" personal:"MatterSubject"`
	DecidedBy     string           `json:"decided_by"` // staff ID
}

// LogPosition is a place in the event log (the event store's Position,
// which the domain does not import): the conflict index had applied
// everything up to it when the check ran.
type LogPosition struct {
	Commit  uint64 `json:"commit"`
	Prepare uint64 `json:"prepare"`
}

// PartyProbe is what a conflict check looks for on behalf of one party:
// the contact itself, its names (current and former), its identity numbers
// (personnummer, organisationsnummer) and its e-mail addresses.
type PartyProbe struct {
	ContactID string   `json:"contact_id"`
	Names     []string `json:"names,omitempty"`
	Numbers   []string `json:"numbers,omitempty"`
	Emails    []string `json:"emails,omitempty"`
}

// MatchKind says how a hit matched.
type MatchKind string

// The kinds of match, strongest first.
const (
	MatchContact MatchKind = "contact" // the very same contact
	MatchNumber  MatchKind = "number"  // same personnummer or organisationsnummer
	MatchEmail   MatchKind = "email"   // same e-mail address
	MatchName    MatchKind = "name"    // similar name (Swedish letters folded)
)

// ConflictHit is one finding: ContactID (in the register, and a party of
// MatterID in Role unless MatterID is empty) matched the probe of
// ProbeContactID by Kind, with Score from 0 to 1 (1 for exact matches).
//
// Path, when set, says that ContactID is not itself the party: the check
// followed links from it (a role at an organisation, a parent company, a
// spouse, …) to the contact of the last link, which is the party of
// MatterID in Role ("Åsa Lindqvist — VD för — Norrsken Bygg AB — motpart
// i 2026-0002").
type ConflictHit struct {
	ProbeContactID string         `json:"probe_contact_id"`
	ContactID      string         `json:"contact_id"`
	MatterID       string         `json:"matter_id,omitempty"`
	MatterNumber   string         `json:"matter_number,omitempty"`
	Role           PartyRole      `json:"role,omitempty"`
	Kind           MatchKind      `json:"kind"`
	Score          float64        `json:"score"`
	Path           []ConflictLink `json:"path,omitempty"`
}

// ConflictLink is one step of a hit's path: from the contact before it
// (the hit's ContactID, or the previous link's) to ContactID, by Relation
// ("affiliation": a person's role at an organisation; otherwise a
// contact.RelationKind), read backwards when Reverse (from the
// organisation to its person, from the subsidiary to its parent).
type ConflictLink struct {
	Relation  string `json:"relation"`
	ContactID string `json:"contact_id"`
	Reverse   bool   `json:"reverse,omitempty"`
}

// Party is the contact that is the party of the hit's matter: the last
// link's, or the hit's own.
func (h ConflictHit) Party() string {
	if n := len(h.Path); n > 0 {
		return h.Path[n-1].ContactID
	}
	return h.ContactID
}

// ConflictDecision is what the lawyer decided on a check's result.
type ConflictDecision string

// The decisions.
const (
	DecisionClear    ConflictDecision = "clear"    // no conflict
	DecisionWaived   ConflictDecision = "waived"   // a conflict, waived with the clients' consent: needs a reason
	DecisionDeclined ConflictDecision = "declined" // a conflict: the firm declines the engagement
)
