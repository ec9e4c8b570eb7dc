package i18n

import (
	"io/fs"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
)

// codeLiteral finds catalogue codes written whole (WithCode("contact.x"),
// Code: "contact.x", const c = "contact.x"); helperCall finds the domain's
// per-number helpers, which build "contact.<number>.<what>".
var (
	codeLiteral = regexp.MustCompile(`"((?:contact|auth|matter|work|communication|gdpr|access|subject|projections)\.[a-z_]+(?:\.[a-z_]+)*)"`)
	helperCall  = regexp.MustCompile(`\b(personnummer|organisationsnummer)Error\("([a-z_]+)"`)
)

// TestEveryDomainCodeIsInTheCatalogue reads the source of every package whose
// errors reach the edge
// for the codes they carry, so a new rule cannot ship untranslated.
func TestEveryDomainCodeIsInTheCatalogue(t *testing.T) {
	t.Parallel()
	codes := map[string]string{}
	for _, dir := range []string{"../../domain", "../../commands", "../../eventstore", "../../projections", "../../crypto"} {
		err := filepath.WalkDir(dir, func(path string, d fs.DirEntry, err error) error {
			if err != nil || d.IsDir() || !strings.HasSuffix(path, ".go") || strings.HasSuffix(path, "_test.go") {
				return err
			}
			src, err := os.ReadFile(path)
			for _, m := range codeLiteral.FindAllStringSubmatch(string(src), -1) {
				codes[m[1]] = path
			}
			for _, m := range helperCall.FindAllStringSubmatch(string(src), -1) {
				codes["contact."+m[1]+"."+m[2]] = path
			}
			return err
		})
		if err != nil && !os.IsNotExist(err) {
			t.Fatal(err)
		}
	}
	if len(codes) == 0 {
		t.Fatal("found no domain codes at all: has the source moved?")
	}
	for code, path := range codes {
		if !Has(code) {
			t.Errorf("%s uses code %q, which the catalogue lacks", path, code)
		}
	}
}
