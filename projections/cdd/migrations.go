package cdd

import (
	"embed"
	"io/fs"

	"github.com/klient-crm/klient/internal/pgmigrate"
)

//go:embed migrations/*.sql
var migrationFiles embed.FS

// Migrations returns the sanctions lists' schema; apply it (pgmigrate.Apply)
// after the projections runtime's (which installs unaccent).
func Migrations() pgmigrate.Set {
	sub, err := fs.Sub(migrationFiles, "migrations")
	if err != nil {
		panic("cdd: embedded migrations: " + err.Error()) // cannot happen: the directory is embedded
	}
	return pgmigrate.Set{Component: "cdd", Files: sub}
}
