package casework

import (
	"net/http"
	"slices"

	mattercmd "github.com/klient-crm/klient/commands/matter"
	"github.com/klient-crm/klient/domain"
	"github.com/klient-crm/klient/domain/matter"
	"github.com/klient-crm/klient/http/i18n"
	"github.com/klient-crm/klient/http/web"
)

// probeView is one of the matter's own parties, its role in this matter,
// and what the check found for it.
type probeView struct {
	Contact web.ContactRef
	Role    matter.PartyRole
	Hits    []hitView
}

// hitView is one finding as the principal may see it. Visible is false
// when the finding sits on a matter (or a contact) they may not see: the
// page then says that a conflict exists, and nothing of the other matter
// (no number, title, parties or role).
type hitView struct {
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
	Path []linkView
}

// linkView is one step of a hit's path.
type linkView struct {
	Relation string // in the reader's language
	Code     string // the link's relation, as the API names it
	Reverse  bool
	Contact  web.ContactRef
}

// conflictViews groups a report's hits by the party they were found for,
// through need-to-know and the walls, and returns the data subjects it
// shows.
func (s *Handlers) conflictViews(r *http.Request, rep mattercmd.ConflictReport) ([]probeView, []string, error) {
	ids := make([]string, len(rep.Inputs))
	for i, in := range rep.Inputs {
		ids[i] = in.ContactID
	}
	own, err := s.ContactRefs(r, ids)
	if err != nil {
		return nil, nil, err
	}
	out, subjects := make([]probeView, len(own)), web.Shown(own)
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
func (s *Handlers) hitsByProbe(r *http.Request, hits []matter.ConflictHit) (map[string][]hitView, []string, error) {
	out := map[string][]hitView{}
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

func (s *Handlers) hitView(r *http.Request, h matter.ConflictHit) (hitView, []string, error) {
	v := hitView{Kind: h.Kind, Score: int(h.Score*100 + 0.5)}
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
		link, ok, err := s.matterLinkOf(r, h.MatterID)
		if err != nil {
			return v, nil, err
		}
		visible = ok
		if ok {
			v.MatterID, v.Number, v.Title, v.Role = link.ID, link.Number, link.Title, h.Role
		}
	}
	if !visible {
		return hitView{Kind: h.Kind, Score: v.Score}, nil, nil
	}
	v.Visible, v.Contact = true, refs[0]
	from := h.ContactID
	for i, l := range h.Path {
		words, err := s.linkWords(r, from, l)
		if err != nil {
			return v, nil, err
		}
		v.Path = append(v.Path, linkView{Relation: words, Code: l.Relation, Reverse: l.Reverse, Contact: refs[i+1]})
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
