package crypto

import (
	"embed"
	"io/fs"

	"github.com/klient-crm/klient/internal/pgmigrate"
)

//go:embed migrations/*.sql
var migrationFiles embed.FS

// Migrations returns the key store's schema. The caller applies it (with
// pgmigrate.Apply) before NewKeyring; in production it goes to the key
// store's own database.
func Migrations() pgmigrate.Set {
	sub, err := fs.Sub(migrationFiles, "migrations")
	if err != nil {
		panic(err) // the embed pattern above guarantees the directory
	}
	return pgmigrate.Set{Component: "keystore", Files: sub}
}
