package matters

import (
	"context"
	"fmt"
	"strings"

	"github.com/jackc/pgx/v5"

	"github.com/klient-crm/klient/domain"
	"github.com/klient-crm/klient/domain/access"
	"github.com/klient-crm/klient/domain/matter"
	"github.com/klient-crm/klient/projections"
)

// List pages through the matters f lets its viewer see, newest number
// first.
func List(ctx context.Context, db DB, f Filter) ([]Matter, error) {
	var a args
	where := "(" + a.add(string(f.Status)) + "::text = '' OR m.status = " + a.add(string(f.Status)) + ")" +
		" AND (" + a.add(f.PracticeArea) + "::text = '' OR m.practice_area = " + a.add(f.PracticeArea) + ")" +
		" AND (" + a.add(f.ResponsibleLawyer) + "::text = '' OR m.responsible_lawyer = " + a.add(f.ResponsibleLawyer) + ")" +
		" AND (" + a.add(f.After == nil) + " OR m.number < " + a.add(f.After.number()) + ")" +
		" AND (" + a.add(f.Query) + "::text = '' OR m.number LIKE " + a.add(likePattern(f.Query)+"%") +
		" OR m.title ILIKE " + a.add("%"+likePattern(f.Query)+"%") + ")" +
		" AND " + visibility(&a, f)
	limit, offset := f.page()
	sql := "SELECT " + matterColumns + " FROM matters_v1 m WHERE " + where +
		" ORDER BY m.number DESC LIMIT " + a.add(limit) + " OFFSET " + a.add(offset)
	rows, err := db.Query(ctx, sql, a...)
	if err != nil {
		return nil, fmt.Errorf("matters: list: %w", err)
	}
	out, err := pgx.CollectRows(rows, func(r pgx.CollectableRow) (Matter, error) { return scanMatter(r) })
	if err != nil {
		return nil, fmt.Errorf("matters: list: %w", err)
	}
	return out, nil
}

// likePattern escapes LIKE's wildcards in what a person typed.
func likePattern(q string) string {
	return strings.NewReplacer(`\`, `\\`, "%", `\%`, "_", `\_`).Replace(strings.TrimSpace(q))
}

// visibility is matter.Visible in SQL (served by the GIN indexes on the
// arrays), then the walls.
func visibility(a *args, f Filter) string {
	walledMatters, walledContacts := access.WalledIDs(f.WalledTargets)
	scope := projections.Scope{StaffID: f.Viewer.StaffID, Teams: f.Viewer.Teams, Everyone: f.Everyone,
		WalledMatters: walledMatters, WalledContacts: walledContacts}
	return scope.Matter("m", a.add)
}

// VisibleTo reports whether viewer may see matter id by the need-to-know
// rule (matter.Visible). Walls are the caller's to check (access.Walled);
// an unknown matter is visible to nobody.
func VisibleTo(ctx context.Context, db DB, id string, viewer access.Viewer) (bool, error) {
	m, err := Get(ctx, db, id)
	switch {
	case domain.IsKind(err, domain.KindNotFound):
		return false, nil
	case err != nil && !domain.IsKind(err, domain.KindErased):
		return false, err
	}
	return m.VisibleTo(viewer), nil
}

// MattersOfContact lists the matters contactID is a party to, with its
// role in each, newest number first: the contact page's list. Each entry
// carries what VisibleTo needs, so the page can leave out what its viewer
// may not see (and apply the walls) without asking again.
func MattersOfContact(ctx context.Context, db DB, contactID string) ([]ContactMatter, error) {
	rows, err := db.Query(ctx, "SELECT "+matterColumns+`, p.party_id, p.role
		FROM matters_v1_parties p JOIN matters_v1 m ON m.id = p.matter_id
		WHERE p.contact_id = $1 ORDER BY m.number DESC`, contactID)
	if err != nil {
		return nil, fmt.Errorf("matters: matters of contact: %w", err)
	}
	out, err := pgx.CollectRows(rows, func(r pgx.CollectableRow) (ContactMatter, error) {
		var cm ContactMatter
		var role string
		m, err := scanMatter(r, &cm.PartyID, &role)
		cm.Matter, cm.Role = m, matter.PartyRole(role)
		return cm, err
	})
	if err != nil {
		return nil, fmt.Errorf("matters: matters of contact: %w", err)
	}
	return out, nil
}
