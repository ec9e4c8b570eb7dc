package backup

import (
	"bufio"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"

	klientcrypto "github.com/klient-crm/klient/crypto"
)

// The tombstone journal is the list of destroyed keys kept OUTSIDE every
// backup: a restore brings back keys that were destroyed after the backup
// was taken, and the journal is what destroys them again. One JSON
// tombstone per line (subject ID, time, key ID, fingerprint: no personal
// data), appended, never rewritten. In development it lives in the data
// directory; production must keep it in a store of its own (another
// machine, bucket or database than the backups), and `klient tombstones
// export --to` writes it there.
const JournalName = "tombstones.jsonl"

// JournalIn is the journal's place in a data directory, its default.
func JournalIn(dataDir string) string { return filepath.Join(dataDir, JournalName) }

// ReadJournal lists the journal's tombstones, the first of each subject;
// a journal not yet written is empty.
func ReadJournal(path string) ([]klientcrypto.Tombstone, error) {
	f, err := os.Open(path)
	if errors.Is(err, fs.ErrNotExist) {
		return nil, nil
	}
	if err != nil {
		return nil, fmt.Errorf("tombstone journal: %w", err)
	}
	defer f.Close()
	var out []klientcrypto.Tombstone
	seen := map[string]bool{}
	sc := bufio.NewScanner(f)
	for line := 1; sc.Scan(); line++ {
		var ts klientcrypto.Tombstone
		if err := json.Unmarshal(sc.Bytes(), &ts); err != nil || ts.Subject == "" {
			return nil, fmt.Errorf("tombstone journal %s, line %d: not a tombstone", path, line)
		}
		if !seen[ts.Subject] {
			seen[ts.Subject] = true
			out = append(out, ts)
		}
	}
	return out, sc.Err()
}

// ExportTombstones appends to the journal at path every tombstone of the
// live key store it lacks, and returns how many.
func ExportTombstones(ctx context.Context, keys *klientcrypto.Keyring, path string) (int, error) {
	live, err := keys.Tombstones(ctx)
	if err != nil {
		return 0, err
	}
	known, err := ReadJournal(path)
	if err != nil {
		return 0, err
	}
	return appendJournal(path, missing(live, known))
}

// Journaller appends one tombstone at a time to the journal at path and
// syncs it to disk before it returns: an erasure records its destroyed key
// there before it is reported done, so a backup taken a moment before
// cannot bring the person back, whenever it is restored. An empty path is
// refused at the first tombstone rather than losing it.
func Journaller(path string) func(klientcrypto.Tombstone) error {
	return func(ts klientcrypto.Tombstone) error {
		if path == "" {
			return errors.New("tombstone journal: no path is configured")
		}
		_, err := appendJournal(path, []klientcrypto.Tombstone{ts})
		return err
	}
}

func missing(live, known []klientcrypto.Tombstone) []klientcrypto.Tombstone {
	have := make(map[string]bool, len(known))
	for _, ts := range known {
		have[ts.Subject] = true
	}
	var out []klientcrypto.Tombstone
	for _, ts := range live {
		if !have[ts.Subject] {
			out = append(out, ts)
		}
	}
	return out
}

// appendJournal writes list at the journal's end in one write, and syncs:
// a tombstone the journal lost could bring a person back.
func appendJournal(path string, list []klientcrypto.Tombstone) (int, error) {
	// With nothing to add the journal is still opened, and created empty
	// where there is none: an export to a place no file can be written
	// is refused rather than reported as "0 added".
	var buf []byte
	for _, ts := range list {
		line, _ := json.Marshal(ts) // a struct of strings, a time and a number: cannot fail
		buf = append(append(buf, line...), '\n')
	}
	if err := os.MkdirAll(filepath.Dir(path), 0o700); err != nil {
		return 0, fmt.Errorf("tombstone journal: %w", err)
	}
	f, err := os.OpenFile(path, os.O_WRONLY|os.O_APPEND|os.O_CREATE, 0o600)
	if err != nil {
		return 0, fmt.Errorf("tombstone journal: %w", err)
	}
	_, err = f.Write(buf)
	if err == nil {
		err = f.Sync()
	}
	return len(list), errors.Join(err, f.Close())
}
