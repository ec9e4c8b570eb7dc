package casework

import (
	"net/http"

	mattercmd "github.com/klient-crm/klient/commands/matter"
	"github.com/klient-crm/klient/domain/matter"
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
	for _, h := range rep.Hits {
		v, seen, err := s.hitView(r, h)
		if err != nil {
			return nil, nil, err
		}
		subjects = append(subjects, seen...)
		for i := range out {
			if out[i].Contact.ID == h.ProbeContactID {
				out[i].Hits = append(out[i].Hits, v)
			}
		}
	}
	return out, subjects, nil
}

func (s *Handlers) hitView(r *http.Request, h matter.ConflictHit) (hitView, []string, error) {
	v := hitView{Kind: h.Kind, Score: int(h.Score*100 + 0.5)}
	refs, err := s.ContactRefs(r, []string{h.ContactID})
	if err != nil {
		return v, nil, err
	}
	visible := !refs[0].Hidden
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
	seen := web.Shown(refs)
	if v.MatterID != "" {
		seen = append(seen, matter.Subject(v.MatterID))
	}
	return v, seen, nil
}
