package http_test

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/chromedp/chromedp"

	"github.com/klient-crm/klient/domain/access"
)

// TestBrowserLateralHire: on a phone (390 px) an administrator opens a new
// lawyer's page, follows the lateral-hire link and uploads the lawyer's
// Excel list; a list with a wrong personnummer comes back naming the row,
// with the focus on the summary; the corrected list gives the report, its
// finding on the client's matter linked. Both pages fit the screen and
// axe-core finds nothing serious on them.
func TestBrowserLateralHire(t *testing.T) {
	t.Parallel()
	a, base, ctx := browserApp(t)
	anna := a.createPerson("Anna", "Lindqvist")
	boss := a.member(access.RoleAdmin, access.RoleLawyer)
	m := a.openMatter("Lindqvists bodelning", a.me.ID, anna, nil, []string{boss.ID}, nil)
	hire := a.member(access.RoleLawyer)
	dir := t.TempDir()
	bad, good := filepath.Join(dir, "fel.csv"), filepath.Join(dir, "tidigare.csv")
	must(t, os.WriteFile(bad, lateralList(t, "Anna Lindqvist;811218-9875;;Klient;Bodelning 2024"), 0o600))
	must(t, os.WriteFile(good, lateralList(t, "Anna Lindqvist;;;Klient;Bodelning 2024", "Örjan Öst;;;Motpart;Tvist 2023"), 0o600))
	signInBrowser(t, ctx, base, boss.Email)
	fits := func(page string) {
		t.Helper()
		if problems := read(t, ctx, "the layout", chromedp.Evaluate[[]string](layoutProblemsJS)); len(problems) > 0 {
			t.Errorf("%s at 390 px:\n  %s", page, strings.Join(problems, "\n  "))
		}
		if v := axeViolations(t, ctx); len(v) > 0 {
			t.Errorf("axe-core on %s:\n  %s", page, strings.Join(v, "\n  "))
		}
	}
	step(t, ctx, "open the new lawyer's page at 390 px and follow the link",
		chromedp.EmulateViewport(phoneWidth, phoneHeight, chromedp.EmulateMobile, chromedp.EmulateTouch),
		chromedp.Navigate(base+"/admin/staff/"+hire.ID),
		chromedp.Click(chromedp.CSS(`#lateral-link`)),
		chromedp.WaitVisible(chromedp.CSS(`#file`)))
	fits("the lateral-hire page")
	step(t, ctx, "upload a list with a wrong personnummer",
		chromedp.SetUploadFiles(chromedp.CSS(`#file`), []string{bad}),
		chromedp.Click(chromedp.CSS(`#lateral-submit`)),
		chromedp.WaitVisible(chromedp.CSS(`.error-summary`)))
	wantContains(t, text(t, ctx, "#lateral-form"), "Row 2")
	if focused := read(t, ctx, "the focus", chromedp.Evaluate[bool](`document.activeElement.classList.contains('error-summary')`)); !focused {
		t.Error("the refused list does not put the focus on the summary")
	}
	fits("the refused list")
	step(t, ctx, "upload the corrected list",
		chromedp.SetUploadFiles(chromedp.CSS(`#file`), []string{good}),
		chromedp.Click(chromedp.CSS(`#lateral-submit`)),
		chromedp.WaitVisible(chromedp.CSS(`#lateral-report`)))
	wantContains(t, text(t, ctx, "#lateral-summary"), "2 rows were checked.")
	wantContains(t, text(t, ctx, "main"), "Örjan Öst", "Tvist 2023", "Lindqvists bodelning")
	if n := read(t, ctx, "the finding's link", chromedp.Evaluate[int](`document.querySelectorAll('a[href="/matters/`+m.ID+`"]').length`)); n == 0 {
		t.Error("the report does not link the client's matter")
	}
	fits("the report")
}
