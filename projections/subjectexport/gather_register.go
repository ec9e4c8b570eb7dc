package subjectexport

import (
	"context"

	"github.com/klient-crm/klient/projections/accesslog"
	gdprmodel "github.com/klient-crm/klient/projections/gdpr"
)

// register adds the GDPR register's entries: bases, the consent history,
// objections, the restriction, and every request the subject made.
func (g *gatherer) register(ctx context.Context, p *Package) error {
	state, err := gdprmodel.SurvivorState(ctx, g.db, g.subject, g.absorbed)
	if err != nil {
		return err
	}
	p.Register = registerOf(state)
	for _, subject := range g.subjects() {
		if err := g.requests(ctx, subject, p); err != nil {
			return err
		}
	}
	return nil
}

// requests adds every request one subject made.
func (g *gatherer) requests(ctx context.Context, subject string, p *Package) error {
	for offset := 0; ; offset += 500 {
		page, err := gdprmodel.Requests(ctx, g.db, gdprmodel.Filter{SubjectID: subject, Limit: 500, Offset: offset})
		if err != nil {
			return err
		}
		for _, r := range page {
			p.Register.Requests = append(p.Register.Requests, Request{ID: r.RequestID, Kind: string(r.Kind),
				Channel: string(r.Channel), Status: string(r.Status), ReceivedAt: r.ReceivedAt, Deadline: r.Deadline.String(),
				CompletedAt: r.CompletedAt, RefusedAt: r.RefusedAt, Ground: r.RefusalGround})
		}
		if len(page) < 500 {
			return nil
		}
	}
}

// accesses adds who-looked entries: when, how and why, with the staff
// member's identity marked withheld.
func (g *gatherer) accesses(ctx context.Context, p *Package) error {
	for _, subject := range g.subjects() {
		list, err := accesslog.ForSubject(ctx, g.db, g.keys, subject)
		if err != nil {
			return err
		}
		for _, e := range list {
			p.Accesses = append(p.Accesses, Access{At: e.At, Action: string(e.Action), Route: e.Route, Via: string(e.Via),
				Purpose: e.Purpose, Withheld: withheld(GroundStaff, "staff_member")})
		}
	}
	return nil
}
