package postgres

import (
	"embed"
	"io/fs"

	"github.com/klient-crm/klient/internal/pgmigrate"
)

//go:embed migrations/*.sql
var migrationFiles embed.FS

// Migrations returns the event store's schema, to be applied with
// pgmigrate.Apply before New.
func Migrations() pgmigrate.Set {
	files, err := fs.Sub(migrationFiles, "migrations")
	if err != nil {
		panic(err) // the embedded directory is fixed at build time
	}
	return pgmigrate.Set{Component: "eventstore", Files: files}
}
