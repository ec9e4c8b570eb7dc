package main

import (
	"context"
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"golang.org/x/text/encoding/charmap"

	contactcmd "github.com/klient-crm/klient/commands/contact"
	"github.com/klient-crm/klient/commands/journal"
	"github.com/klient-crm/klient/domain/contact"
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

// `klient contacts claim-numbers`: two contacts registered with one
// personnummer before the claim streams (a repository without the number
// key) are reported as a pair to merge, a third one's number is claimed,
// and a registration of that number is then refused; a second run finds
// everything claimed already.
func TestContactsClaimNumbers(t *testing.T) {
	t.Parallel()
	s := newSetup(t)
	a := s.open(t)
	ctx := context.Background()
	unclaimed, err := contactcmd.NewContacts(a.store, a.codec, time.Now)
	check(t, err)
	register, err := contactcmd.NewRegisterPersonHandler(unclaimed)
	check(t, err)
	actor := journal.Actor{ID: "staff-1"}
	var ids []string
	for _, d := range []contact.PersonDetails{
		{GivenName: "Tolvan", FamilyName: "Tolvansson", Personnummer: "19121212-1212"},
		{GivenName: "Tolvan", FamilyName: "Tolfvansson", Personnummer: "19121212-1212"},
		{GivenName: "Lena", FamilyName: "Falk", Personnummer: "19811218-9876"},
	} {
		res, err := register.Handle(ctx, contactcmd.RegisterPerson{Actor: actor, Details: d})
		check(t, err)
		ids = append(ids, res.ContactID)
	}
	out, err := s.run(t, runContacts, "claim-numbers")
	if err != nil || !strings.Contains(out, "3 contacts with a number") || !strings.Contains(out, "but 1 sharing") ||
		!strings.Contains(out, ids[0]+" holds the claim, "+ids[1]) || strings.Contains(out, "Tolvan") {
		t.Fatalf("claim-numbers: %v\n%s", err, out)
	}
	claimed, err := contactcmd.NewRegisterPersonHandler(a.contacts)
	check(t, err)
	_, err = claimed.Handle(ctx, contactcmd.RegisterPerson{Actor: actor,
		Details: contact.PersonDetails{GivenName: "Lena", FamilyName: "Falk", Personnummer: "19811218-9876"}})
	var taken *contact.NumberTaken
	if !errors.As(err, &taken) || taken.Holder != ids[2] {
		t.Errorf("a registration of a backfilled number: %v, want it taken by %s", err, ids[2])
	}
	if out, err := s.run(t, runContacts, "claim-numbers"); err != nil || !strings.Contains(out, "but 1 sharing") {
		t.Errorf("the second run: %v\n%s", err, out)
	}
}

// Issue 14's lateral hire from the command line: `klient import
// lateral-hire FILE --staff S` checks a new lawyer's list (Excel's
// Windows-1252, semicolons) against every contact, prints the finding by
// the list's row and how it matched, never a name, and keeps the check
// with the staff member; a list with a bad personnummer, or an unknown
// staff member, is refused in one line with nothing written.
func TestImportLateralHire(t *testing.T) {
	t.Parallel()
	s := newSetup(t)
	register := "Förnamn;Efternamn;Personnummer\r\nÅsa;Öberg;19811218-9876\r\n"
	file := filepath.Join(t.TempDir(), "klienter.csv")
	check(t, os.WriteFile(file, []byte(register), 0o600))
	if out, err := s.run(t, runImport, "contacts", file, "--basis", "contract", "--purpose", "client_relationship"); err != nil {
		t.Fatalf("import of the register: %v\n%s", err, out)
	}
	if out, err := s.run(t, runUsers, "create", "--email", "ny@byra.example", "--name", "Nils Nyanställd", "--role", "lawyer"); err != nil {
		t.Fatalf("users create: %v\n%s", err, out)
	}
	list := func(rows ...string) string {
		text := "Namn;Personnummer;E-post;Roll;Ärende\r\n" + strings.Join(rows, "\r\n") + "\r\n"
		data, err := charmap.Windows1252.NewEncoder().Bytes([]byte(text))
		check(t, err)
		path := filepath.Join(t.TempDir(), "tidigare.csv")
		check(t, os.WriteFile(path, data, 0o600))
		return path
	}
	good := list("Åsa Öberg;19811218-9876;;Klient;Bodelning 2024", "Ingen Alls;;;Motpart;Tvist 2023")
	out, err := s.run(t, runImport, "lateral-hire", good, "--staff", "ny@byra.example")
	if err != nil || !strings.Contains(out, "checked 2 rows") || !strings.Contains(out, "row 1: number match") ||
		strings.Contains(out, "row 2:") || strings.Contains(out, "Öberg") {
		t.Fatalf("lateral hire: %v\n%s", err, out)
	}
	for _, c := range []struct{ why, file, staff string }{
		{"a bad personnummer", list("Åsa Öberg;19811218-9875;;Klient;Bodelning 2024"), "ny@byra.example"},
		{"an unknown staff member", good, "ingen@byra.example"},
		{"an unknown staff ID", good, "0193a4b2-0000-7000-8000-000000000000"},
	} {
		if _, err := s.run(t, runImport, "lateral-hire", c.file, "--staff", c.staff); err == nil || strings.Contains(err.Error(), "\n") {
			t.Errorf("%s: %v; want a refusal in one line", c.why, err)
		}
	}
	a := s.open(t)
	var checks int
	check(t, a.pool.QueryRow(context.Background(), `SELECT count(*) FROM events WHERE stream LIKE 'lateralhire-%'`).Scan(&checks))
	if checks != 1 {
		t.Errorf("%d lateral-hire checks kept; want the one good list's, nothing of the refused ones", checks)
	}
}
