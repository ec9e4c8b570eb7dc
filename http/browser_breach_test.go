package http_test

import (
	"context"
	"math"
	"regexp"
	"strconv"
	"strings"
	"testing"

	"github.com/chromedp/cdproto/cdp"
	"github.com/chromedp/cdproto/emulation"
	"github.com/chromedp/cdproto/page"
	"github.com/chromedp/chromedp"

	"github.com/klient-crm/klient/domain/access"
)

// TestBrowserBreachFromDiscoveryToPrintedNotification: the DPO records a
// breach from the start page, where its 72-hour clock then runs; assesses
// it with the facts IMY's form asks for; records the notification to IMY,
// confirming; and prints the notification: on paper the menu and forms
// are gone, the page is A4, and axe-core finds nothing on it.
func TestBrowserBreachFromDiscoveryToPrintedNotification(t *testing.T) {
	t.Parallel()
	a, base, ctx := browserApp(t)
	officer := a.member(access.RoleDPO)
	signInBrowser(t, ctx, base, officer.Email)

	step(t, ctx, "record a breach from the start page",
		chromedp.Navigate(base+"/gdpr"), chromedp.WaitVisible(chromedp.CSS(`#home-new-breach`)),
		chromedp.Click(chromedp.CSS(`#home-new-breach`)), chromedp.WaitVisible(chromedp.CSS(`#reference`)),
		chromedp.SendKeys(chromedp.CSS(`#reference`), "INC-2026-12"),
		chromedp.SendKeys(chromedp.CSS(`#summary`), "A list of clients was e-mailed to the wrong recipient."),
		chromedp.Click(chromedp.CSS(`#record-breach`)), chromedp.WaitVisible(chromedp.CSS(`#assessment-form`)))
	want(t, text(t, ctx, ".alert.info"), "The breach is recorded and its 72-hour clock is running.")
	want(t, text(t, ctx, "h1"), "Breach INC-2026-12")
	wantContains(t, text(t, ctx, "#breach-clock"), "71 hours left")

	step(t, ctx, "see the clock on the start page",
		chromedp.Navigate(base+"/gdpr"), chromedp.WaitVisible(chromedp.CSS(`#breach-clocks`)))
	wantContains(t, text(t, ctx, "#breach-clocks"), "INC-2026-12", "71 hours left")

	step(t, ctx, "assess it",
		chromedp.Click(chromedp.CSS(`#breach-clocks a.button`)), chromedp.WaitVisible(chromedp.CSS(`#assessment-form`)),
		chromedp.Click(chromedp.CSS(`input[name="nature"][value="confidentiality"]`)),
		chromedp.SetValue(chromedp.CSS(`#severity`), "risk"),
		chromedp.SendKeys(chromedp.CSS(`#subject_categories`), "Clients"),
		chromedp.SendKeys(chromedp.CSS(`#subjects_approx`), "40"),
		chromedp.SendKeys(chromedp.CSS(`#data_categories`), "Names and postal addresses"),
		chromedp.SendKeys(chromedp.CSS(`#records_approx`), "40"),
		chromedp.SendKeys(chromedp.CSS(`#consequences`), "Someone outside the firm may have read names and addresses."),
		chromedp.SendKeys(chromedp.CSS(`#measures_taken`), "The recipient confirmed the e-mail was deleted."),
		chromedp.Click(chromedp.CSS(`#assess`)), chromedp.WaitVisible(chromedp.CSS(`#report-form`)))
	want(t, text(t, ctx, ".alert.info"), "The assessment is saved.")

	step(t, ctx, "record the notification to IMY, confirming",
		chromedp.SendKeys(chromedp.CSS(`#report-imy`), "DI-2026-4711"),
		chromedp.Click(chromedp.CSS(`#report`)), chromedp.WaitVisible(chromedp.CSS(`#confirm-yes`)))
	wantContains(t, text(t, ctx, "main"), "Record that breach INC-2026-12 was reported to IMY?")
	step(t, ctx, "confirm", chromedp.Click(chromedp.CSS(`#confirm-yes`)), chromedp.WaitVisible(chromedp.CSS(`#supplement-form`)))
	wantContains(t, text(t, ctx, "#breach-clock"), "Reported to IMY", "DI-2026-4711")

	step(t, ctx, "open the notification for printing",
		chromedp.Click(chromedp.CSS(`#notification-link`)), chromedp.WaitVisible(chromedp.CSS(`#notification`)))
	wantContains(t, text(t, ctx, "#notification"), "Notification of a personal-data breach", "Testbyrån AB", "INC-2026-12",
		"DI-2026-4711", "Confidentiality", "Clients", "Names and postal addresses", "A risk", "The recipient confirmed the e-mail was deleted.")
	if v := axeViolations(t, ctx); len(v) > 0 {
		t.Errorf("axe-core on the notification:\n  %s", strings.Join(v, "\n  "))
	}
	step(t, ctx, "print it", chromedp.Func(func(ctx context.Context, tg *chromedp.Target) error {
		_, err := cdp.Call(ctx, tg, emulation.SetEmulatedMedia, emulation.SetEmulatedMediaParams{Media: "print"})
		return err
	}))
	if shown := read(t, ctx, "the menu on paper", chromedp.Evaluate[bool](`document.querySelector('.topbar').checkVisibility()`)); shown {
		t.Error("the printed notification carries the menu")
	}
	var pdf []byte
	prefer := true
	step(t, ctx, "print to PDF", chromedp.Func(func(ctx context.Context, tg *chromedp.Target) error {
		res, err := cdp.Call(ctx, tg, page.PrintToPDF, page.PrintToPDFParams{PreferCSSPageSize: &prefer})
		pdf = res.Data
		return err
	}))
	// A4 is 210 × 297 mm: 595.28 × 841.89 PostScript points (Chromium
	// rounds through CSS pixels, so within a point).
	box := regexp.MustCompile(`/MediaBox \[0 0 ([\d.]+) ([\d.]+)\]`).FindSubmatch(pdf)
	if box == nil {
		t.Fatal("the PDF has no MediaBox")
	}
	w, _ := strconv.ParseFloat(string(box[1]), 64)
	h, _ := strconv.ParseFloat(string(box[2]), 64)
	if math.Abs(w-595.28) > 1 || math.Abs(h-841.89) > 1 {
		t.Errorf("the printed page is %.2f × %.2f points, want A4 (595.28 × 841.89)", w, h)
	}
}

// TestBrowserPublicNoticeWithoutSignIn: once the DPO has saved the record
// of processing, anyone reads the information page without signing in:
// at 390 px nothing passes the window's edge, and axe-core finds nothing.
func TestBrowserPublicNoticeWithoutSignIn(t *testing.T) {
	t.Parallel()
	a, base, ctx := browserApp(t)
	dpo := a.as(a.signIn(a.member(access.RoleDPO).ID))
	rec := dpo.call("PUT", "/api/v1/processing-record", `{"controller_name":"Testbyrån AB","organisation_number":"556677-8899",
		"controller_address":"Storgatan 1, 111 22 Stockholm","dpo_contact":"dataskydd@testbyran.example","purposes":"Klientrelation: avtal",
		"subject_categories":"Klienter","data_categories":"Namn","recipients":"Domstolar","transfers":"Inga","retention":"Tio år",
		"measures":"Kryptering per person"}`)
	wantStatus(t, rec, 200)
	step(t, ctx, "open the information page at 390 px, signed out",
		chromedp.EmulateViewport(phoneWidth, phoneHeight, chromedp.EmulateMobile, chromedp.EmulateTouch),
		chromedp.Navigate(base+"/privacy-notice"), chromedp.WaitVisible(chromedp.CSS(`#privacy-notice`)))
	want(t, text(t, ctx, "h1"), "Så behandlar vi dina personuppgifter")
	wantContains(t, text(t, ctx, "#privacy-notice"), "Testbyrån AB", "dataskydd@testbyran.example", "Klientrelation: avtal")
	if problems := read(t, ctx, "the layout", chromedp.Evaluate[[]string](layoutProblemsJS)); len(problems) > 0 {
		t.Errorf("the information page at 390 px:\n  %s", strings.Join(problems, "\n  "))
	}
	if v := axeViolations(t, ctx); len(v) > 0 {
		t.Errorf("axe-core on the information page:\n  %s", strings.Join(v, "\n  "))
	}
}
