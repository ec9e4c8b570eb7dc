package web

import (
	"maps"
	"net/http"
	"slices"
	"strings"

	"github.com/google/uuid"

	"github.com/klient-crm/klient/domain/access"
	"github.com/klient-crm/klient/projections/matters"
)

// RequestMemo keeps what one request looked up, so that a page listing
// fifty tasks asks for the walls once and for each matter once.
type RequestMemo struct {
	walls     []access.Target
	wallsRead bool
	matters   map[string]MatterSeen
}

// MatterSeen is one matter as this request's principal may see it.
type MatterSeen struct {
	matter  matters.Matter
	visible bool
}

// Seen returns the memo's answer for matter id, if it has one.
func (m *RequestMemo) Seen(id string) (MatterSeen, bool) {
	if m == nil {
		return MatterSeen{}, false
	}
	v, ok := m.matters[id]
	return v, ok
}

func (m *RequestMemo) Remember(id string, v MatterSeen) {
	if m == nil {
		return
	}
	if m.matters == nil {
		m.matters = map[string]MatterSeen{}
	}
	m.matters[id] = v
}

// PreloadMatters reads, in one query, those of ids the memo has not seen,
// so that a list linking many items to their matters (the start page, a
// communication log, a calendar) asks the read model once instead of once
// per matter. An ID the read model does not know is remembered as one the
// principal may not see: visibleMatter answers the same for both.
func (s *Kit) PreloadMatters(r *http.Request, ids []string) error {
	p, _ := PrincipalOf(r.Context())
	if p.Memo == nil {
		return nil
	}
	want := map[string]bool{}
	for _, id := range ids {
		u, err := uuid.Parse(strings.TrimSpace(id))
		if _, seen := p.Memo.Seen(u.String()); err == nil && !seen {
			want[u.String()] = true
		}
	}
	if len(want) < 2 {
		return nil // one matter is one query either way
	}
	found, err := s.deps.Matters.GetMany(r.Context(), slices.Collect(maps.Keys(want)))
	if err != nil {
		return err
	}
	g, err := s.MatterGate(r)
	if err != nil {
		return err
	}
	for _, m := range found {
		id := strings.ToLower(m.ID)
		p.Memo.Remember(id, MatterSeen{matter: m, visible: g.Allows(m)})
		delete(want, id)
	}
	for id := range want {
		p.Memo.Remember(id, MatterSeen{})
	}
	return nil
}
