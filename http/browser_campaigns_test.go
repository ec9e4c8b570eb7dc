package http_test

import (
	"html"
	"net/http"
	"net/url"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/chromedp"

	"github.com/klient-crm/klient/domain/access"
	klienthttp "github.com/klient-crm/klient/http"
)

// TestBrowserCampaignToExistingClients (issue 15): where the firm has
// chosen it, the marketing member ticks *existing clients* on a phone
// (390 px), previews — the count says how many rest on a consent and how
// many on legitimate interest, and names the client — and sends; the
// campaign's report counts the existing clients. axe-core finds nothing
// on the form with its preview, and nothing passes the window's edge.
func TestBrowserCampaignToExistingClients(t *testing.T) {
	t.Parallel()
	a, base, ctx := browserAppWith(t, func(d *klienthttp.Deps) { d.People.Campaigns.ClientMonths = 24 })
	marketer := a.member(access.RoleMarketing)
	rec := a.call(http.MethodPost, "/api/v1/contacts", `{"kind":"person","details":{"given_name":"Klara","family_name":"Klient",`+
		`"emails":[{"address":"klara@example.se"}]}}`)
	wantStatus(t, rec, http.StatusCreated)
	m := a.openMatter("Klient ./. Bolaget AB", a.me.ID, between(rec.Body.String(), `"id":"`, `"`), nil, nil, nil)
	a.clearAndOpen(m.ID, "clear", "")
	session := a.as(a.signIn(marketer.ID))
	form := url.Values{"name": {"Nyhetsbrev"}, "purpose": {"marketing"}, "subject": {"Nytt om arbetsrätten"},
		"body": {"Hej!"}, "existing_clients": {"on"}}
	for deadline := time.Now().Add(20 * time.Second); ; time.Sleep(50 * time.Millisecond) { // the matter reaches the read model
		if page := html.UnescapeString(session.post("/campaigns/preview", form).Body.String()); strings.Contains(page, "Klara Klient") ||
			time.Now().After(deadline) {
			break
		}
	}

	signInBrowser(t, ctx, base, marketer.Email)
	step(t, ctx, "open the campaigns at 390 px", chromedp.EmulateViewport(phoneWidth, phoneHeight, chromedp.EmulateMobile, chromedp.EmulateTouch),
		chromedp.Navigate(base+"/campaigns"), chromedp.WaitVisible(chromedp.CSS(`#existing_clients`)))
	wantContains(t, text(t, ctx, "#campaign-form"), "Include existing clients (legitimate interest)", "closed in the last 24 months")
	step(t, ctx, "write the campaign and preview it with existing clients",
		chromedp.SendKeys(chromedp.CSS(`#name`), "Nyhetsbrev"),
		chromedp.SendKeys(chromedp.CSS(`#subject`), "Nytt om arbetsrätten"),
		chromedp.SendKeys(chromedp.CSS(`#body`), "Hej! Här är höstens nyheter."),
		chromedp.Click(chromedp.CSS(`#existing_clients`)),
		chromedp.Click(chromedp.CSS(`#campaign-preview`)), chromedp.WaitVisible(chromedp.CSS(`#campaign-count`)))
	want(t, text(t, ctx, "#campaign-count"), "1 recipients: 0 with an active consent and 1 existing clients without a consent (legitimate interest).")
	wantContains(t, text(t, ctx, "main"), "Klara Klient")
	if problems := read(t, ctx, "the layout", chromedp.Evaluate[[]string](layoutProblemsJS)); len(problems) > 0 {
		t.Errorf("the preview at 390 px:\n  %s", strings.Join(problems, "\n  "))
	}
	if v := axeViolations(t, ctx); len(v) > 0 {
		t.Errorf("axe-core on the preview:\n  %s", strings.Join(v, "\n  "))
	}
	step(t, ctx, "send it", chromedp.Click(chromedp.CSS(`#campaign-submit`)), chromedp.WaitVisible(chromedp.CSS(`#count-clients`)))
	want(t, text(t, ctx, "#count-clients"), "1")
}
