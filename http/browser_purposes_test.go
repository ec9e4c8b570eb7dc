package http_test

import (
	"net/http"
	"strings"
	"testing"

	"github.com/chromedp/chromedp"

	"github.com/klient-crm/klient/domain/access"
	gdprmodel "github.com/klient-crm/klient/projections/gdpr"
)

// TestBrowserDPOErasesAnAccessPurpose: a purpose typed while reading
// Klara named Zoltrix; after Zoltrix's erasure the DPO opens it from the
// certificate, reads it, is asked first ("Avbryt" leaves it readable),
// confirms, and is back on the certificate, which says so. The mention's
// page passes axe-core and fits 390 px.
func TestBrowserDPOErasesAnAccessPurpose(t *testing.T) {
	t.Parallel()
	a, base, ctx := browserApp(t)
	officer := a.member(access.RoleDPO)
	dpo := a.as(a.signIn(officer.ID))
	person := a.createPerson("Zoltrix", "Kvarnbäckström")
	klara := a.createPerson("Klara", "Klient")
	const naming = "ringde om Zoltrix Kvarnbäckströms bouppteckning"
	wantStatus(t, a.call(http.MethodGet, "/api/v1/contacts/"+klara, "", "Klient-Purpose", naming), http.StatusOK)
	erasure := dpo.eraseNow(t, person)
	cert := decode[gdprmodel.ErasureCertificate](t, dpo.call(http.MethodGet, "/api/v1/erasures/"+erasure+"/certificate", ""))
	if len(cert.Mentions) != 1 {
		t.Fatalf("the certificate lists %+v", cert.Mentions)
	}
	entry := cert.Mentions[0].EntryID
	certificate := "/gdpr/erasures/" + erasure
	mention := certificate + "/mentions/" + entry
	signInBrowser(t, ctx, base, officer.Email)

	step(t, ctx, "open the certificate", chromedp.Navigate(base+certificate), chromedp.WaitVisible(chromedp.CSS(`#mention-`+entry)))
	wantContains(t, text(t, ctx, "#mention-"+entry), "Purpose in the access log", "No matter", "name")
	step(t, ctx, "review the purpose",
		chromedp.Click(chromedp.CSS(`#mention-`+entry+` a[href="`+mention+`"]`)), chromedp.WaitVisible(chromedp.CSS(`#redact-form`)))
	want(t, text(t, ctx, "#mention-purpose"), naming)
	if v := axeViolations(t, ctx); len(v) > 0 {
		t.Errorf("axe-core on the purpose's page:\n  %s", strings.Join(v, "\n  "))
	}
	step(t, ctx, "at 390 px", chromedp.EmulateViewport(phoneWidth, phoneHeight, chromedp.EmulateMobile, chromedp.EmulateTouch),
		chromedp.Navigate(base+mention), chromedp.WaitVisible(chromedp.CSS(`#redact-form`)))
	if problems := read(t, ctx, "the layout", chromedp.Evaluate[[]string](layoutProblemsJS)); len(problems) > 0 {
		t.Errorf("the purpose's page at 390 px:\n  %s", strings.Join(problems, "\n  "))
	}

	confirmInBrowser(t, ctx, `#redact-form button[type="submit"]`, mention, func() {
		wantContains(t, dpo.get(mention).Body.String(), naming)
	})
	step(t, ctx, "back on the certificate", chromedp.WaitVisible(chromedp.CSS(`#mention-redacted`)))
	wantContains(t, text(t, ctx, "#mention-"+entry), "Redacted ")
	wantContains(t, dpo.get(mention).Body.String(), `id="mention-erased"`)
}
