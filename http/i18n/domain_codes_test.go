package i18n

import (
	"io/fs"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
)

// How source gives an error its catalogue code: a literal (WithCode("x"),
// Code: "x"), a named constant (WithCode(stale), Code = changedMeanwhile,
// resolved in the same file), or the domain's per-number helpers, which
// build "contact.<number>.<what>".
var (
	codeLiteral = regexp.MustCompile(`(?:WithCode\(|Code\s*[:=]\s*)"([a-z_]+(?:\.[a-z_]+)+)"`)
	codeIdent   = regexp.MustCompile(`(?:WithCode\(|Code\s*[:=]\s*)([A-Za-z_]\w*)\b`)
	helperCall  = regexp.MustCompile(`\b(personnummer|organisationsnummer)Error\("([a-z_]+)"`)
)

// TestEveryDomainCodeIsInTheCatalogue reads the source of every package whose
// errors reach the edge for the codes they carry, so a new rule cannot ship
// untranslated.
func TestEveryDomainCodeIsInTheCatalogue(t *testing.T) {
	t.Parallel()
	codes := map[string]string{}
	for _, dir := range []string{"../../domain", "../../commands", "../../eventstore", "../../projections", "../../crypto"} {
		err := filepath.WalkDir(dir, func(path string, d fs.DirEntry, err error) error {
			if err != nil || d.IsDir() || !strings.HasSuffix(path, ".go") || strings.HasSuffix(path, "_test.go") {
				return err
			}
			src, err := os.ReadFile(path)
			for _, code := range codesIn(string(src)) {
				codes[code] = path
			}
			return err
		})
		if err != nil && !os.IsNotExist(err) {
			t.Fatal(err)
		}
	}
	if len(codes) < 20 {
		t.Fatalf("found only %d codes: has the source moved?", len(codes))
	}
	for code, path := range codes {
		if !Has(code) {
			t.Errorf("%s uses code %q, which the catalogue lacks", path, code)
		}
	}
}

func codesIn(src string) []string {
	var out []string
	for _, m := range codeLiteral.FindAllStringSubmatch(src, -1) {
		out = append(out, m[1])
	}
	for _, m := range codeIdent.FindAllStringSubmatch(src, -1) {
		def := regexp.MustCompile(`\b` + m[1] + `\s*=\s*"([a-z_]+(?:\.[a-z_]+)+)"`).FindStringSubmatch(src)
		if def != nil {
			out = append(out, def[1])
		}
	}
	for _, m := range helperCall.FindAllStringSubmatch(src, -1) {
		out = append(out, "contact."+m[1]+"."+m[2])
	}
	return out
}
