package main

import (
	"context"
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/klient-crm/klient/domain/contact"
	"github.com/klient-crm/klient/projections/accesslog"
	"github.com/klient-crm/klient/projections/subjectexport"
)

// `klient subjects export` writes the package in either form to a new
// file, prints no personal data, and logs the export as an access.
func TestSubjectsExport(t *testing.T) {
	t.Parallel()
	s := newSetup(t)
	a := s.open(t)
	p := person(t, a, contact.PersonDetails{GivenName: "Elsa", FamilyName: "Exportsson",
		Emails: []contact.Email{{Address: "elsa@exempel.se"}}})
	project(t, a, basis(t, a, p.ContactID))
	dir := t.TempDir()
	jsonFile, htmlFile := filepath.Join(dir, "elsa.json"), filepath.Join(dir, "elsa.html")
	out, err := s.run(t, runSubjects, "export", "--subject", p.ContactID, "--out", jsonFile, "--by", "dpo-1")
	if err != nil || strings.Contains(out, "Exportsson") || !strings.Contains(out, "0 matters") {
		t.Fatalf("export: %v\n%s", err, out)
	}
	var pkg subjectexport.Package
	data, err := os.ReadFile(jsonFile)
	check(t, err)
	check(t, json.Unmarshal(data, &pkg))
	if pkg.Subject.FamilyName != "Exportsson" || len(pkg.Register.Bases) != 1 || len(pkg.Recipients) != len(defaultRecipients) {
		t.Fatalf("package %+v", pkg)
	}
	_, err = s.run(t, runSubjects, "export", "--subject", p.ContactID, "--format", "html", "--out", htmlFile)
	check(t, err)
	page, err := os.ReadFile(htmlFile)
	check(t, err)
	if !strings.Contains(string(page), "Elsa Exportsson") || !strings.Contains(string(page), "avtal (art. 6.1 b)") {
		t.Fatalf("page:\n%s", page)
	}
	if _, err := s.run(t, runSubjects, "export", "--subject", p.ContactID, "--out", jsonFile); err == nil {
		t.Fatal("an existing file was overwritten")
	}
	entries, err := accesslog.ForSubject(context.Background(), a.pool, nil, p.ContactID)
	check(t, err)
	if len(entries) != 2 || entries[1].Via != accesslog.ViaExport || entries[1].StaffID != "dpo-1" {
		t.Fatalf("access log %+v", entries)
	}
}

// A person registered and given a basis on a database whose projectors
// never ran (no read model exists yet) is exported in full: the verb
// brings the read models up to the log before it reads them.
func TestSubjectsExportBeforeAnyProjector(t *testing.T) {
	t.Parallel()
	s := newSetup(t)
	a := s.open(t)
	p := person(t, a, contact.PersonDetails{GivenName: "Frida", FamilyName: "Färskström"})
	basis(t, a, p.ContactID)
	file := filepath.Join(t.TempDir(), "frida.json")
	out, err := s.run(t, runSubjects, "export", "--subject", p.ContactID, "--out", file)
	if err != nil || !strings.Contains(out, "0 matters") {
		t.Fatalf("export: %v\n%s", err, out)
	}
	var pkg subjectexport.Package
	data, err := os.ReadFile(file)
	check(t, err)
	check(t, json.Unmarshal(data, &pkg))
	if pkg.Subject.FamilyName != "Färskström" || len(pkg.Register.Bases) != 1 {
		t.Fatalf("package %+v", pkg)
	}
}

func TestRecipientsFile(t *testing.T) {
	t.Parallel()
	dir := t.TempDir()
	good, bad := filepath.Join(dir, "good.json"), filepath.Join(dir, "bad.json")
	check(t, os.WriteFile(good, []byte(`[{"name": "Molnet AB", "role": "processor", "purpose": "E-post", "country": "SE"}]`), 0o600))
	check(t, os.WriteFile(bad, []byte(`[{"name": "Molnet AB", "role": "friend", "purpose": "E-post"}]`), 0o600))
	if list, err := loadRecipients(good); err != nil || len(list) != 1 || list[0].Country != "SE" {
		t.Fatalf("good file: %+v, %v", list, err)
	}
	if _, err := loadRecipients(bad); err == nil {
		t.Fatal("a recipient without a known role was accepted")
	}
}
