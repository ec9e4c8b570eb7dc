package http_test

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/chromedp/chromedp"
)

// TestBrowserImportContacts: a lawyer imports an Excel list (Windows-1252)
// from the contact list: the preview reads å ä ö right, the dry run lists
// the row with a wrong check digit, and after the lawful basis is chosen
// the run's progress bar fills and the new contact is in the list.
func TestBrowserImportContacts(t *testing.T) {
	t.Parallel()
	a, base, ctx := browserApp(t)
	file := filepath.Join(t.TempDir(), "klienter.csv")
	must(t, os.WriteFile(file, excelImport(t, "Åsa;Öberg;19811218-9876;asa@example.se;070-111 22 33",
		"Lena;Falk;19811218-9875;lena@example.se;"), 0o600))
	signInBrowser(t, ctx, base, a.me.Email)
	step(t, ctx, "open the import from the contact list",
		chromedp.Navigate(base+"/contacts"),
		chromedp.Click(chromedp.CSS(`#import-link`)),
		chromedp.WaitVisible(chromedp.CSS(`#file`)))
	step(t, ctx, "upload the file",
		chromedp.SetUploadFiles(chromedp.CSS(`#file`), []string{file}),
		chromedp.Click(chromedp.CSS(`#upload-submit`)),
		chromedp.WaitVisible(chromedp.CSS(`#dry-counts`)))
	if counts := text(t, ctx, "#dry-counts"); !strings.Contains(counts, "1 new contacts") || !strings.Contains(counts, "1 rows with errors") {
		t.Errorf("the dry run's counts: %q", counts)
	}
	if preview := text(t, ctx, "table"); !strings.Contains(preview, "Åsa") || !strings.Contains(preview, "Öberg") {
		t.Errorf("the preview: %q", preview)
	}
	if rows := text(t, ctx, "form[action$='/run'] table"); !strings.Contains(rows, "The personnummer's check digit is wrong.") {
		t.Errorf("the row to look at: %q", rows)
	}
	step(t, ctx, "choose the lawful basis and import",
		chromedp.SetValue(chromedp.CSS(`#basis`), "contract"),
		chromedp.SetValue(chromedp.CSS(`#purpose`), "client_relationship"),
		chromedp.Click(chromedp.CSS(`#run-submit`)),
		chromedp.WaitVisible(chromedp.CSS(`#run-counts`)))
	want(t, text(t, ctx, "#run-title"), "The import is done")
	progress := read(t, ctx, "the progress bar", chromedp.Evaluate[string](
		`(p => p.value + " of " + p.max)(document.querySelector("#import-progress"))`))
	if progress != "1 of 1" {
		t.Errorf("the progress bar: %s", progress)
	}
	step(t, ctx, "to the contacts",
		chromedp.Click(chromedp.CSS(`#run-counts + p a.primary`)),
		chromedp.WaitVisible(chromedp.CSS(`#q`)))
	if list := text(t, ctx, "table tbody"); !strings.Contains(list, "Åsa Öberg") {
		t.Errorf("the contact list after the import: %q", list)
	}
}
