package main

import (
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"golang.org/x/text/encoding/charmap"

	"github.com/klient-crm/klient/projections/contacts"
)

// `klient import contacts` reads an Excel list in Windows-1252, prints the
// dry run without names, imports with a progress bar, and a second run of
// the same file creates nothing.
func TestImportContacts(t *testing.T) {
	t.Parallel()
	s := newSetup(t)
	text := "Förnamn;Efternamn;Personnummer;E-post\r\nÅsa;Öberg;19811218-9876;asa@example.se\r\nLena;Falk;19811218-9875;lena@example.se\r\n"
	data, err := charmap.Windows1252.NewEncoder().Bytes([]byte(text))
	check(t, err)
	file := filepath.Join(t.TempDir(), "klienter.csv")
	check(t, os.WriteFile(file, data, 0o600))

	out, err := s.run(t, runImport, "contacts", file, "--dry-run")
	if err != nil || !strings.Contains(out, "Windows-1252") || !strings.Contains(out, "new 1, invalid 1") ||
		!strings.Contains(out, "line 3: invalid: contact.personnummer.checksum") || strings.Contains(out, "Falk") {
		t.Fatalf("dry run: %v\n%s", err, out)
	}
	if _, err := s.run(t, runImport, "contacts", file, "--basis", "legitimate_interest", "--purpose", "client_relationship"); err == nil ||
		!strings.Contains(err.Error(), "balancing") {
		t.Fatalf("a legitimate interest without its balancing test: %v", err)
	}
	out, err = s.run(t, runImport, "contacts", file, "--basis", "contract", "--purpose", "client_relationship")
	if err != nil || !strings.Contains(out, "2 rows, 1 created, 0 merged, 0 skipped, 1 invalid") || !strings.Contains(out, "100%") {
		t.Fatalf("import: %v\n%s", err, out)
	}
	a := s.open(t)
	list, err := contacts.List(context.Background(), a.pool, contacts.Options{})
	check(t, err)
	if len(list) != 1 || list[0].DisplayName != "Åsa Öberg" {
		t.Fatalf("contacts after the import: %+v", list)
	}
	out, err = s.run(t, runImport, "contacts", file, "--basis", "contract", "--purpose", "client_relationship")
	if err != nil || !strings.Contains(out, "imported before 1") || !strings.Contains(out, "0 created") {
		t.Fatalf("the same file again: %v\n%s", err, out)
	}
	if _, err := s.run(t, runImport, "contacts", file, "--map", "Nonsens=name"); err == nil {
		t.Fatal("a mapping of a column the file lacks was taken")
	}
}
