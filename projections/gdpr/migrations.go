package gdpr

import (
	"embed"
	"io/fs"

	"github.com/klient-crm/klient/internal/pgmigrate"
)

//go:embed migrations/*.sql
var migrationFiles embed.FS

// Migrations is the schema of what this package keeps outside the
// projector's tables (the withdrawal-link key); apply it (pgmigrate.Apply)
// before LoadWithdrawalLinks. The read model's own tables are made by
// Projector.Setup, because a version bump rebuilds them.
func Migrations() pgmigrate.Set {
	sub, err := fs.Sub(migrationFiles, "migrations")
	if err != nil {
		panic("gdpr: embedded migrations: " + err.Error()) // cannot happen: the directory is embedded
	}
	return pgmigrate.Set{Component: "gdpr", Files: sub}
}
