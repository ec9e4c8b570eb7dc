package matters

import (
	"context"
	"errors"
	"fmt"
	"strconv"
	"time"

	"github.com/jackc/pgx/v5"

	"github.com/klient-crm/klient/domain"
	"github.com/klient-crm/klient/domain/matter"
)

const matterColumns = `m.id, m.number, m.title, m.description, m.practice_area, m.status, m.opened_at,
	m.activated_at, m.closed_at, m.reopened_at, m.archived_at, m.responsible_lawyer, m.team_members,
	m.teams, m.grants, m.client_ids, m.conflict_decision,
	m.conflict_checked_version > m.parties_changed_version, m.erased, m.version, m.created_at, m.updated_at`

// Get returns one matter. An unknown id is a domain.Error of KindNotFound
// (code matter.not_found); an erased matter is a KindErased error (code
// matter.erased) with what is left of it. Visibility is the caller's to
// check (Matter.VisibleTo, and walls).
func Get(ctx context.Context, db DB, id string) (Matter, error) {
	m, err := scanMatter(db.QueryRow(ctx, "SELECT "+matterColumns+" FROM matters_v1 m WHERE m.id = $1", id))
	if errors.Is(err, pgx.ErrNoRows) {
		return Matter{}, domain.NotFound("there is no such matter").WithCode("matter.not_found")
	}
	if err != nil {
		return Matter{}, fmt.Errorf("matters: get: %w", err)
	}
	if m.Erased {
		return m, domain.Erased("this matter's file has been erased").WithCode("matter.erased")
	}
	return m, nil
}

// scanMatter reads matterColumns, then any extra destinations.
func scanMatter(row pgx.Row, extra ...any) (Matter, error) {
	var m Matter
	var status, decision string
	var activated, closed, reopened, archived *time.Time
	var version int64
	dest := []any{&m.ID, &m.Number, &m.Title, &m.Description, &m.PracticeArea, &status, &m.OpenedAt,
		&activated, &closed, &reopened, &archived, &m.ResponsibleLawyer, &m.TeamMembers, &m.Teams,
		&m.Grants, &m.ClientIDs, &decision, &m.ConflictCheckCurrent, &m.Erased, &version, &m.CreatedAt, &m.UpdatedAt}
	err := row.Scan(append(dest, extra...)...)
	m.Status, m.ConflictDecision, m.Version = matter.Status(status), matter.ConflictDecision(decision), uint64(version)
	m.ActivatedAt, m.ClosedAt, m.ReopenedAt, m.ArchivedAt = orZero(activated), orZero(closed), orZero(reopened), orZero(archived)
	return m, err
}

func orZero(t *time.Time) time.Time {
	if t == nil {
		return time.Time{}
	}
	return *t
}

// args numbers query parameters as they are added.
type args []any

func (a *args) add(v any) string {
	*a = append(*a, v)
	return "$" + strconv.Itoa(len(*a))
}

// GetMany returns the matters of ids that exist, erased ones included
// (Matter.Erased says so), in one query: pages that link many tasks,
// deadlines or entries to their matters read them all at once instead of
// one by one. Visibility is the caller's to check, as with Get.
func GetMany(ctx context.Context, db DB, ids []string) ([]Matter, error) {
	rows, err := db.Query(ctx, "SELECT "+matterColumns+" FROM matters_v1 m WHERE m.id = ANY($1)", ids)
	if err != nil {
		return nil, fmt.Errorf("matters: get many: %w", err)
	}
	defer rows.Close()
	var out []Matter
	for rows.Next() {
		m, err := scanMatter(rows)
		if err != nil {
			return nil, fmt.Errorf("matters: get many: %w", err)
		}
		out = append(out, m)
	}
	if err := rows.Err(); err != nil {
		return nil, fmt.Errorf("matters: get many: %w", err)
	}
	return out, nil
}

// ByNumber returns the matter numbered number (YYYY-NNNN), as Get does:
// incoming e-mail names its matter by number, not by ID.
func ByNumber(ctx context.Context, db DB, number string) (Matter, error) {
	var id string
	err := db.QueryRow(ctx, "SELECT id FROM matters_v1 WHERE number = $1", number).Scan(&id)
	if errors.Is(err, pgx.ErrNoRows) {
		return Matter{}, domain.NotFound("there is no such matter").WithCode("matter.not_found")
	}
	if err != nil {
		return Matter{}, fmt.Errorf("matters: by number: %w", err)
	}
	return Get(ctx, db, id)
}
