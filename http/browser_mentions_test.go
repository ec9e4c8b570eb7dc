package http_test

import (
	"fmt"
	"net/http"
	"strings"
	"testing"

	"github.com/chromedp/chromedp"

	"github.com/klient-crm/klient/domain/access"
	casework "github.com/klient-crm/klient/http/casework"
	requestpages "github.com/klient-crm/klient/http/requests"
)

// TestBrowserDPORedactsAMention: after Zoltrix's erasure the DPO opens the
// certificate, reviews the call note that named them in Klara's matter,
// keeps the proposed text (the name replaced by "[raderad person]"),
// is asked first — "Avbryt" leaves the note as it was — confirms, and is
// back on the certificate, which says the text was redacted; the matter's
// log shows the corrected note. Each page passes axe-core.
func TestBrowserDPORedactsAMention(t *testing.T) {
	t.Parallel()
	a, base, ctx := browserApp(t)
	officer := a.member(access.RoleDPO)
	dpo := a.as(a.signIn(officer.ID))
	person := a.createPerson("Zoltrix", "Kvarnbäckström")
	m := a.openMatter("Hyrestvist", a.me.ID, a.createPerson("Klara", "Klient"), nil, nil, nil)
	a.clearAndOpen(m.ID, "clear", "")
	call := decode[casework.EntryJSON](t, a.call(http.MethodPost, "/api/v1/communications", fmt.Sprintf(`{"matter_id":%q,
		"kind":"phone_call","occurred_at":"2026-03-02T09:00:00Z","subject_line":"Samtal om vittnet",
		"body":"Zoltrix Kvarnbäckström ringde och kan vittna."}`, m.ID)))
	a.caughtUp(t)
	req := decode[requestpages.RequestJSON](t, dpo.call(http.MethodPost, "/api/v1/subjects/"+person+"/requests",
		`{"right":"erasure","channel":"letter","verified_how":"BankID"}`))
	wantStatus(t, dpo.call(http.MethodPost, "/api/v1/requests/"+req.ID+"/erasure", ""), http.StatusOK)
	a.caughtUp(t)
	signInBrowser(t, ctx, base, officer.Email)

	certificate := "/gdpr/erasures/" + req.ID
	mention := certificate + "/mentions/" + call.ID
	axe := func(page string) {
		t.Helper()
		if v := axeViolations(t, ctx); len(v) > 0 {
			t.Errorf("axe-core on %s:\n  %s", page, strings.Join(v, "\n  "))
		}
	}
	step(t, ctx, "open the certificate", chromedp.Navigate(base+certificate), chromedp.WaitVisible(chromedp.CSS(`#mention-`+call.ID)))
	wantContains(t, text(t, ctx, "#mention-"+call.ID), m.Number+" Hyrestvist", "Communication (subject and note)", "name")
	axe("the certificate")

	step(t, ctx, "review the mention",
		chromedp.Click(chromedp.CSS(`#mention-`+call.ID+` a[href="`+mention+`"]`)), chromedp.WaitVisible(chromedp.CSS(`#redact-form`)))
	wantContains(t, text(t, ctx, "#mention-matter"), m.Number+" Hyrestvist")
	proposal := read(t, ctx, "the proposed note", chromedp.Value(chromedp.CSS(`#body`)))
	if proposal != "[raderad person] ringde och kan vittna." {
		t.Errorf("the form proposes %q", proposal)
	}
	axe("the mention")

	confirmInBrowser(t, ctx, `#redact-form button[type="submit"]`, mention, func() {
		wantContains(t, a.get("/matters/"+m.ID+"/communications").Body.String(), "Zoltrix Kvarnbäckström ringde")
	}, m.Number)
	step(t, ctx, "back on the certificate", chromedp.WaitVisible(chromedp.CSS(`#mention-redacted`)))
	want(t, text(t, ctx, "#mention-redacted"), "The text was redacted and the key of the old text destroyed.")
	wantContains(t, text(t, ctx, "#mention-"+call.ID), "Redacted ")
	axe("the certificate after the redaction")
	a.caughtUp(t)
	comms := a.get("/matters/" + m.ID + "/communications").Body.String()
	wantContains(t, comms, "[raderad person] ringde och kan vittna.")
	wantAbsent(t, comms, "Zoltrix")
}
