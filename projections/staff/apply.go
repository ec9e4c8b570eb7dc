package staff

import (
	"fmt"
	"strings"
	"time"

	"github.com/jackc/pgx/v5"

	"github.com/klient-crm/klient/domain/access"
	"github.com/klient-crm/klient/eventstore"
)

// fact is what every statement needs of an event besides its payload.
type fact struct {
	version int64
	at      time.Time
	actor   string
}

func factOf(d eventstore.Decoded) fact {
	at := d.Metadata.OccurredAt
	if at.IsZero() {
		at = d.RecordedAt
	}
	return fact{version: int64(d.Version), at: at, actor: d.Metadata.Actor}
}

// queue adds the statement for one event to b.
func queue(b *pgx.Batch, d eventstore.Decoded) error {
	f := factOf(d)
	switch e := d.Event.(type) {
	case access.StaffMemberRegistered:
		queueRegistered(b, e, f, d.IsErased(e.StaffID))
	case access.StaffRolesChanged:
		b.Queue(rolesSQL, e.StaffID, roleNames(e.Roles), f.version, f.at)
	case access.StaffTeamsChanged:
		b.Queue(teamsSQL, e.StaffID, list(e.Teams), f.version, f.at)
	case access.StaffMemberDeactivated:
		b.Queue(activeSQL, e.StaffID, false, f.version, f.at)
	case access.StaffMemberReactivated:
		b.Queue(activeSQL, e.StaffID, true, f.version, f.at)
	case access.WallErected:
		b.Queue(erectedSQL, e.WallID, string(e.Target.Kind), e.Target.ID, list(e.Users), list(e.Teams),
			e.Why(), f.actor, f.at, f.version)
	case access.WallLifted:
		b.Queue(liftedSQL, e.WallID, f.at, f.version)
	default:
		return fmt.Errorf("staff: no projection for event type %s", d.Type)
	}
	return nil
}

// registeredSQL inserts a member; the registration is the stream's first
// event, so a replay finds the row and changes nothing, except that an
// erased replay always blanks it. The address becomes a sign-in name only
// if no other row holds it (see signs_in in schema.sql).
const registeredSQL = `INSERT INTO staff_v1 (id, name, email, signs_in, roles, teams, erased, version, created_at, updated_at)
VALUES ($1, $2, $3, NOT $6 AND NOT EXISTS (SELECT 1 FROM staff_v1 WHERE email = $3 AND signs_in), $4, $5, $6, $7, $8, $8)
ON CONFLICT (id) DO UPDATE SET name = '', email = '', signs_in = false, erased = true
WHERE EXCLUDED.erased`

func queueRegistered(b *pgx.Batch, e access.StaffMemberRegistered, f fact, erased bool) {
	name, email := e.Details.Name, strings.ToLower(e.Details.Email)
	if erased {
		name, email = "", ""
	}
	b.Queue(registeredSQL, e.StaffID, name, email, roleNames(e.Roles), list(e.Teams), erased, f.version, f.at)
}

// The guards (version < the event's) keep a replayed older event from
// undoing a newer one.
const (
	rolesSQL  = `UPDATE staff_v1 SET roles = $2, version = $3, updated_at = $4 WHERE id = $1 AND version < $3`
	teamsSQL  = `UPDATE staff_v1 SET teams = $2, version = $3, updated_at = $4 WHERE id = $1 AND version < $3`
	activeSQL = `UPDATE staff_v1 SET active = $2, version = $3, updated_at = $4 WHERE id = $1 AND version < $3`

	erectedSQL = `INSERT INTO walls_v1 (id, target_kind, target_id, users, teams, reason, erected_by, erected_at, version)
VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9) ON CONFLICT (id) DO NOTHING`
	liftedSQL = `UPDATE walls_v1 SET active = false, lifted_at = $2, version = $3 WHERE id = $1 AND version < $3`
)

func roleNames(roles []access.Role) []string {
	out := make([]string, len(roles))
	for i, r := range roles {
		out[i] = string(r)
	}
	return out
}

// list keeps an absent list from reaching a NOT NULL array column as NULL.
func list(items []string) []string {
	if items == nil {
		return []string{}
	}
	return items
}
