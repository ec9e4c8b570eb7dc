package projections

import (
	"embed"
	"io/fs"

	"github.com/klient-crm/klient/internal/pgmigrate"
)

//go:embed migrations/*.sql
var migrationFiles embed.FS

// Migrations is the runtime's schema: the checkpoint table and the pg_trgm
// extension the read models' searches use. Read models create their own
// tables in Projector.Setup, because a version bump rebuilds them.
func Migrations() pgmigrate.Set {
	sub, err := fs.Sub(migrationFiles, "migrations")
	if err != nil {
		panic("projections: embedded migrations: " + err.Error()) // cannot happen: the directory is embedded
	}
	return pgmigrate.Set{Component: "projections", Files: sub}
}
