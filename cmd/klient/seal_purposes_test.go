package main

import (
	"bytes"
	"context"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"testing"

	"github.com/klient-crm/klient/domain/access"
	"github.com/klient-crm/klient/domain/contact"
	"github.com/klient-crm/klient/internal/apptest"
	"github.com/klient-crm/klient/projections/accesslog"
)

// oldMarker is in every purpose written the old way below: letters no
// other data here holds.
const oldMarker = "pqzgammal"

// Purposes written before the access log sealed them are in the clear in
// access_log.purpose (issue 11, docs/gdpr.md "The access log's purpose").
// The next start seals each as a new entry's is and blanks the column,
// then rewrites the table: afterwards no table and no file of the
// database holds one, the DPO's search still reads each (an entry about
// someone already erased reads nothing), and `klient backup` holds none.
// A second start finds nothing left to do.
func TestStartSealsPurposesWrittenInTheClear(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	s := newSetup(t)
	a := s.open(t)
	vera := person(t, a, contact.PersonDetails{GivenName: "Vera", FamilyName: "Gammalqvist"}).ContactID
	gone := person(t, a, contact.PersonDetails{GivenName: "Gustav", FamilyName: "Borta"}).ContactID
	_, err := a.keyring.Shred(ctx, gone)
	check(t, err)
	// As the code before migration 0004 wrote them: the purpose in the
	// clear, nothing in access_log_purposes.
	old := []struct {
		subjects []string
		refused  string
		purpose  string
	}{
		{[]string{vera}, "", oldMarker + " arvet efter Vera"},
		{[]string{vera, gone}, "", oldMarker + " bodelningen"},
		{[]string{}, "forbidden", oldMarker + " listan"},
		{[]string{gone}, "", oldMarker + " om Gustav"},
		{[]string{vera}, "", ""},
	}
	for _, o := range old {
		_, err := a.pool.Exec(ctx, `INSERT INTO access_log (at, staff_id, subjects, route, action, purpose, correlation_id, via, refused)
			VALUES (now(), 'staff-1', $1, '/contacts/{id}', $2, nullif($3, ''), 'req-1', 'page', $4)`,
			o.subjects, string(access.ContactView), o.purpose, o.refused)
		check(t, err)
	}
	_, err = a.pool.Exec(ctx, `CHECKPOINT`)
	check(t, err)
	if files := apptest.FilesHolding(t, a.pool, []byte(oldMarker)); len(files) == 0 {
		t.Fatal("before the start no file holds the old purposes: the scan sees nothing")
	}
	a.Close()

	out, err := s.run(t, runMigrate) // any start: serve, migrate, backup
	if err != nil {
		t.Fatalf("migrate: %v\n%s", err, out)
	}
	b := s.open(t)
	if held := apptest.TablesHolding(t, b.pool, oldMarker); len(held) != 0 {
		t.Fatalf("after the start the old purposes are in the clear in %v", held)
	}
	_, err = b.pool.Exec(ctx, `CHECKPOINT`)
	check(t, err)
	if files := apptest.FilesHolding(t, b.pool, []byte(oldMarker)); len(files) != 0 {
		t.Fatalf("after the start the old purposes are still in the files %v", files)
	}
	entries, err := accesslog.Search(ctx, b.pool, b.keyring, accesslog.Filter{})
	check(t, err)
	var purposes []string
	for _, e := range entries {
		purposes = append(purposes, e.Purpose)
	}
	slices.Reverse(purposes) // oldest first, as written
	want := []string{old[0].purpose, old[1].purpose, old[2].purpose, "", ""}
	if !slices.Equal(purposes, want) {
		t.Fatalf("the DPO's search reads the purposes %q; want %q", purposes, want)
	}
	// Vera's entry is hers alone to open; the one about both opens from hers.
	mine, err := accesslog.ForSubject(ctx, b.pool, b.keyring, vera)
	check(t, err)
	if len(mine) != 3 || mine[1].Purpose != old[1].purpose || mine[2].Purpose != old[0].purpose {
		t.Fatalf("her access package reads %+v", mine)
	}
	if n, err := accesslog.SealOldPurposes(ctx, b.pool, b.keyring, func(context.Context, string) error {
		t.Error("a second start rewrites the table again")
		return nil
	}); err != nil || n != 0 {
		t.Fatalf("a second start sealed %d, %v", n, err)
	}

	dir := filepath.Join(t.TempDir(), "backup")
	out, err = s.run(t, runBackup, "--to", dir)
	if err != nil {
		t.Fatalf("backup: %v\n%s", err, out)
	}
	if found := dumpsHolding(t, dir, oldMarker); len(found) != 0 {
		t.Fatalf("the backup holds the old purposes in the clear: %v", found)
	}
	if found := dumpsHolding(t, dir, vera); len(found) == 0 {
		t.Fatal("her ID is in no file of the backup: the scan sees nothing")
	}
}

// dumpsHolding lists the backup's files in dir that hold needle, each dump
// as pg_restore writes it out as SQL (its own bytes are compressed).
func dumpsHolding(t *testing.T, dir, needle string) []string {
	t.Helper()
	tool := "pg_restore"
	if bindir := os.Getenv("KLIENT_PG_BINDIR"); bindir != "" {
		tool = filepath.Join(bindir, tool)
	} else if dirs, _ := filepath.Glob("/usr/lib/postgresql/*/bin/pg_restore"); len(dirs) > 0 {
		tool = dirs[len(dirs)-1]
	}
	entries, err := os.ReadDir(dir)
	check(t, err)
	var found []string
	for _, e := range entries {
		path := filepath.Join(dir, e.Name())
		data, err := os.ReadFile(path)
		check(t, err)
		if filepath.Ext(path) == ".dump" {
			text, err := exec.Command(tool, "--file=-", path).Output()
			check(t, err)
			data = append(data, text...)
		}
		if bytes.Contains(bytes.ToLower(data), []byte(needle)) {
			found = append(found, e.Name())
		}
	}
	return found
}
