package http_test

import (
	"net/http"
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
