package http_test

import (
	"context"
	"net/http"
	"strings"
	"testing"

	"github.com/chromedp/chromedp"

	"github.com/klient-crm/klient/domain/access"
	"github.com/klient-crm/klient/http/web"
)

// TestBrowserAuditAsOf: an auditor opens a matter's history, which shows
// it as it stands now, then picks an earlier date and time in the "show
// as of" form and sees the matter as it stood then: its earlier title and
// status, and the events up to then only.
func TestBrowserAuditAsOf(t *testing.T) {
	t.Parallel()
	a, base, ctx := browserApp(t)
	m := a.openMatter("Ursprunglig rubrik", a.me.ID, a.createPerson("Britt", "Bläddra"), nil, nil, nil)
	date, clock := moment(t)
	wantStatus(t, a.call(http.MethodPatch, "/api/v1/matters/"+m.ID, `{"title":"Senare rubrik"}`, "If-Match", web.VersionETag(a.getMatter(m.ID).Version)), http.StatusOK)
	auditor := a.member(access.RoleAuditor)
	step(t, ctx, "sign in", // signInBrowser waits for a page an auditor may not open
		chromedp.Navigate(base+"/login"),
		chromedp.WaitVisible(chromedp.CSS(`#email`)),
		chromedp.Click(chromedp.CSS(`.langswitch button[value="en"]`)),
		chromedp.WaitVisible(chromedp.CSS(`.langswitch button[value="en"][aria-current="true"]`)),
		chromedp.SendKeys(chromedp.CSS(`#email`), auditor.Email),
		chromedp.SendKeys(chromedp.CSS(`#password`), testPassword),
		chromedp.Submit(chromedp.CSS(`#password`)),
		chromedp.WaitNotPresent(chromedp.CSS(`#password`)))

	step(t, ctx, "open the matter's history", chromedp.Navigate(base+"/audit/matters/"+m.ID), chromedp.WaitVisible(chromedp.CSS(`#as_of`)))
	want(t, text(t, ctx, "#moment"), "The state now")
	want(t, text(t, ctx, "#title"), "Senare rubrik")
	step(t, ctx, "pick the earlier moment",
		chromedp.SetValue(chromedp.CSS(`#as_of`), date),
		chromedp.SetValue(chromedp.CSS(`#as_of_time`), clock),
		chromedp.Click(chromedp.CSS(`#show-as-of`)),
		chromedp.WaitVisible(chromedp.CSS(`#as_of[value="`+date+`"]`))) // the page the form asked for
	want(t, text(t, ctx, "#moment"), "The state as of "+date+" "+clock)
	want(t, text(t, ctx, "#title"), "Ursprunglig rubrik")
	want(t, text(t, ctx, "#status"), "Intake")
	if n := read(t, ctx, "events", chromedp.Evaluate[int](`document.querySelectorAll("tr.event").length`)); n != 2 {
		t.Errorf("%d events as of then, want 2 (opened, its client)", n)
	}
}

// TestBrowserAuditorReadsNamesNotIDs (issue 12, item 2): an auditor opens
// the audit trail and the access log in Swedish and reads names and
// Swedish words — who, what, whom, which record — and no ID anywhere in
// the page's text; they find a person by typing her name (no script: the
// form posts, the server offers the match), choose her and see her lines.
func TestBrowserAuditorReadsNamesNotIDs(t *testing.T) {
	t.Parallel()
	a, base, ctx := browserApp(t)
	client := a.createPerson("Britta", "Bläddra")
	m := a.openMatter("Bläddras tvist", a.me.ID, client, nil, nil, nil)
	wantStatus(t, a.get("/matters/"+m.ID), http.StatusOK)
	// The trail, and the register the person is found in by her name.
	a.awaitModels("audit_trail", "contacts")
	auditor := a.member(access.RoleAuditor)
	signInAs(t, ctx, base, auditor.Email)
	step(t, ctx, "open the trail", chromedp.Navigate(base+"/audit"), chromedp.WaitVisible(chromedp.CSS(`#trail-form`)))
	step(t, ctx, "in Swedish",
		chromedp.Click(chromedp.CSS(`.langswitch button[value="sv"]`)),
		chromedp.WaitVisible(chromedp.CSS(`.langswitch button[value="sv"][aria-current="true"]`)))
	wantReadable(t, ctx, "the trail", "Granskningsspår", "Ärendet registrerades", "visade ärendet", "Britta Bläddra",
		"Ärende "+m.Number+" Bläddras tvist", "Medarbetare "+a.me.ID[len(a.me.ID)-4:])

	stepAway(t, ctx, "find the person by name",
		chromedp.SendKeys(chromedp.CSS(`#subject_q`), "Bläddra"),
		chromedp.Click(chromedp.CSS(`#subject-find`)))
	waitUntil(t, ctx, "the match offered", `document.querySelector('#subject-matches input[value="`+client+`"]') !== null`)
	if loc := read(t, ctx, "location", chromedp.Location()); loc != base+"/audit" {
		t.Errorf("the search landed on %q: the words must stay out of the URL", loc)
	}
	stepAway(t, ctx, "choose her and search",
		chromedp.Click(chromedp.CSS(`#subject-matches input[value="`+client+`"]`)),
		chromedp.Click(chromedp.CSS(`#search`)))
	waitUntil(t, ctx, "her trail shown", `document.querySelector('#trail') !== null`)
	if loc := read(t, ctx, "location", chromedp.Location()); loc != base+"/audit?subject="+client {
		t.Errorf("the chosen person's trail is at %q", loc)
	}
	wantReadable(t, ctx, "her trail", "Personen registrerades", "Kontakt Britta Bläddra")

	step(t, ctx, "open the access log", chromedp.Navigate(base+"/admin/access-log"), chromedp.WaitVisible(chromedp.CSS(`#accesslog`)))
	wantReadable(t, ctx, "the access log", "Åtkomstlogg", "visade ärendet", "Britta Bläddra", "Medarbetare "+a.me.ID[len(a.me.ID)-4:])
}

// wantReadable checks the text a person sees on the page: every one of
// words, and no ID.
func wantReadable(t *testing.T, ctx context.Context, what string, words ...string) {
	t.Helper()
	text := read(t, ctx, what, chromedp.Evaluate[string](`document.body.innerText`))
	for _, w := range words {
		if !strings.Contains(text, w) {
			t.Errorf("%s lacks %q:\n%s", what, w, text)
		}
	}
	if id := uuidLike.FindString(text); id != "" {
		t.Errorf("%s shows the ID %s:\n%s", what, id, text)
	}
}
