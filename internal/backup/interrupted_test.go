package backup

import (
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/klient-crm/klient/internal/apptest"
)

// A backup whose dump is cut off — the database stopped under it (found
// from outside: `klient backup` with PostgreSQL stopped halfway) — leaves
// no half-written dump behind, so the directory takes the next attempt,
// and names the cause rather than pg_dump's last line ("Command was:
// COPY …"). A dump that is written is readable by its owner alone, as
// the manifest is: it holds the access log and the staff's credentials.
func TestInterruptedBackupLeavesNothing(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	a := apptest.New(t)
	apptest.Person(t, a.Contacts, greta())

	dir := filepath.Join(t.TempDir(), "b")
	apptest.Must(t, PrepareDir(dir))
	// pg_dump waits for a table this transaction holds (one of the
	// test's: the backup itself reads the others before it dumps); then
	// its connection is cut, as a stopping server cuts it.
	_, err := a.Pool.Exec(ctx, `CREATE TABLE held_by_the_test (x int)`)
	apptest.Must(t, err)
	tx, err := a.Pool.Begin(ctx)
	apptest.Must(t, err)
	defer tx.Rollback(ctx) //nolint:errcheck // only a lock
	_, err = tx.Exec(ctx, `LOCK TABLE held_by_the_test IN ACCESS EXCLUSIVE MODE`)
	apptest.Must(t, err)
	done := make(chan error, 1)
	go func() { _, err := Take(ctx, configOf(a), liveOf(a), dir); done <- err }()
	cut := false
	for deadline := time.Now().Add(30 * time.Second); !cut && time.Now().Before(deadline); time.Sleep(50 * time.Millisecond) {
		apptest.Must(t, a.Pool.QueryRow(ctx, `SELECT count(*) > 0 FROM (SELECT pg_terminate_backend(pid) FROM pg_stat_activity
			WHERE datname = current_database() AND application_name = 'pg_dump' AND wait_event_type = 'Lock') t`).Scan(&cut))
	}
	if !cut {
		t.Fatal("pg_dump never waited for the lock: the test proves nothing")
	}
	err = <-done
	apptest.Must(t, tx.Rollback(ctx))
	if err == nil || strings.Contains(err.Error(), "Command was") {
		t.Fatalf("an interrupted backup: %v; want its cause", err)
	}
	if entries, _ := os.ReadDir(dir); len(entries) != 0 {
		t.Fatalf("an interrupted backup left %v behind", entries)
	}

	apptest.Must(t, PrepareDir(dir)) // the same directory takes the next one
	_, err = Take(ctx, configOf(a), liveOf(a), dir)
	apptest.Must(t, err)
	entries, err := os.ReadDir(dir)
	apptest.Must(t, err)
	if len(entries) == 0 {
		t.Fatal("the backup after the interrupted one wrote nothing: nothing to check the modes of")
	}
	for _, e := range entries {
		info, err := e.Info()
		apptest.Must(t, err)
		if info.Mode().Perm()&0o077 != 0 {
			t.Errorf("%s is %v: others may read it", e.Name(), info.Mode().Perm())
		}
	}
}
