package audit

import (
	"net/http"
	"strings"
	"time"

	"github.com/klient-crm/klient/domain/access"
	"github.com/klient-crm/klient/http/i18n"
	"github.com/klient-crm/klient/http/web"
	"github.com/klient-crm/klient/projections/audit/history"
)

// auditWall is an ethical wall in front of the matter or one of its
// clients, as it stood at the page's moment.
type auditWall struct {
	OnMatter  bool           // else on a client
	Client    web.ContactRef // the client walled off, when not the matter
	Users     []string
	Teams     []string
	Reason    string
	Standing  bool      // erected and not yet lifted then
	ErectedAt time.Time // as recorded in the log
	LiftedAt  time.Time // zero when it had not been lifted by then
}

// auditWallsThen folds every wall stream up to the page's moment and
// keeps those in front of the matter or of its clients then.
func (s *Handlers) auditWallsThen(r *http.Request, page *auditMatterPage, names map[string]string) ([]auditWall, error) {
	streams, err := s.deps.Trail.WallStreams(r.Context())
	if err != nil {
		return nil, err
	}
	clients := page.State.Clients()
	targets := []access.Target{matterTarget(page.ID)}
	for _, c := range clients {
		targets = append(targets, access.Target{Kind: access.TargetContact, ID: c})
	}
	walls, err := s.deps.History.WallsOn(r.Context(), streams, targets, page.AsOf.cut)
	if err != nil {
		return nil, err
	}
	refs, err := s.ContactRefs(r, clients)
	if err != nil {
		return nil, err
	}
	out := make([]auditWall, 0, len(walls))
	for _, w := range walls {
		out = append(out, auditWallOf(web.LangOf(r.Context()), w, names, refs))
	}
	return out, nil
}

func auditWallOf(lang i18n.Lang, w history.WallState, names map[string]string, clients []web.ContactRef) auditWall {
	a := auditWall{OnMatter: w.Target.Kind == access.TargetMatter, Users: namesFor(lang, names, w.Users), Teams: w.Teams,
		Reason: w.Reason, Standing: w.Active, ErectedAt: w.ErectedAt, LiftedAt: w.LiftedAt}
	for _, c := range clients {
		if strings.EqualFold(c.ID, strings.TrimSpace(w.Target.ID)) {
			a.Client = c
		}
	}
	return a
}
