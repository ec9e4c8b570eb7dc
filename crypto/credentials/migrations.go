package credentials

import (
	"embed"
	"io/fs"

	"github.com/klient-crm/klient/internal/pgmigrate"
)

//go:embed migrations/*.sql
var migrationFiles embed.FS

// Migrations returns the credentials schema; apply it (pgmigrate.Apply)
// before New.
func Migrations() pgmigrate.Set {
	sub, err := fs.Sub(migrationFiles, "migrations")
	if err != nil {
		panic("credentials: embedded migrations: " + err.Error()) // cannot happen: the directory is embedded
	}
	return pgmigrate.Set{Component: "credentials", Files: sub}
}
