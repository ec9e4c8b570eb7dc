package http_test

import (
	"strings"
	"testing"

	"github.com/chromedp/chromedp"

	"github.com/klient-crm/klient/domain/access"
	gdprmodel "github.com/klient-crm/klient/projections/gdpr"
)

// TestBrowserDPOErasesAPerson: the DPO opens the data-protection start
// page, registers an erasure request for a person found inside the form,
// with the identity check, approves it and reads the certificate, which
// names the person by pseudonym only.
func TestBrowserDPOErasesAPerson(t *testing.T) {
	t.Parallel()
	a, base, ctx := browserApp(t)
	person := a.createPerson("Karin", "Demosson")
	officer := a.member(access.RoleDPO)
	signInBrowser(t, ctx, base, officer.Email)

	step(t, ctx, "open the register of requests", chromedp.Navigate(base+"/gdpr"), chromedp.WaitVisible(chromedp.CSS(`#new-request`)))
	want(t, text(t, ctx, "h1"), "Data protection")
	step(t, ctx, "find the person inside the form",
		chromedp.Click(chromedp.CSS(`#new-request`)),
		chromedp.WaitVisible(chromedp.CSS(`#subject_q`)),
		chromedp.SendKeys(chromedp.CSS(`#subject_q`), "Demosson"),
		chromedp.Click(chromedp.CSS(`#subject-search`)),
		chromedp.WaitVisible(chromedp.CSS(`input[name="subject_id"][value="`+person+`"]`)))
	step(t, ctx, "register the erasure request",
		chromedp.Click(chromedp.CSS(`input[name="subject_id"][value="`+person+`"]`)),
		chromedp.SetValue(chromedp.CSS(`#kind`), "erasure"),
		chromedp.SetValue(chromedp.CSS(`#channel`), "letter"),
		chromedp.SendKeys(chromedp.CSS(`#how`), "BankID"),
		chromedp.Click(chromedp.CSS(`#register-request`)),
		chromedp.WaitVisible(chromedp.CSS(`#approve-erasure`)))
	want(t, text(t, ctx, ".alert.info"), "The request is registered.")
	step(t, ctx, "approve and erase, confirming",
		chromedp.Click(chromedp.CSS(`#approve-erasure`)),
		chromedp.WaitVisible(chromedp.CSS(`#confirm-yes`)),
		chromedp.Click(chromedp.CSS(`#confirm-yes`)),
		chromedp.WaitVisible(chromedp.CSS(`#certificate-subject`)))
	want(t, text(t, ctx, "h1"), "Erasure certificate")
	want(t, text(t, ctx, "#certificate-subject"), gdprmodel.SubjectHash(person))
	if page := text(t, ctx, "main"); strings.Contains(page, "Demosson") || !strings.Contains(page, "Verified.") {
		t.Errorf("the certificate page reads %q", page)
	}
}
