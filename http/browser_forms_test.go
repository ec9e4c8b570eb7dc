package http_test

import (
	"context"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/chromedp"
)

// TestBrowserRefusedSaveLeadsToTheFields: a refused save puts the focus on
// the error summary at the top of the form (not on the top of the page),
// and the summary links every message to its field; following a link puts
// the cursor in that field (issue 12, item 4). Axe-core finds no serious or
// critical violation on the refused forms. Three forms of three kinds: a
// task (the casework forms), a person (the contact form) and a grant on the
// matter's team panel (a form sent without a choice).
func TestBrowserRefusedSaveLeadsToTheFields(t *testing.T) {
	t.Parallel()
	a, base, _ := browserApp(t)
	m := a.openMatter("Fokusärende", a.me.ID, a.createPerson("Fia", "Fokus"), nil, nil, nil)
	ctx := browserFor(t, 2*time.Minute)
	signInAs(t, ctx, base, a.me.Email)

	step(t, ctx, "send the task form without a title or a date",
		chromedp.Navigate(base+"/work"), chromedp.WaitVisible(chromedp.CSS(`#task-form`)),
		chromedp.Click(chromedp.CSS(`#task-form button[type="submit"]`)),
		chromedp.WaitVisible(chromedp.CSS(`.error-summary`)))
	summaryLeadsToFields(t, ctx, "the task form", "task-title", "due")

	step(t, ctx, "send an empty new person",
		chromedp.Navigate(base+"/contacts/new?kind=person"), chromedp.WaitVisible(chromedp.CSS(`#given_name`)),
		chromedp.Click(chromedp.CSS(`form.panel button.primary`)),
		chromedp.WaitVisible(chromedp.CSS(`.error-summary`)))
	summaryLeadsToFields(t, ctx, "the contact form", "given_name", "family_name")

	step(t, ctx, "grant access to nobody",
		chromedp.Navigate(base+"/matters/"+m.ID), chromedp.WaitVisible(chromedp.CSS(`#grant-staff`)),
		chromedp.Click(chromedp.CSS(`form[action$="/grants"] button`)),
		chromedp.WaitVisible(chromedp.CSS(`.error-summary`)))
	summaryLeadsToFields(t, ctx, "the grant form", "grant-staff")
}

// summaryLeadsToFields wants the focus on the error summary, one link per
// message, naming its field, whose target is on the page (and, for a
// field's message, says the same), and the fields named by fieldIDs (in
// this order) reached by following the links.
func summaryLeadsToFields(t *testing.T, ctx context.Context, form string, fieldIDs ...string) {
	t.Helper()
	if focus := read(t, ctx, "the focus", chromedp.Evaluate[string](`document.activeElement.className`)); !strings.Contains(focus, "error-summary") {
		t.Errorf("%s refused: the focus is on %q, want the error summary", form, focus)
	}
	if first := read(t, ctx, "the first link", chromedp.Text(chromedp.CSS(`.error-summary li a`))); !strings.Contains(first, ": ") {
		t.Errorf("%s: the summary's first entry %q does not name its field", form, first)
	}
	links := read(t, ctx, "the summary's links", chromedp.Evaluate[[]map[string]string](`[...document.querySelectorAll('.error-summary a')].map(a => {
	  const target = document.getElementById(decodeURIComponent(a.hash.slice(1)));
	  return {href: a.getAttribute('href'), text: a.textContent.trim(), target: target ? target.textContent.trim() || target.id : ''};
	})`))
	if len(links) < len(fieldIDs) {
		t.Fatalf("%s refused: the summary links %v, want one per message (at least %d)", form, links, len(fieldIDs))
	}
	for _, l := range links {
		if l["target"] == "" || (strings.HasPrefix(l["href"], "#error-") && !strings.HasSuffix(l["text"], ": "+l["target"])) {
			t.Errorf("%s: the summary's link %q (%q) leads to %q", form, l["href"], l["text"], l["target"])
		}
	}
	for i, id := range fieldIDs {
		step(t, ctx, "follow the summary's link "+links[i]["href"], chromedp.Click(chromedp.CSS(`.error-summary li:nth-child(`+strconv.Itoa(i+1)+`) a`)))
		if got := read(t, ctx, "the focus", chromedp.Evaluate[string](`document.activeElement.id`)); got != id {
			t.Errorf("%s: the summary's link %q put the focus on %q, want #%s", form, links[i]["href"], got, id)
		}
	}
	if v := axeViolations(t, ctx); len(v) > 0 {
		t.Errorf("axe-core on %s refused:\n  %s", form, strings.Join(v, "\n  "))
	}
}
