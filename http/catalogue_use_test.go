package http_test

import (
	"io/fs"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"

	"github.com/klient-crm/klient/domain/access"
	"github.com/klient-crm/klient/http/i18n"
	"github.com/klient-crm/klient/http/web"
)

// tCall finds {{t "key"}} and (t "key" …) in templates.
var tCall = regexp.MustCompile(`\bt\s+"([^"]+)"`)

func TestEveryTemplateKeyIsInTheCatalogue(t *testing.T) {
	t.Parallel()
	used := 0
	err := fs.WalkDir(web.TemplateFS, "templates", func(path string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		src, err := fs.ReadFile(web.TemplateFS, path)
		for _, m := range tCall.FindAllStringSubmatch(string(src), -1) {
			used++
			if !i18n.Has(m[1]) {
				t.Errorf("%s uses %q, which the catalogue lacks", path, m[1])
			}
		}
		return err
	})
	if err != nil || used == 0 {
		t.Fatalf("walked templates: %v, %d keys", err, used)
	}
}

// keyLiteral finds catalogue keys written in Go handlers and views.
var keyLiteral = regexp.MustCompile(`"((?:problem|request|contacts?|form|common|nav|lang|layout|error|app|login|account|staff|tokens|walls?|accesslog|role|auth|matters|comms|docs|tasks|deadlines|mywork|calendar|casework|history)\.[a-z_]+(?:\.[a-z_]+)*)"`)

func TestEveryKeyInGoCodeIsInTheCatalogue(t *testing.T) {
	t.Parallel()
	files, _ := filepath.Glob("*.go")
	for _, f := range files {
		if strings.HasSuffix(f, "_test.go") {
			continue
		}
		src, err := os.ReadFile(f)
		if err != nil {
			t.Fatal(err)
		}
		for _, m := range keyLiteral.FindAllStringSubmatch(string(src), -1) {
			if !i18n.Has(m[1]) && !strings.HasSuffix(m[1], ".") {
				t.Errorf("%s uses %q, which the catalogue lacks", f, m[1])
			}
		}
	}
}

// TestEveryRoleHasAName: templates name roles with (print "role." .),
// which the scans above cannot see.
func TestEveryRoleHasAName(t *testing.T) {
	t.Parallel()
	for _, r := range access.Roles {
		if !i18n.Has("role." + string(r)) {
			t.Errorf("the catalogue lacks role.%s", r)
		}
	}
}

// TestTemplatesHoldNoInlineStyleOrScript: the CSP allows script and style
// from /static only, so a template may load a script (<script src=…>) but
// hold none, nor any style or event handler.
func TestTemplatesHoldNoInlineStyleOrScript(t *testing.T) {
	t.Parallel()
	inline := regexp.MustCompile(`(?i)<style|\sstyle=|\son[a-z]+=`)
	script := regexp.MustCompile(`(?i)<script\b([^>]*)>(</script>)?`)
	_ = fs.WalkDir(web.TemplateFS, "templates", func(path string, d fs.DirEntry, err error) error {
		if err == nil && !d.IsDir() {
			src, _ := fs.ReadFile(web.TemplateFS, path)
			if loc := inline.FindIndex(src); loc != nil {
				t.Errorf("%s has inline style at byte %d (the CSP blocks it)", path, loc[0])
			}
			for _, m := range script.FindAllSubmatchIndex(src, -1) {
				if !strings.Contains(string(src[m[2]:m[3]]), `src="{{static `) || m[4] < 0 {
					t.Errorf("%s has an inline script at byte %d (the CSP blocks it)", path, m[0])
				}
			}
		}
		return err
	})
}
