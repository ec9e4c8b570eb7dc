package http_test

import (
	"context"
	"html"
	"net/http"
	"net/url"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/klient-crm/klient/domain/access"
	"github.com/klient-crm/klient/internal/mailer"
	"github.com/klient-crm/klient/internal/mailtest"
	"github.com/klient-crm/klient/projections/outbox"
)

// A campaign from audience to mailpit, as the marketing role sends it:
// only the consenting contact is counted and named in the preview, the
// campaign goes to them alone with one-click unsubscribe, the mail
// provider's one-click POST withdraws the consent, and the report says
// delivered 1, unsubscribed 1. Staff without the role get 403.
func TestCampaignFromAudienceToMailpit(t *testing.T) {
	t.Parallel()
	a := newApp(t)
	marketing := a.as(a.signIn(a.member(access.RoleMarketing).ID))
	withEmail := func(given string) string {
		rec := a.call(http.MethodPost, "/api/v1/contacts", `{"kind":"person","details":{"given_name":"`+given+
			`","family_name":"Kampanj","emails":[{"address":"`+strings.ToLower(given)+`@example.se"}]}}`)
		wantStatus(t, rec, http.StatusCreated)
		return between(rec.Body.String(), `"id":"`, `"`)
	}
	ulla, vera := withEmail("Ulla"), withEmail("Vera")
	a.giveConsent(ulla, "marketing")
	a.giveConsent(vera, "client_relationship")

	form := url.Values{"name": {"Julbrev"}, "purpose": {"marketing"}, "subject": {"God jul från byrån"},
		"body": {"Hej!\n\nVi önskar en god jul."}}
	var preview string
	for deadline := time.Now().Add(20 * time.Second); ; time.Sleep(50 * time.Millisecond) {
		rec := marketing.post("/campaigns/preview", form)
		wantStatus(t, rec, http.StatusOK)
		if preview = html.UnescapeString(rec.Body.String()); strings.Contains(preview, "1 mottagare") || time.Now().After(deadline) {
			break
		}
	}
	wantContains(t, preview, "1 mottagare har ett gällande samtycke.", "Ulla Kampanj", "Skicka till 1 mottagare")
	wantAbsent(t, preview, "Vera Kampanj")
	send := hiddenFields(t, preview, "campaign-send")
	send.Set("body", form.Get("body"))
	rec := marketing.post("/campaigns", send)
	wantStatus(t, rec, http.StatusSeeOther)
	report := rec.Header().Get("Location")
	wantStatus(t, marketing.post("/campaigns", send), http.StatusSeeOther) // a resent form sends once (mailpit below)

	pit := mailtest.Start(t, 0)
	srv, err := mailer.ParseServer(pit.SMTPURL())
	must(t, err)
	from, err := mailer.ParseFrom("Testbyrån AB <info@testbyran.example>")
	must(t, err)
	sender, err := mailer.New(mailer.Config{Server: srv, From: from, Queue: outbox.NewQueue(a.pool), Log: a.store, Opener: a.codec})
	must(t, err)
	for deadline := time.Now().Add(20 * time.Second); pit.Count() == 0 && time.Now().Before(deadline); time.Sleep(20 * time.Millisecond) {
		_, err := sender.SendDue(context.Background())
		must(t, err)
	}
	msgs := pit.Messages()
	if len(msgs) != 1 || msgs[0].To[0].Address != "ulla@example.se" {
		t.Fatalf("delivered: %+v", msgs)
	}
	h := pit.Headers(msgs[0].ID)
	link := strings.Trim(strings.Join(h["List-Unsubscribe"], ""), "<>")
	if !strings.HasPrefix(link, "http://klient.test/consent/withdraw/") || !slices.Equal(h["List-Unsubscribe-Post"], []string{"List-Unsubscribe=One-Click"}) {
		t.Fatalf("unsubscribe headers: %v", h)
	}
	if text := pit.Message(msgs[0].ID).Text; !strings.Contains(text, link) {
		t.Errorf("the text lacks its unsubscribe link: %q", text)
	}
	req, _ := http.NewRequest(http.MethodPost, link, strings.NewReader("List-Unsubscribe=One-Click"))
	req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	wantStatus(t, a.as("").send(req), http.StatusOK)

	var page string
	for deadline := time.Now().Add(20 * time.Second); ; time.Sleep(50 * time.Millisecond) {
		page = marketing.get(report).Body.String()
		if strings.Contains(page, `id="count-unsubscribed">1<`) || time.Now().After(deadline) {
			break
		}
	}
	wantContains(t, page, "Julbrev", `id="count-sent">1<`, `id="count-unsubscribed">1<`, `id="count-failed">0<`)
	wantStatus(t, a.get("/campaigns"), http.StatusForbidden)
}
