package backup

import (
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/klient-crm/klient/internal/apptest"
)

// The journal takes each destroyed key once, however often it is brought
// up to date, and keeps the order they were destroyed in.
func TestTombstoneJournal(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	a := apptest.New(t)
	path := JournalIn(a.DataDir)
	if list, err := ReadJournal(path); err != nil || len(list) != 0 {
		t.Fatalf("a journal not yet written: %+v, %v", list, err)
	}
	_, err := a.Keys.Shred(ctx, "subject-1")
	apptest.Must(t, err)
	for _, want := range []int{1, 0} {
		if n, err := ExportTombstones(ctx, a.Keys, path); err != nil || n != want {
			t.Fatalf("export: %d added, want %d: %v", n, want, err)
		}
	}
	_, err = a.Keys.Shred(ctx, "subject-2")
	apptest.Must(t, err)
	if n, err := ExportTombstones(ctx, a.Keys, path); err != nil || n != 1 {
		t.Fatalf("export after a second shred: %d, %v", n, err)
	}
	list, err := ReadJournal(path)
	if err != nil || len(list) != 2 || list[0].Subject != "subject-1" || list[1].Subject != "subject-2" {
		t.Fatalf("journal: %+v, %v", list, err)
	}
	bad := filepath.Join(t.TempDir(), JournalName)
	apptest.Must(t, os.WriteFile(bad, []byte("{\"subject\":\"s\"}\nnot json\n"), 0o600))
	if _, err := ReadJournal(bad); err == nil || !strings.Contains(err.Error(), "line 2: not a tombstone") {
		t.Fatalf("a damaged journal: %v", err)
	}
}
