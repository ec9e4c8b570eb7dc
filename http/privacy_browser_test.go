package http_test

import (
	"strings"
	"testing"

	"github.com/chromedp/chromedp"
)

// TestBrowserRecordAndWithdrawConsent: a lawyer records a consent on a
// person's page and withdraws it, confirming the question that names
// the person; the consent's history shows both, and the consent is no
// longer active.
func TestBrowserRecordAndWithdrawConsent(t *testing.T) {
	t.Parallel()
	a, base, ctx := browserApp(t)
	id := a.createPerson("Stina", "Samtyckesdotter")
	signInBrowser(t, ctx, base, a.me.Email)
	step(t, ctx, "open the person's page",
		chromedp.Navigate(base+"/contacts/"+id), chromedp.WaitVisible(chromedp.CSS(`#privacy`)))
	want(t, text(t, ctx, "#privacy-title"), "Data protection")
	step(t, ctx, "record a consent",
		chromedp.Click(chromedp.CSS(`#consent-new`)),
		chromedp.WaitVisible(chromedp.CSS(`#consent-scope`)),
		chromedp.SetValue(chromedp.CSS(`#consent-purpose`), "marketing"),
		chromedp.SetValue(chromedp.CSS(`#consent-how`), "form"),
		chromedp.SendKeys(chromedp.CSS(`#consent-scope`), "Nyhetsbrev om arbetsrätt"),
		chromedp.SendKeys(chromedp.CSS(`#consent-where`), "Seminarieanmälan"),
		chromedp.Click(chromedp.CSS(`#consent-save`)),
		chromedp.WaitVisible(chromedp.CSS(`#consents button.withdraw`)))
	want(t, text(t, ctx, ".alert.info"), "The consent is recorded.")
	if row := text(t, ctx, "#consents tbody tr"); !strings.Contains(row, "Nyhetsbrev om arbetsrätt") || !strings.Contains(row, "Given ") {
		t.Errorf("the new consent's row: %q", row)
	}
	step(t, ctx, "withdraw it, confirming",
		chromedp.Click(chromedp.CSS(`#consents button.withdraw`)),
		chromedp.WaitVisible(chromedp.CSS(`#confirm-yes`)))
	if q := text(t, ctx, "#confirm-question"); !strings.Contains(q, "Stina Samtyckesdotter") {
		t.Errorf("the question %q does not name the person", q)
	}
	step(t, ctx, "confirm the withdrawal",
		chromedp.Click(chromedp.CSS(`#confirm-yes`)),
		chromedp.WaitVisible(chromedp.CSS(`.consent-history li:nth-child(2)`)))
	want(t, text(t, ctx, ".alert.info"), "The consent is withdrawn.")
	if h := text(t, ctx, ".consent-history li:nth-child(2)"); !strings.Contains(h, "Withdrawn") || !strings.Contains(h, "recorded by staff") {
		t.Errorf("the history after withdrawing: %q", h)
	}
	want(t, text(t, ctx, "#consents .badge"), "Withdrawn")
	step(t, ctx, "no withdraw button is left", chromedp.WaitNotPresent(chromedp.CSS(`#consents button.withdraw`)))
	if c := a.privacyOfContact(id).Consents; len(c) != 1 || c[0].Active {
		t.Errorf("the register after the browser: %+v", c)
	}
}
