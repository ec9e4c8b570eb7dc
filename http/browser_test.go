package http_test

import (
	"errors"
	"net"
	"net/http"
	"os"
	"testing"
	"time"

	"github.com/chromedp/chromedp"

	"github.com/klient-crm/klient/domain/access"
)

// chromiumPath is Debian's Chromium, which `make test` installs.
const chromiumPath = "/usr/bin/chromium"

// TestBrowserRegisterAndFindAPerson drives headless Chromium through the
// real server: an English browser meets the sign-in page in Swedish (the
// README's default), signs in with the form, switches to English and back
// to Swedish, registers a person with the form, finds them with the search
// form, reads the Swedish labels on the way, signs out and finds the
// contact list closed. The browser proves that forms, redirects, the CSP
// and the CSRF check work together as a person meets them.
func TestBrowserRegisterAndFindAPerson(t *testing.T) {
	t.Parallel()
	if _, err := os.Stat(chromiumPath); err != nil {
		t.Fatalf("Chromium is not installed at %s (%v): run `make test`, which installs it", chromiumPath, err)
	}
	a := newApp(t)
	lawyer := a.member(access.RoleLawyer)
	base := serve(t, a.handler)
	ctx := browser(t)

	step(t, ctx, "open the contact list", chromedp.Navigate(base+"/contacts"), chromedp.WaitVisible(chromedp.CSS(`#email`)))
	want(t, text(t, ctx, "h1"), "Logga in") // the browser asks for English; the page speaks Swedish
	step(t, ctx, "sign in",
		chromedp.SendKeys(chromedp.CSS(`#email`), lawyer.Email),
		chromedp.SendKeys(chromedp.CSS(`#password`), testPassword),
		chromedp.Submit(chromedp.CSS(`#password`)),
		chromedp.WaitVisible(chromedp.CSS(`.signout`)))
	want(t, text(t, ctx, "h1"), "Kontakter") // back on the page first asked for
	step(t, ctx, "switch to English",
		chromedp.Click(chromedp.CSS(`.langswitch button[value="en"]`)),
		chromedp.WaitVisible(chromedp.CSS(`.langswitch button[value="en"][aria-current="true"]`)))
	want(t, text(t, ctx, "h1"), "Contacts")
	step(t, ctx, "switch to Swedish",
		chromedp.Click(chromedp.CSS(`.langswitch button[value="sv"]`)),
		chromedp.WaitVisible(chromedp.CSS(`.langswitch button[value="sv"][aria-current="true"]`)))
	want(t, text(t, ctx, "h1"), "Kontakter")
	want(t, read(t, ctx, "background", chromedp.Evaluate[string](`getComputedStyle(document.body).backgroundColor`)),
		"rgb(244, 246, 249)") // the stylesheet loaded under the CSP

	step(t, ctx, "open the new-person form",
		chromedp.Click(chromedp.CSS(`a[href="/contacts/new?kind=person"]`)),
		chromedp.WaitVisible(chromedp.CSS(`#given_name`)))
	want(t, text(t, ctx, `label[for="given_name"]`), "Förnamn")
	want(t, text(t, ctx, `label[for="family_name"]`), "Efternamn")
	want(t, text(t, ctx, `label[for="personnummer"]`), "Personnummer (valfritt)")
	want(t, text(t, ctx, `form.panel button.primary`), "Spara")

	step(t, ctx, "register the person",
		chromedp.SendKeys(chromedp.CSS(`#given_name`), "Märta"),
		chromedp.SendKeys(chromedp.CSS(`#family_name`), "Ögren"),
		chromedp.SendKeys(chromedp.CSS(`#personnummer`), "811218-9876"),
		chromedp.SendKeys(chromedp.CSS(`#emails-0-address`), "marta.ogren@example.se"),
		chromedp.Click(chromedp.CSS(`form.panel button.primary`)),
		chromedp.WaitVisible(chromedp.CSS(`.alert.info`)))
	want(t, text(t, ctx, "h1"), "Märta Ögren")
	want(t, text(t, ctx, ".alert.info"), "Kontakten är registrerad.")

	step(t, ctx, "search for the person",
		chromedp.Navigate(base+"/contacts"),
		chromedp.SendKeys(chromedp.CSS(`#q`), "ögren"),
		chromedp.Submit(chromedp.CSS(`#q`)),
		chromedp.WaitVisible(chromedp.CSS(`table`)))
	want(t, text(t, ctx, ".panel h2"), "Sökresultat för ”ögren”")
	want(t, text(t, ctx, "tbody tr td a"), "Märta Ögren")
	if loc := read(t, ctx, "location", chromedp.Location()); loc != base+"/contacts/search" {
		t.Errorf("search landed on %q: the terms must stay out of the URL", loc)
	}

	step(t, ctx, "sign out",
		chromedp.Click(chromedp.CSS(`.signout button`)),
		chromedp.WaitVisible(chromedp.CSS(`#email`)))
	want(t, text(t, ctx, ".alert.info"), "Du är utloggad.")
	step(t, ctx, "open the contact list again",
		chromedp.Navigate(base+"/contacts"),
		chromedp.WaitVisible(chromedp.CSS(`#email`)))
	if loc := read(t, ctx, "location", chromedp.Location()); loc != base+"/login?next=%2Fcontacts" {
		t.Errorf("signed out, /contacts landed on %q, want the sign-in page", loc)
	}
}

// serve runs h on a real listener on 127.0.0.1:0 until the test ends.
func serve(t *testing.T, h http.Handler) string {
	t.Helper()
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	must(t, err)
	srv := &http.Server{Handler: h, ReadHeaderTimeout: 10 * time.Second}
	go func() {
		if err := srv.Serve(ln); err != nil && !errors.Is(err, http.ErrServerClosed) {
			t.Errorf("serve: %v", err)
		}
	}()
	t.Cleanup(func() { _ = srv.Close() })
	return "http://" + ln.Addr().String()
}
