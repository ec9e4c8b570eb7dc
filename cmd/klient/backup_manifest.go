package main

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

// manifest says what a backup holds, so a restore can check it and a
// person can tell backups apart. It holds no personal data.
type manifest struct {
	Format        int                   `json:"format"`
	CreatedAt     time.Time             `json:"created_at"`
	KlientVersion string                `json:"klient_version"`
	EventStore    string                `json:"event_store"` // "postgres" (in database.dump) or "esdb" (not in this backup)
	Log           *logExtent            `json:"log,omitempty"`
	Projectors    []projectorCheckpoint `json:"projectors"`
	Migrations    map[string]int        `json:"migrations"` // component → schema version
	Server        string                `json:"server_version"`
	DumpTool      string                `json:"pg_dump_version"`
	Tombstones    int                   `json:"tombstones"` // keys destroyed when the backup was taken
	Files         []backupFile          `json:"files"`
	Notes         []string              `json:"notes"`
}

// logExtent is how far the PostgreSQL event log went.
type logExtent struct {
	Events uint64              `json:"events"`
	Head   eventstore.Position `json:"head"`
}

type projectorCheckpoint struct {
	Name     string              `json:"name"`
	Version  int                 `json:"version"`
	Position eventstore.Position `json:"position"`
	Applied  uint64              `json:"events_applied"`
}

type backupFile struct {
	Name     string `json:"name"`
	Holds    string `json:"holds"`
	Database string `json:"database"` // "database" or "key store": which configured URL it restores into
	Bytes    int64  `json:"bytes"`
	SHA256   string `json:"sha256"`
}

// describe fills what the live setup says: log, checkpoints, schema.
func (a *app) describe(ctx context.Context, m *manifest) error {
	if c, ok := a.store.(projections.LogCounter); ok {
		n, head, err := c.CountAfter(ctx, eventstore.Start)
		if err != nil {
			return err
		}
		m.Log = &logExtent{Events: n, Head: head}
	}
	statuses, err := a.runtime.Status(ctx)
	if err != nil {
		return err
	}
	for _, s := range statuses {
		m.Projectors = append(m.Projectors, projectorCheckpoint{Name: s.Name, Version: s.StoredVersion, Position: s.Position, Applied: s.EventsApplied})
	}
	m.Migrations = map[string]int{}
	rows, err := a.pool.Query(ctx, `SELECT component, max(version) FROM schema_migrations GROUP BY component`)
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
	return a.pool.QueryRow(ctx, `SELECT version()`).Scan(&m.Server)
}

// fileEntry sums a written dump.
func fileEntry(dir, name, holds, database string) (backupFile, error) {
	f, err := os.Open(filepath.Join(dir, name))
	if err != nil {
		return backupFile{}, err
	}
	defer f.Close()
	h := sha256.New()
	n, err := io.Copy(h, f)
	return backupFile{Name: name, Holds: holds, Database: database, Bytes: n, SHA256: hex.EncodeToString(h.Sum(nil))}, err
}

func writeManifest(dir string, m manifest) error {
	data, _ := json.MarshalIndent(m, "", "  ") // plain data: cannot fail
	return os.WriteFile(filepath.Join(dir, manifestName), append(data, '\n'), 0o600)
}

// readManifest reads dir's manifest and checks every file against it.
func readManifest(dir string) (manifest, error) {
	var m manifest
	data, err := os.ReadFile(filepath.Join(dir, manifestName))
	if err != nil {
		return m, fmt.Errorf("backup %s: %w", dir, err)
	}
	if err := json.Unmarshal(data, &m); err != nil || m.Format != 1 {
		return m, fmt.Errorf("backup %s: %s is not a Klient backup manifest (format 1)", dir, manifestName)
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
