package main

import (
	"bytes"
	"context"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"strconv"
	"testing"

	klientcrypto "github.com/klient-crm/klient/crypto"
	"github.com/klient-crm/klient/domain/access"
	"github.com/klient-crm/klient/domain/contact"
	"github.com/klient-crm/klient/internal/apptest"
	"github.com/klient-crm/klient/internal/backup"
	"github.com/klient-crm/klient/projections/accesslog"
)

// oldMarker is in every purpose written the old way below: letters no
// other data here holds.
const oldMarker = "pqzgammal"

// Purposes written before the access log sealed them are in the clear in
// access_log.purpose (issue 11, docs/gdpr.md "The access log's purpose"),
// and those written before each copy had a key of its own are sealed
// under one key per person. The next start seals each as a new entry's is
// and blanks the column, reseals the others, destroys the shared key and
// rewrites the tables: afterwards no table and no file of the database
// holds a purpose in the clear, the DPO's search and the person's access
// package still read each (an entry about someone already erased reads
// nothing), and `klient backup` holds none. A second start finds nothing
// left to do.
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
	// As the code between migrations 0004 and 0006 wrote them: sealed under
	// her one key for every purpose about her.
	const sharedPurpose = "samtal om testamentet"
	var sharedID int64
	check(t, a.pool.QueryRow(ctx, `INSERT INTO access_log (at, staff_id, subjects, route, action, via)
		VALUES (now(), 'staff-1', $1, '/contacts/{id}', $2, 'page') RETURNING id`, []string{vera}, string(access.ContactView)).Scan(&sharedID))
	ad := []byte("access_log:" + strconv.FormatInt(sharedID, 10))
	sealed, err := a.keyring.Seal(ctx, accesslog.PurposeKey(vera), []byte(sharedPurpose), ad)
	check(t, err)
	_, err = a.pool.Exec(ctx, `INSERT INTO access_log_purposes (entry_id, owner, sealed) VALUES ($1, $2, $3)`, sharedID, vera, sealed)
	check(t, err)
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
	want := []string{old[0].purpose, old[1].purpose, old[2].purpose, "", "", sharedPurpose}
	if !slices.Equal(purposes, want) {
		t.Fatalf("the DPO's search reads the purposes %q; want %q", purposes, want)
	}
	// Vera's entry is hers alone to open; the one about both opens from hers.
	mine, err := accesslog.ForSubject(ctx, b.pool, b.keyring, vera)
	check(t, err)
	if len(mine) != 4 || mine[0].Purpose != sharedPurpose || mine[2].Purpose != old[1].purpose || mine[3].Purpose != old[0].purpose {
		t.Fatalf("her access package reads %+v", mine)
	}
	// Each copy has a key of its own now, and the shared key that sealed
	// the last one is destroyed, journalled: a backup taken before would
	// open it again.
	var shared int
	check(t, b.pool.QueryRow(ctx, `SELECT count(*) FROM access_log_purposes WHERE NOT own_key`).Scan(&shared))
	if gone, err := b.keyring.IsShredded(ctx, accesslog.PurposeKey(vera)); shared != 0 || err != nil || !gone {
		t.Errorf("%d copies under a shared key; her shared key destroyed: %v, %v", shared, gone, err)
	}
	journal, err := backup.ReadJournal(backup.JournalIn(b.cfg.DataDir))
	check(t, err)
	if !slices.ContainsFunc(journal, func(ts klientcrypto.Tombstone) bool { return ts.Subject == accesslog.PurposeKey(vera) }) {
		t.Errorf("the shared key's destruction is not in the tombstone journal: %+v", journal)
	}
	if n, err := accesslog.SealOldPurposes(ctx, b.pool, accesslog.Upgrade{Keys: b.keyring, Rewrite: func(context.Context, string) error {
		t.Error("a second start rewrites the table again")
		return nil
	}}); err != nil || n != 0 {
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
