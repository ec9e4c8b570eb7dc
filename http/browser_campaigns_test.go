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

// TestBrowserScheduleAndCancelCampaign (issue 15, "schedule or send"):
// on a phone (390 px) the marketing member writes a campaign, gives a
// date and a time to send it, previews — the button says when — and
// schedules it; the campaign's page says it waits and offers to cancel
// it, which asks first naming it (Avbryt leaves it waiting), then cancels
// it. axe-core finds nothing on the form, the waiting campaign's page or
// the question, and nothing passes the window's edge.
func TestBrowserScheduleAndCancelCampaign(t *testing.T) {
	t.Parallel()
	a, base, ctx := browserAppWith(t, func(d *klienthttp.Deps) { d.People.Campaigns.PublicURL = "https://klient.example.se" })
	marketer := a.member(access.RoleMarketing)
	rec := a.call(http.MethodPost, "/api/v1/contacts", `{"kind":"person","details":{"given_name":"Ulla","family_name":"Utskick",`+
		`"emails":[{"address":"ulla@example.se"}]}}`)
	wantStatus(t, rec, http.StatusCreated)
	a.giveConsent(between(rec.Body.String(), `"id":"`, `"`), "marketing")
	day := time.Now().AddDate(0, 0, 3).Format("2006-01-02")
	check := func(what string) {
		t.Helper()
		if problems := read(t, ctx, "the layout", chromedp.Evaluate[[]string](layoutProblemsJS)); len(problems) > 0 {
			t.Errorf("%s at 390 px:\n  %s", what, strings.Join(problems, "\n  "))
		}
		if v := axeViolations(t, ctx); len(v) > 0 {
			t.Errorf("axe-core on %s:\n  %s", what, strings.Join(v, "\n  "))
		}
	}

	signInBrowser(t, ctx, base, marketer.Email)
	step(t, ctx, "open the campaigns at 390 px", chromedp.EmulateViewport(phoneWidth, phoneHeight, chromedp.EmulateMobile, chromedp.EmulateTouch),
		chromedp.Navigate(base+"/campaigns"), chromedp.WaitVisible(chromedp.CSS(`#send_date`)))
	check("the form")
	for deadline := time.Now().Add(20 * time.Second); ; time.Sleep(100 * time.Millisecond) { // the consent reaches the register
		step(t, ctx, "write the campaign with a time and preview it",
			chromedp.Navigate(base+"/campaigns"), chromedp.WaitVisible(chromedp.CSS(`#send_date`)),
			chromedp.SendKeys(chromedp.CSS(`#name`), "Julbrev"),
			chromedp.SendKeys(chromedp.CSS(`#subject`), "God jul"),
			chromedp.SendKeys(chromedp.CSS(`#body`), "Hej! God jul önskar byrån."),
			chromedp.SetValue(chromedp.CSS(`#send_date`), day), chromedp.SetValue(chromedp.CSS(`#send_time`), "09:30"),
			chromedp.Click(chromedp.CSS(`#campaign-preview`)), chromedp.WaitVisible(chromedp.CSS(`main`)))
		if ok := read(t, ctx, "the preview", chromedp.Evaluate[bool](`!!document.querySelector("#campaign-submit")`)); ok || time.Now().After(deadline) {
			break
		}
	}
	want(t, text(t, ctx, "#campaign-submit"), "Schedule for "+day+" 09:30")
	step(t, ctx, "schedule it", chromedp.Click(chromedp.CSS(`#campaign-submit`)), chromedp.WaitVisible(chromedp.CSS(`#campaign-status`)))
	wantContains(t, text(t, ctx, "#campaign-status"), "Scheduled to be sent "+day+" 09:30")
	check("the scheduled campaign")
	page := read(t, ctx, "location", chromedp.Location())
	back := page[strings.Index(page, "/campaigns/"):]
	confirmInBrowser(t, ctx, `#campaign-cancel button`, back, func() {
		wantContains(t, html.UnescapeString(a.as(a.signIn(marketer.ID)).get(back).Body.String()), "Schemalagd att skickas")
	}, "Julbrev", day+" 09:30")
	step(t, ctx, "cancelled", chromedp.WaitVisible(chromedp.CSS(`#campaign-status`)))
	wantContains(t, text(t, ctx, "#campaign-status"), "Cancelled.")
}
