package documents

import (
	"embed"
	"io/fs"

	"github.com/klient-crm/klient/internal/pgmigrate"
)

//go:embed migrations/*.sql
var migrationFiles embed.FS

// Migrations returns the blob store's and the download record's schema;
// apply it (pgmigrate.Apply) before NewStore and before the projector runs.
func Migrations() pgmigrate.Set {
	sub, err := fs.Sub(migrationFiles, "migrations")
	if err != nil {
		panic("documents: embedded migrations: " + err.Error()) // cannot happen: the directory is embedded
	}
	return pgmigrate.Set{Component: "documents", Files: sub}
}
