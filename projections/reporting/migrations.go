package reporting

import (
	"embed"
	"io/fs"

	"github.com/klient-crm/klient/internal/pgmigrate"
)

//go:embed migrations/*.sql
var migrationFiles embed.FS

// Migrations creates the reporting schema, its owner-only side and the
// klient_analyst role (component "reporting"). Apply it after the read
// models' own migrations; the views read the read models' tables only when
// queried, so it needs none of them to exist yet.
func Migrations() pgmigrate.Set {
	sub, err := fs.Sub(migrationFiles, "migrations")
	if err != nil {
		panic("reporting: embedded migrations: " + err.Error()) // cannot happen: the directory is embedded
	}
	return pgmigrate.Set{Component: "reporting", Files: sub}
}
