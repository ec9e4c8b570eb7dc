package http

import (
	"net/http"

	"github.com/klient-crm/klient/domain/access"
	"github.com/klient-crm/klient/projections/matters"
)

// requestMemo keeps what one request looked up, so that a page listing
// fifty tasks asks for the walls once and for each matter once.
type requestMemo struct {
	walls     []access.Target
	wallsRead bool
	matters   map[string]matterSeen
}

// matterSeen is one matter as this request's principal may see it.
type matterSeen struct {
	matter  matters.Matter
	visible bool
}

// walledTargets are what ethical walls keep the principal from, read from
// the staff read model at most once per request.
func (s *server) walledTargets(r *http.Request) ([]access.Target, error) {
	p, _ := principalOf(r.Context())
	if p.memo != nil && p.memo.wallsRead {
		return p.memo.walls, nil
	}
	targets, err := s.deps.Staff.WalledTargets(r.Context(), p.viewer())
	if err == nil && p.memo != nil {
		p.memo.walls, p.memo.wallsRead = targets, true
	}
	return targets, err
}

// seen returns the memo's answer for matter id, if it has one.
func (m *requestMemo) seen(id string) (matterSeen, bool) {
	if m == nil {
		return matterSeen{}, false
	}
	v, ok := m.matters[id]
	return v, ok
}

func (m *requestMemo) remember(id string, v matterSeen) {
	if m == nil {
		return
	}
	if m.matters == nil {
		m.matters = map[string]matterSeen{}
	}
	m.matters[id] = v
}
