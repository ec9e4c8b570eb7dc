package staff

import (
	"context"
	"errors"
	"fmt"
	"strings"

	"github.com/jackc/pgx/v5"

	"github.com/klient-crm/klient/domain"
	"github.com/klient-crm/klient/domain/access"
)

const memberColumns = `id, name, email, roles, teams, active, erased, version, created_at, updated_at`

// Get returns one member. An unknown id is a KindNotFound error (code
// staff.not_found); an erased member is a KindErased error (code
// staff.erased) returned with what is left: ID, roles, teams and version.
func Get(ctx context.Context, db DB, id string) (Member, error) {
	m, err := scanMember(db.QueryRow(ctx, "SELECT "+memberColumns+" FROM staff_v1 WHERE id = $1", id))
	if errors.Is(err, pgx.ErrNoRows) {
		return Member{}, domain.NotFound("there is no such staff member").WithCode("staff.not_found")
	}
	if err != nil {
		return Member{}, fmt.Errorf("staff: get: %w", err)
	}
	if m.Erased {
		return m, domain.Erased("this staff member's personal data has been erased").WithCode("staff.erased")
	}
	return m, nil
}

// ByEmail finds the member who signs in with email (in any case), active
// or not: sign-in must check Active itself.
func ByEmail(ctx context.Context, db DB, email string) (Member, bool, error) {
	m, err := scanMember(db.QueryRow(ctx, "SELECT "+memberColumns+" FROM staff_v1 WHERE email = $1 AND signs_in",
		strings.ToLower(strings.TrimSpace(email))))
	if errors.Is(err, pgx.ErrNoRows) {
		return Member{}, false, nil
	}
	if err != nil {
		return Member{}, false, fmt.Errorf("staff: by e-mail: %w", err)
	}
	return m, true, nil
}

// List returns every member, erased and inactive ones too, in Swedish
// alphabetical order of their names.
func List(ctx context.Context, db DB) ([]Member, error) {
	rows, err := db.Query(ctx, "SELECT "+memberColumns+" FROM staff_v1 ORDER BY name, id")
	if err != nil {
		return nil, fmt.Errorf("staff: list: %w", err)
	}
	out, err := pgx.CollectRows(rows, func(r pgx.CollectableRow) (Member, error) { return scanMember(r) })
	if err != nil {
		return nil, fmt.Errorf("staff: list: %w", err)
	}
	return out, nil
}

// Teams lists every team a member who is not erased belongs to, sorted.
func Teams(ctx context.Context, db DB) ([]string, error) {
	rows, err := db.Query(ctx, `SELECT DISTINCT t FROM staff_v1, unnest(teams) AS t WHERE NOT erased ORDER BY t`)
	if err != nil {
		return nil, fmt.Errorf("staff: teams: %w", err)
	}
	out, err := pgx.CollectRows(rows, pgx.RowTo[string])
	if err != nil {
		return nil, fmt.Errorf("staff: teams: %w", err)
	}
	return out, nil
}

func scanMember(row pgx.Row) (Member, error) {
	var m Member
	var roles []string
	var version int64
	err := row.Scan(&m.ID, &m.Name, &m.Email, &roles, &m.Teams, &m.Active, &m.Erased, &version, &m.CreatedAt, &m.UpdatedAt)
	for _, r := range roles {
		m.Roles = append(m.Roles, access.Role(r))
	}
	m.Version = uint64(version)
	return m, err
}
