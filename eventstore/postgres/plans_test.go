package postgres

import (
	"context"
	"encoding/json"
	"fmt"
	"strings"
	"testing"

	"github.com/jackc/pgx/v5"
)

// The statements that run per poll, per append or per read must reach the
// events table through an index even as generic plans: pgx prepares every
// statement, and after five executions PostgreSQL may keep a plan made
// without the parameters' values. Issue 19 found heldBackSQL's generic plan
// scanning a million-event log on every idle poll. A whole-log walk
// (verify, a checkpoint's first fold) is allowed to scan and is not here.
func TestHotStatementsNeverScanTheLog(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	pool := newPool(t, 2)
	// A log large enough that the planner's cost model tells a scan from an
	// index; written directly, since only the plans are under test.
	if _, err := pool.Exec(ctx, `INSERT INTO events (xid, event_id, stream, version, type, schema_version, data, metadata)
		SELECT 1000 + g / 4, gen_random_uuid(), 'plan-' || (g / 5), g % 5, 'plan.Tested', 1, '{}', '{}'
		FROM generate_series(1, 200000) g`); err != nil {
		t.Fatal(err)
	}
	if _, err := pool.Exec(ctx, `ANALYZE events`); err != nil {
		t.Fatal(err)
	}
	head := []any{int64(51000), int64(200000)}
	for name, st := range map[string]struct {
		sql  string
		args []any
	}{
		"read all":          {readAllSQL, append(head, 512)},
		"held back":         {heldBackSQL, head},
		"count after":       {countAfterSQL, head},
		"read stream":       {readStreamSQL, []any{"plan-7", int64(0), 512}},
		"prior append":      {priorSQL, []any{"{00000000-0000-0000-0000-000000000001}"}},
		"fold after (sign)": {foldAfterSQL, head},
		"place of a start":  {placeSQL, head},
	} {
		t.Run(name, func(t *testing.T) {
			if scans := genericPlanScans(t, ctx, pool, st.sql, st.args); len(scans) > 0 {
				t.Errorf("generic plan scans %s:\n%s", strings.Join(scans, ", "), st.sql)
			}
		})
	}
}

// genericPlanScans prepares sql on its own connection, forced to a generic
// plan, and lists the sequential scans its EXPLAIN shows.
func genericPlanScans(t *testing.T, ctx context.Context, pool interface {
	Begin(context.Context) (pgx.Tx, error)
}, sql string, args []any) []string {
	t.Helper()
	tx, err := pool.Begin(ctx)
	if err != nil {
		t.Fatal(err)
	}
	defer func() { _ = tx.Rollback(ctx) }()
	if _, err := tx.Exec(ctx, `SET LOCAL plan_cache_mode = force_generic_plan`); err != nil {
		t.Fatal(err)
	}
	if _, err := tx.Exec(ctx, "PREPARE plan_under_test AS "+sql); err != nil {
		t.Fatalf("prepare: %v", err)
	}
	defer func() { _, _ = tx.Exec(ctx, "DEALLOCATE plan_under_test") }() // a prepared statement outlives its transaction
	literals := make([]string, len(args))
	for i, a := range args {
		literals[i] = fmt.Sprintf("'%v'", a)
	}
	var plan string
	if err := tx.QueryRow(ctx, "EXPLAIN (FORMAT JSON) EXECUTE plan_under_test("+strings.Join(literals, ", ")+")").Scan(&plan); err != nil {
		t.Fatalf("explain: %v", err)
	}
	var nodes []map[string]any
	if err := json.Unmarshal([]byte(plan), &nodes); err != nil {
		t.Fatal(err)
	}
	var scans []string
	var walk func(n map[string]any)
	walk = func(n map[string]any) {
		if n["Node Type"] == "Seq Scan" {
			scans = append(scans, fmt.Sprint(n["Relation Name"]))
		}
		children, _ := n["Plans"].([]any)
		for _, c := range children {
			if m, ok := c.(map[string]any); ok {
				walk(m)
			}
		}
	}
	for _, n := range nodes {
		if p, ok := n["Plan"].(map[string]any); ok {
			walk(p)
		}
	}
	return scans
}
