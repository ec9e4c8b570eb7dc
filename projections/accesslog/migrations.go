package accesslog

import (
	"embed"
	"io/fs"

	"github.com/klient-crm/klient/internal/pgmigrate"
)

//go:embed migrations/*.sql
var migrationFiles embed.FS

// Migrations returns the access log's schema; apply it (pgmigrate.Apply)
// before the first Record.
func Migrations() pgmigrate.Set {
	sub, err := fs.Sub(migrationFiles, "migrations")
	if err != nil {
		panic("accesslog: embedded migrations: " + err.Error()) // cannot happen: the directory is embedded
	}
	return pgmigrate.Set{Component: "accesslog", Files: sub}
}
