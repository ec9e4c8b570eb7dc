package backup

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"time"

	"github.com/klient-crm/klient/eventstore"
	"github.com/klient-crm/klient/projections"
)

const manifestName = "manifest.json"

// Manifest says what a backup holds, so a restore can check it and a
// person can tell backups apart. It holds no personal data.
type Manifest struct {
	Format        int            `json:"format"`
	CreatedAt     time.Time      `json:"created_at"`
	KlientVersion string         `json:"klient_version"`
	EventStore    string         `json:"event_store"` // "postgres" (in database.dump) or "esdb" (not in this backup)
	Log           *LogExtent     `json:"log,omitempty"`
	Migrations    map[string]int `json:"migrations"` // component → schema version
	Server        string         `json:"server_version"`
	DumpTool      string         `json:"pg_dump_version"`
	Tombstones    int            `json:"tombstones"` // keys destroyed when the backup was taken
	Files         []File         `json:"files"`
	Notes         []string       `json:"notes"`
}

// LogExtent is how far the PostgreSQL event log went.
type LogExtent struct {
	Events uint64              `json:"events"`
	Head   eventstore.Position `json:"head"`
}

// File is one dump of the backup.
type File struct {
	Name     string `json:"name"`
	Holds    string `json:"holds"`
	Database string `json:"database"` // "database" or "key store": which configured URL it restores into; "" for the journal's copy
	Bytes    int64  `json:"bytes"`
	SHA256   string `json:"sha256"`
}

// describe fills what the live setup says: the log and the schema.
func describe(ctx context.Context, live Live, m *Manifest) error {
	if c, ok := live.Store.(projections.LogCounter); ok {
		n, head, err := c.CountAfter(ctx, eventstore.Start)
		if err != nil {
			return err
		}
		m.Log = &LogExtent{Events: n, Head: head}
	}
	m.Migrations = map[string]int{}
	rows, err := live.Pool.Query(ctx, `SELECT component, max(version) FROM schema_migrations GROUP BY component`)
	if err != nil {
		return err
	}
	defer rows.Close()
	for rows.Next() {
		var c string
		var v int
		if err := rows.Scan(&c, &v); err != nil {
			return err
		}
		m.Migrations[c] = v
	}
	if err := rows.Err(); err != nil {
		return err
	}
	return live.Pool.QueryRow(ctx, `SELECT version()`).Scan(&m.Server)
}

// fileEntry sums a written dump.
func fileEntry(dir, name, holds, database string) (File, error) {
	f, err := os.Open(filepath.Join(dir, name))
	if err != nil {
		return File{}, err
	}
	defer f.Close()
	h := sha256.New()
	n, err := io.Copy(h, f)
	return File{Name: name, Holds: holds, Database: database, Bytes: n, SHA256: hex.EncodeToString(h.Sum(nil))}, err
}

func writeManifest(dir string, m Manifest) error {
	data, _ := json.MarshalIndent(m, "", "  ") // plain data: cannot fail
	return os.WriteFile(filepath.Join(dir, manifestName), append(data, '\n'), 0o600)
}

// readManifest reads dir's manifest and checks every file against it.
func readManifest(dir string) (Manifest, error) {
	var m Manifest
	data, err := os.ReadFile(filepath.Join(dir, manifestName))
	if err != nil {
		return m, fmt.Errorf("backup %s: %w", dir, err)
	}
	if err := json.Unmarshal(data, &m); err != nil || m.Format < 1 || m.Format > format {
		return m, fmt.Errorf("backup %s: %s is not a Klient backup manifest (format 1 or %d)", dir, manifestName, format)
	}
	for _, want := range m.Files {
		got, err := fileEntry(dir, want.Name, want.Holds, want.Database)
		if err != nil {
			return m, fmt.Errorf("backup %s: %w", dir, err)
		}
		if got.SHA256 != want.SHA256 {
			return m, fmt.Errorf("backup %s: %s does not match its checksum: the backup is damaged", dir, want.Name)
		}
	}
	return m, nil
}
