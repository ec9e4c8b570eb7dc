package staff_test

import (
	"bytes"
	"context"
	"errors"
	"testing"

	"github.com/jackc/pgx/v5"

	"github.com/klient-crm/klient/domain"
	"github.com/klient-crm/klient/domain/access"
	"github.com/klient-crm/klient/eventstore"
	"github.com/klient-crm/klient/projections/staff"
)

// Applying the same events again, or older events after newer ones,
// changes nothing.
func TestApplyIsIdempotent(t *testing.T) {
	t.Parallel()
	w := newWorld(t)
	anna := w.register("Anna Advokat", "anna@byran.se", []access.Role{access.RoleLawyer}, "tvist")
	w.Write(access.StaffStreamName(anna),
		access.StaffRolesChanged{StaffID: anna, Roles: []access.Role{access.RoleDPO}},
		access.StaffMemberDeactivated{StaffID: anna})
	wall := w.erect(access.Target{Kind: access.TargetContact, ID: newID()}, []string{anna}, nil)
	w.Write(access.WallStreamName(wall), access.WallLifted{WallID: wall})
	w.Run()
	w.caughtUp()
	before := tables(t, w)

	decoded := history(t, w)
	p := staff.NewProjector()
	apply := func(batch ...eventstore.Decoded) {
		must(t, pgx.BeginFunc(context.Background(), w.Pool, func(tx pgx.Tx) error {
			return p.Apply(context.Background(), tx, batch)
		}))
	}
	apply(decoded...)             // the whole history again
	apply(decoded[1], decoded[0]) // an older role change, the registration
	apply(decoded[3])             // the wall's erection
	if after := tables(t, w); after != before {
		t.Fatalf("replay changed the read model:\n before %s\n after  %s", before, after)
	}
}

// After a member's key is shredded, a rebuild leaves the row blank and
// erased, and frees the address for someone else.
func TestErasedMemberIsBlanked(t *testing.T) {
	t.Parallel()
	w := newWorld(t)
	erik := w.register("Erik Raderad", "erik@byran.se", []access.Role{access.RoleLawyer}, "tvist")
	w.Run()
	w.caughtUp()
	_, err := w.Keys.Shred(context.Background(), erik)
	must(t, err)
	must(t, w.RT.Rebuild(context.Background(), "staff", nil))

	m, err := staff.Get(context.Background(), w.Pool, erik)
	var de *domain.Error
	if !errors.As(err, &de) || de.Kind != domain.KindErased || !m.Erased || m.Name != "" || m.Email != "" {
		t.Fatalf("Get of an erased member = %+v, %v", m, err)
	}
	if _, found, _ := staff.ByEmail(context.Background(), w.Pool, "erik@byran.se"); found {
		t.Fatal("an erased member still signs in by e-mail")
	}
	if teams, _ := staff.Teams(context.Background(), w.Pool); len(teams) != 0 {
		t.Fatalf("an erased member's teams are still listed: %v", teams)
	}
}

// Staff are data subjects: their names and addresses never reach the
// event log in the clear.
func TestStaffDetailsAreSealedInTheLog(t *testing.T) {
	t.Parallel()
	w := newWorld(t)
	w.register("Anna Advokat", "anna.advokat@byran.se", []access.Role{access.RoleLawyer}, "tvist")
	rows, err := w.Pool.Query(context.Background(), `SELECT data FROM events WHERE type = $1`, access.TypeStaffMemberRegistered)
	must(t, err)
	data, err := pgx.CollectRows(rows, pgx.RowTo[[]byte])
	must(t, err)
	if len(data) != 1 {
		t.Fatalf("%d registrations in the log", len(data))
	}
	for _, clear := range []string{"Anna", "Advokat", "anna.advokat", "byran.se"} {
		if bytes.Contains(bytes.ToLower(data[0]), bytes.ToLower([]byte(clear))) {
			t.Fatalf("%q stored in the clear: %s", clear, data[0])
		}
	}
	if !bytes.Contains(data[0], []byte("lawyer")) || !bytes.Contains(data[0], []byte("tvist")) {
		t.Fatalf("roles and teams should stay readable: %s", data[0])
	}
}

func history(t *testing.T, w *world) []eventstore.Decoded {
	t.Helper()
	envs, err := w.Store.ReadAll(context.Background(), eventstore.Start, 100)
	must(t, err)
	var out []eventstore.Decoded
	for _, env := range envs {
		d, err := w.Codec.Decode(context.Background(), env)
		must(t, err)
		out = append(out, d)
	}
	return out
}

func tables(t *testing.T, w *world) string {
	t.Helper()
	var s string
	must(t, w.Pool.QueryRow(context.Background(), `SELECT
		(SELECT json_agg(s ORDER BY id) FROM staff_v1 s)::text || (SELECT json_agg(x ORDER BY id) FROM walls_v1 x)::text`).Scan(&s))
	return s
}
