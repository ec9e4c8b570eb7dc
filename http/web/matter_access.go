package web

import (
	"context"
	"net/http"
	"strings"

	"github.com/go-chi/chi/v5"
	"github.com/google/uuid"

	"github.com/klient-crm/klient/domain"
	"github.com/klient-crm/klient/domain/access"
	"github.com/klient-crm/klient/projections/matters"
)

// ErrNoSuchMatter is what a matter the principal may not see looks like:
// exactly the answer for an ID that does not exist, so neither need-to-know
// nor a wall gives away that there is something there.
var ErrNoSuchMatter = domain.NotFound("there is no such matter").WithCode("matter.not_found")

// MatterGate is the record-level rule for matters as one principal meets
// it: need-to-know (responsible lawyer, team, teams, grants) and, over
// any role, the walls on the matter or on one of its clients.
type MatterGate struct {
	viewer         access.Viewer
	walledMatters  map[string]bool
	walledContacts map[string]bool
}

func (s *Kit) MatterGate(r *http.Request) (MatterGate, error) {
	p, _ := PrincipalOf(r.Context())
	targets, err := s.WalledTargets(r)
	g := MatterGate{viewer: p.Viewer(), walledMatters: map[string]bool{}, walledContacts: map[string]bool{}}
	for _, t := range targets {
		id := strings.ToLower(t.ID)
		switch t.Kind {
		case access.TargetMatter:
			g.walledMatters[id] = true
		case access.TargetContact:
			g.walledContacts[id] = true
		}
	}
	return g, err
}

// Allows reports whether the principal may see m.
func (g MatterGate) Allows(m matters.Matter) bool {
	if !m.VisibleTo(g.viewer) || g.walledMatters[strings.ToLower(m.ID)] {
		return false
	}
	for _, c := range m.ClientIDs {
		if g.walledContacts[strings.ToLower(c)] {
			return false
		}
	}
	return true
}

// VisibleMatter reads matter id as the principal may see it: an unknown
// ID and one they may not see are the same 404. An erased matter they may
// see comes back with what is left of it and its KindErased error.
func (s *Kit) VisibleMatter(r *http.Request, id string) (matters.Matter, error) {
	u, err := uuid.Parse(strings.TrimSpace(id))
	if err != nil {
		return matters.Matter{}, ErrNoSuchMatter
	}
	p, _ := PrincipalOf(r.Context())
	if seen, ok := p.Memo.Seen(u.String()); ok {
		return seen.matter, Visibility(seen)
	}
	m, err := s.deps.Matters.Get(r.Context(), u.String())
	if err != nil && !domain.IsKind(err, domain.KindErased) {
		if domain.IsKind(err, domain.KindNotFound) {
			err = ErrNoSuchMatter
		}
		return m, err
	}
	g, gerr := s.MatterGate(r)
	if gerr != nil {
		return matters.Matter{}, gerr
	}
	seen := MatterSeen{matter: m, visible: g.Allows(m)}
	p.Memo.Remember(u.String(), seen)
	if !seen.visible {
		return matters.Matter{}, ErrNoSuchMatter
	}
	return m, err
}

func Visibility(seen MatterSeen) error {
	if !seen.visible {
		return ErrNoSuchMatter
	}
	if seen.matter.Erased {
		return domain.Erased("this matter's file has been erased").WithCode("matter.erased")
	}
	return nil
}

// CanSeeMatter is visibleMatter as a yes or no, for filtering lists of
// things linked to matters (tasks, entries, calendar items). An erased
// matter still counts as seen: its items are erased with it.
func (s *Kit) CanSeeMatter(r *http.Request, id string) (bool, error) {
	_, err := s.VisibleMatter(r, id)
	switch {
	case err == nil || domain.IsKind(err, domain.KindErased):
		return true, nil
	case domain.IsKind(err, domain.KindNotFound):
		return false, nil
	}
	return false, err
}

type matterKey struct{}

// InMatter guards every route that names a matter by ID ({id}): a matter
// the principal may not see answers 404 before the handler runs, for
// reading and writing alike, and the handler finds it with matterOf.
func (s *Kit) InMatter(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		m, err := s.VisibleMatter(r, chi.URLParam(r, "id"))
		if err != nil {
			if domain.IsKind(err, domain.KindNotFound) {
				p, _ := PrincipalOf(r.Context())
				s.Refused(r, p.StaffID, "not_visible")
			}
			s.Fail(w, r, err)
			return
		}
		next.ServeHTTP(w, r.WithContext(context.WithValue(r.Context(), matterKey{}, m)))
	})
}

// MatterOf is the matter inMatter let through.
func MatterOf(r *http.Request) matters.Matter {
	m, _ := r.Context().Value(matterKey{}).(matters.Matter)
	return m
}

// WithMatter returns r carrying m as the matter InMatter found, for a
// handler that renders a matter page outside a matter route.
func WithMatter(r *http.Request, m matters.Matter) *http.Request {
	return r.WithContext(context.WithValue(r.Context(), matterKey{}, m))
}

// WalledMatter reports whether the matter is behind a wall for this viewer.
func (g MatterGate) WalledMatter(id string) bool {
	return g.walledMatters[strings.ToLower(strings.TrimSpace(id))]
}

// WalledContact reports whether the contact is behind a wall for this viewer.
func (g MatterGate) WalledContact(id string) bool {
	return g.walledContacts[strings.ToLower(strings.TrimSpace(id))]
}

// Viewer is the member the gate decides for.
func (g MatterGate) Viewer() access.Viewer { return g.viewer }
