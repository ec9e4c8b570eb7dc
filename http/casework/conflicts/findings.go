package conflicts

import (
	"net/http"
	"slices"

	mattercmd "github.com/klient-crm/klient/commands/matter"
	"github.com/klient-crm/klient/domain"
	"github.com/klient-crm/klient/domain/matter"
	"github.com/klient-crm/klient/http/i18n"
	"github.com/klient-crm/klient/http/web"
)

// ProbeView is one of the matter's own parties, its role in this matter,
// and what the check found for it.
type ProbeView struct {
	Contact web.ContactRef
	Role    matter.PartyRole
	Hits    []HitView
}

// HitView is one finding as the principal may see it. Visible is false
// when the finding sits on a matter (or a contact) they may not see: the
// page then says that a conflict exists, and nothing of the other matter
// (no number, title, parties or role).
type HitView struct {
	Visible  bool
	Kind     matter.MatchKind
	Score    int // percent
	Contact  web.ContactRef
	MatterID string
	Number   string
	Title    string
	Role     matter.PartyRole
	// Path leads from Contact to the party of the matter, each step in
	// words ("VD för", "moderbolag till") and the contact it reaches.
	Path []LinkView
}

// LinkView is one step of a hit's path.
type LinkView struct {
	Relation string // in the reader's language
	Code     string // the link's relation, as the API names it
	Reverse  bool
	Contact  web.ContactRef
}

// Views groups a matter's check's hits by the party they were found for,
// through need-to-know and the walls, and returns the data subjects it
// shows.
func (s *Handlers) Views(r *http.Request, rep mattercmd.ConflictReport) ([]ProbeView, []string, error) {
	ids := make([]string, len(rep.Inputs))
	for i, in := range rep.Inputs {
		ids[i] = in.ContactID
	}
	own, err := s.ContactRefs(r, ids)
	if err != nil {
		return nil, nil, err
	}
	out, subjects := make([]ProbeView, len(own)), web.Shown(own)
	for i, c := range own {
		out[i].Contact = c
		if i < len(rep.Roles) {
			out[i].Role = rep.Roles[i]
		}
	}
	byProbe, seen, err := s.hitsByProbe(r, rep.Hits)
	if err != nil {
		return nil, nil, err
	}
	for i := range out {
		out[i].Hits = byProbe[out[i].Contact.ID]
	}
	return out, append(subjects, seen...), nil
}

// hitsByProbe words hits as the reader may see them, grouped by the probe
// they were found for (a party's contact ID, a lateral hire's row), and
// returns the data subjects they show.
func (s *Handlers) hitsByProbe(r *http.Request, hits []matter.ConflictHit) (map[string][]HitView, []string, error) {
	out := map[string][]HitView{}
	var subjects []string
	for _, h := range hits {
		v, seen, err := s.hitView(r, h)
		if err != nil {
			return nil, nil, err
		}
		subjects = append(subjects, seen...)
		out[h.ProbeContactID] = append(out[h.ProbeContactID], v)
	}
	return out, subjects, nil
}

func (s *Handlers) hitView(r *http.Request, h matter.ConflictHit) (HitView, []string, error) {
	v := HitView{Kind: h.Kind, Score: int(h.Score*100 + 0.5)}
	ids := []string{h.ContactID}
	for _, l := range h.Path {
		ids = append(ids, l.ContactID)
	}
	refs, err := s.ContactRefs(r, ids)
	if err != nil {
		return v, nil, err
	}
	// A path through a contact the reader may not see is as hidden as the
	// contact itself: the finding says only that a conflict exists.
	visible := !slices.ContainsFunc(refs, func(c web.ContactRef) bool { return c.Hidden })
	if h.MatterID != "" && visible {
		ok, err := s.CanSeeMatter(r, h.MatterID)
		if err != nil {
			return v, nil, err
		}
		visible = ok
		if ok {
			m, _ := s.VisibleMatter(r, h.MatterID)
			v.MatterID, v.Number, v.Title, v.Role = h.MatterID, m.Number, m.Title, h.Role
		}
	}
	if !visible {
		return HitView{Kind: h.Kind, Score: v.Score}, nil, nil
	}
	v.Visible, v.Contact = true, refs[0]
	from := h.ContactID
	for i, l := range h.Path {
		words, err := s.linkWords(r, from, l)
		if err != nil {
			return v, nil, err
		}
		v.Path = append(v.Path, LinkView{Relation: words, Code: l.Relation, Reverse: l.Reverse, Contact: refs[i+1]})
		from = l.ContactID
	}
	seen := web.Shown(refs)
	if v.MatterID != "" {
		seen = append(seen, matter.Subject(v.MatterID))
	}
	return v, seen, nil
}

// linkWords says a step of a path in the reader's language: a role by its
// title ("VD för", read from the person's roles now), a relation by its
// kind ("moderbolag till", or read backwards "dotterbolag till").
func (s *Handlers) linkWords(r *http.Request, from string, l matter.ConflictLink) (string, error) {
	lang := web.LangOf(r.Context())
	if l.Relation != "affiliation" {
		key := "contact.relation." + l.Relation
		if l.Reverse {
			key += ".reverse"
		}
		return i18n.T(lang, key), nil
	}
	person, org := from, l.ContactID
	if l.Reverse {
		person, org = l.ContactID, from
	}
	role := ""
	if c, err := s.VisibleContact(r, person); err == nil {
		for _, a := range c.Affiliations {
			if a.OrganisationID == org {
				role = a.Role
			}
		}
	} else if !domain.IsKind(err, domain.KindNotFound) && !domain.IsKind(err, domain.KindErased) && !domain.IsKind(err, domain.KindForbidden) {
		return "", err
	}
	switch {
	case role == "" && l.Reverse:
		return i18n.T(lang, "contact.role.someone_at"), nil
	case role == "":
		return i18n.T(lang, "contact.role.at"), nil
	case l.Reverse:
		return i18n.T(lang, "contact.role.held_by", role), nil
	}
	return i18n.T(lang, "contact.role.of", role), nil
}

// HitJSON is one conflict finding; visible is false (and nothing of the
// other matter is given) when it sits where the caller may not look.
type HitJSON struct {
	Visible   bool             `json:"visible"`
	Kind      matter.MatchKind `json:"kind"`
	Score     int              `json:"score"`
	ContactID string           `json:"contact_id,omitempty"`
	MatterID  string           `json:"matter_id,omitempty"`
	Number    string           `json:"matter_number,omitempty"`
	Title     string           `json:"matter_title,omitempty"`
	Role      matter.PartyRole `json:"role,omitempty"`
	// Path leads from ContactID to the party of the matter (a role at an
	// organisation, a parent company, a spouse, …).
	Path []LinkJSON `json:"path,omitempty"`
}

// LinkJSON is one step of a finding's path, in words too ("VD för").
type LinkJSON struct {
	Relation  string `json:"relation"`
	Reverse   bool   `json:"reverse,omitempty"`
	Words     string `json:"words"`
	ContactID string `json:"contact_id"`
}

// HitsJSON is the findings for one probe as the API gives them.
func HitsJSON(hits []HitView) []HitJSON {
	out := []HitJSON{}
	for _, h := range hits {
		hj := HitJSON{Visible: h.Visible, Kind: h.Kind, Score: h.Score, ContactID: h.Contact.ID,
			MatterID: h.MatterID, Number: h.Number, Title: h.Title, Role: h.Role}
		for _, l := range h.Path {
			hj.Path = append(hj.Path, LinkJSON{Relation: l.Code, Reverse: l.Reverse, Words: l.Relation, ContactID: l.Contact.ID})
		}
		out = append(out, hj)
	}
	return out
}
