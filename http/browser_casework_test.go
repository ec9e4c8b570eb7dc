package http_test

import (
	"context"
	"fmt"
	"net/http"
	"os"
	"strings"
	"testing"

	"github.com/chromedp/chromedp"
)

// TestBrowserIntakeWithConflictAndWaiver: a lawyer takes in a matter
// whose client is the counterparty of an earlier matter, finds the
// client inside the intake form, runs the conflict check, sees the
// client's role here and the hit with the earlier matter, waives it with a
// reason and opens the matter.
func TestBrowserIntakeWithConflictAndWaiver(t *testing.T) {
	t.Parallel()
	a, base, ctx := browserApp(t)
	bo, first := a.createPerson("Bo", "Berglund"), a.createPerson("Frida", "Först")
	a.openMatter("Fordran mot Berglund", a.me.ID, first, []string{"counterparty:" + bo}, nil, nil)
	signInBrowser(t, ctx, base, a.me.Email)

	step(t, ctx, "open the intake form", chromedp.Navigate(base+"/matters/new"), chromedp.WaitVisible(chromedp.CSS(`#title`)))
	step(t, ctx, "find the client inside the form",
		chromedp.SendKeys(chromedp.CSS(`#title`), "Berglund köper bostad"),
		chromedp.SetValue(chromedp.CSS(`#practice_area`), "fastighetsrätt"),
		chromedp.SendKeys(chromedp.CSS(`#client_q`), "Berglund"),
		chromedp.Click(chromedp.CSS(`#client-search`)),
		chromedp.WaitVisible(chromedp.CSS(`input[name="client_id"][value="`+bo+`"]`)))
	step(t, ctx, "register the matter",
		chromedp.Click(chromedp.CSS(`input[name="client_id"][value="`+bo+`"]`)),
		chromedp.Click(chromedp.CSS(`#create-matter`)),
		chromedp.WaitVisible(chromedp.CSS(`#run-check`)))
	want(t, text(t, ctx, ".alert.info"), "The matter has been registered. Run the conflict check before it opens.")
	step(t, ctx, "run the conflict check", chromedp.Click(chromedp.CSS(`#run-check`)), chromedp.WaitVisible(chromedp.CSS(`.hit`)))
	if probe := text(t, ctx, ".probe h2"); !strings.Contains(probe, "Bo Berglund") || !strings.Contains(probe, "Client in this matter") {
		t.Errorf("the checked party reads %q: want the name and the role in this matter", probe)
	}
	hit := text(t, ctx, ".hit")
	for _, part := range []string{"Bo Berglund", "same contact", "Counterparty", "Fordran mot Berglund"} {
		if !strings.Contains(hit, part) {
			t.Errorf("the hit %q lacks %q", hit, part)
		}
	}
	step(t, ctx, "waive without a reason",
		chromedp.Click(chromedp.CSS(`input[name="decision"][value="waived"]`)),
		chromedp.Click(chromedp.CSS(`#record-decision`)),
		chromedp.WaitVisible(chromedp.CSS(`.field.invalid #reason`)))
	want(t, text(t, ctx, ".field-error"), "Give the reason the conflict is waived.")
	step(t, ctx, "waive with the clients' consent",
		chromedp.Click(chromedp.CSS(`input[name="decision"][value="waived"]`)),
		chromedp.SendKeys(chromedp.CSS(`#reason`), "Both clients consented in writing"),
		chromedp.Click(chromedp.CSS(`#record-decision`)),
		chromedp.WaitVisible(chromedp.CSS(`#activate`)))
	want(t, text(t, ctx, ".alert.info"), "The conflict check and the decision have been recorded.")
	step(t, ctx, "open the matter", chromedp.Click(chromedp.CSS(`#activate`)), chromedp.WaitNotPresent(chromedp.CSS(`#activate`)))
	want(t, text(t, ctx, ".alert.info"), "The matter is open.")
	want(t, text(t, ctx, "h1 .badge"), "Open")
}

// TestBrowserLogAPhoneCall logs a phone call on the matter's
// communications tab and finds it at the top of the log.
func TestBrowserLogAPhoneCall(t *testing.T) {
	t.Parallel()
	a, base, ctx := browserApp(t)
	client := a.createPerson("Siv", "Samtal")
	m := a.openMatter("Samtalsärende", a.me.ID, client, nil, nil, nil)
	signInBrowser(t, ctx, base, a.me.Email)
	step(t, ctx, "open the communications tab",
		chromedp.Navigate(base+"/matters/"+m.ID+"/communications"), chromedp.WaitVisible(chromedp.CSS(`#log-form`)))
	step(t, ctx, "log the call",
		chromedp.SetValue(chromedp.CSS(`#kind`), "phone_call"),
		chromedp.Click(chromedp.CSS(`input[name="participants"][value="contact:`+client+`"]`)),
		chromedp.SendKeys(chromedp.CSS(`#subject`), "Siv ringde om tillträdet"),
		chromedp.SendKeys(chromedp.CSS(`#body`), "Tillträde flyttas en vecka."),
		chromedp.Click(chromedp.CSS(`#log-submit`)),
		chromedp.WaitVisible(chromedp.CSS(`.log .entry`)))
	want(t, text(t, ctx, ".alert.info"), "The communication has been logged.")
	want(t, text(t, ctx, ".log .entry .badge"), "Phone call")
	want(t, text(t, ctx, ".log .entry h3"), "Siv ringde om tillträdet")
	if who := text(t, ctx, ".log .entry p.muted"); !strings.Contains(who, "Siv Samtal") {
		t.Errorf("participants %q", who)
	}
}

// TestBrowserCompleteATask completes an overdue task from the start page.
func TestBrowserCompleteATask(t *testing.T) {
	t.Parallel()
	a, base, ctx := browserApp(t)
	m := a.openMatter("Uppgiftsärende", a.me.ID, a.createPerson("Ulla", "Uppgift"), nil, nil, nil)
	wantStatus(t, a.call(http.MethodPost, "/api/v1/tasks", fmt.Sprintf(`{"title":"Skicka fullmakt","assignee":{"staff":%q},"due":%q,"matter_id":%q}`,
		a.me.ID, date(-1), m.ID)), http.StatusCreated)
	signInBrowser(t, ctx, base, a.me.Email)
	step(t, ctx, "open the start page", chromedp.Navigate(base+"/work"), chromedp.WaitVisible(chromedp.CSS(`#overdue`)))
	want(t, text(t, ctx, "#overdue tbody td"), "Skicka fullmakt\n"+m.Number+" Uppgiftsärende")
	step(t, ctx, "complete the task",
		chromedp.Click(chromedp.CSS(`#overdue button.complete`)),
		chromedp.WaitVisible(chromedp.CSS(`.alert.info`)))
	want(t, text(t, ctx, ".alert.info"), "The task is done.")
	want(t, text(t, ctx, "#my-tasks .empty"), "No tasks.")
}

// browserApp is a real server on a real port and a browser for it.
func browserApp(t *testing.T) (*app, string, context.Context) {
	t.Helper()
	if _, err := os.Stat(chromiumPath); err != nil {
		t.Fatalf("Chromium is not installed at %s (%v): run `make test`, which installs it", chromiumPath, err)
	}
	a := newApp(t)
	return a, serve(t, a.handler), browser(t)
}

// signInBrowser picks English with the sign-in page's language switch
// (the pages speak Swedish whatever the browser asks for), signs in with
// the form and waits for the start page.
func signInBrowser(t *testing.T, ctx context.Context, base, email string) {
	t.Helper()
	step(t, ctx, "sign in",
		chromedp.Navigate(base+"/login"),
		chromedp.WaitVisible(chromedp.CSS(`#email`)),
		chromedp.Click(chromedp.CSS(`.langswitch button[value="en"]`)),
		chromedp.WaitVisible(chromedp.CSS(`.langswitch button[value="en"][aria-current="true"]`)),
		chromedp.SendKeys(chromedp.CSS(`#email`), email),
		chromedp.SendKeys(chromedp.CSS(`#password`), testPassword),
		chromedp.Submit(chromedp.CSS(`#password`)),
		chromedp.WaitVisible(chromedp.CSS(`.signout`)))
}
