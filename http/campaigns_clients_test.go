package http_test

import (
	"context"
	"encoding/json"
	"html"
	"net/http"
	"net/http/httptest"
	"net/url"
	"strings"
	"testing"
	"time"

	"github.com/klient-crm/klient/domain/access"
	"github.com/klient-crm/klient/domain/communication"
	klienthttp "github.com/klient-crm/klient/http"
	"github.com/klient-crm/klient/http/contacts"
	"github.com/klient-crm/klient/http/web"
	"github.com/klient-crm/klient/internal/mailer"
	"github.com/klient-crm/klient/internal/mailtest"
	"github.com/klient-crm/klient/projections/outbox"
)

// Existing clients under legitimate interest (issue 15), where the firm
// has chosen it (KLIENT_CAMPAIGN_CLIENT_MONTHS, here 24): a campaign that
// asks for them adds the client of an open matter without a consent, but
// never a client who objected, one whose only matter is behind an
// ethical wall, nor one who once withdrew a consent for the purpose; a
// firm that has not chosen it refuses the ask (422, nothing written). The
// campaign records each recipient's basis; in mailpit the client's
// e-mail carries the one-click opt-out (RFC 8058) and the consenting
// contact's the withdrawal link. The provider's one-click POST records
// the client's objection to direct marketing, so the next audience leaves
// them out and the report counts them unsubscribed; a withdrawal link
// does not pass for an opt-out link. The page offers the choice and
// counts the clients in its preview.
func TestCampaignToExistingClientsUnderLegitimateInterest(t *testing.T) {
	t.Parallel()
	a := newAppWith(t, web.Config{}, func(d *klienthttp.Deps) { d.People.Campaigns.ClientMonths = 24 })
	marketer := a.member(access.RoleMarketing)
	token := a.scopedToken(marketer.ID, []access.Role{access.RoleMarketing}, access.ScopeCampaignsRead, access.ScopeCampaignsWrite)
	api := a.as("")
	body := func(v any) string { b, _ := json.Marshal(v); return string(b) }
	withEmail := func(given string) string {
		rec := a.call(http.MethodPost, "/api/v1/contacts", `{"kind":"person","details":{"given_name":"`+given+
			`","family_name":"Klient","emails":[{"address":"`+strings.ToLower(given)+`@example.se"}]}}`)
		wantStatus(t, rec, http.StatusCreated)
		return between(rec.Body.String(), `"id":"`, `"`)
	}
	ulla, klara, bo, wilma, vera := withEmail("Ulla"), withEmail("Klara"), withEmail("Bo"), withEmail("Wilma"), withEmail("Vera")
	a.giveConsent(ulla, "marketing")
	for _, client := range []string{klara, bo, vera} {
		m := a.openMatter("Ärende för "+client[:8], a.me.ID, client, nil, nil, nil)
		a.clearAndOpen(m.ID, "clear", "")
	}
	walled := a.openMatter("Skyddat ärende", a.me.ID, wilma, nil, nil, nil)
	a.clearAndOpen(walled.ID, "clear", "")
	a.wallMatter(walled.ID, a.member(access.RoleLawyer).ID)
	wantStatus(t, a.call(http.MethodPost, "/api/v1/contacts/"+bo+"/objection", `{"to":"direct_marketing"}`), http.StatusOK)
	veraConsent := a.giveConsent(vera, "marketing")
	wantStatus(t, a.call(http.MethodPost, "/api/v1/contacts/"+vera+"/consents/"+veraConsent+"/withdraw", ""), http.StatusOK)

	nyhetsbrev := map[string]any{"name": "Nyhetsbrev", "purpose": "marketing", "subject": "Nytt om arbetsrätten",
		"body": "Hej!\n\nHär är höstens nyheter.", "existing_clients": true}
	var preview contacts.CampaignPreviewJSON
	for deadline := time.Now().Add(20 * time.Second); ; time.Sleep(50 * time.Millisecond) {
		rec := api.call(http.MethodPost, "/api/v1/campaigns/preview", body(nyhetsbrev), token...)
		wantStatus(t, rec, http.StatusOK)
		preview = decode[contacts.CampaignPreviewJSON](t, rec)
		if preview.Count == 2 && preview.LegitimateInterest == 1 || time.Now().After(deadline) {
			break
		}
	}
	want := []contacts.CampaignRecipientJSON{{ContactID: klara, Name: "Klara Klient", Basis: "legitimate_interest"},
		{ContactID: ulla, Name: "Ulla Klient", Basis: "consent"}}
	if preview.Count != 2 || preview.LegitimateInterest != 1 || len(preview.Sample) != 2 || preview.Sample[0] != want[0] || preview.Sample[1] != want[1] {
		t.Fatalf("preview with existing clients = %+v, want Klara under legitimate interest and Ulla on her consent", preview)
	}
	consentOnly := map[string]any{"name": "Nyhetsbrev", "purpose": "marketing", "subject": "Nytt", "body": "Hej"}
	if got := decode[contacts.CampaignPreviewJSON](t, api.call(http.MethodPost, "/api/v1/campaigns/preview", body(consentOnly), token...)); got.Count != 1 {
		t.Errorf("without existing clients the audience is %+v, want Ulla alone", got)
	}

	marketing := a.as(a.signIn(marketer.ID))
	form := marketing.get("/campaigns").Body.String()
	wantContains(t, html.UnescapeString(form), `name="existing_clients"`, "Ta med befintliga klienter (berättigat intresse)",
		"avslutats de senaste 24 månaderna")
	rec := marketing.post("/campaigns/preview", url.Values{"name": {"Julbrev"}, "purpose": {"marketing"}, "subject": {"God jul"},
		"body": {"God jul!"}, "existing_clients": {"on"}})
	wantStatus(t, rec, http.StatusOK)
	shown := html.UnescapeString(rec.Body.String())
	wantContains(t, shown, "2 mottagare: 1 med ett gällande samtycke och 1 befintliga klienter utan samtycke (berättigat intresse).",
		"Klara Klient", "Ulla Klient", `name="existing_clients" value="on"`)
	wantAbsent(t, shown, "Bo Klient", "Wilma Klient", "Vera Klient")

	a.deps.People.Campaigns.ClientMonths = 0 // a firm that has not chosen it
	a.rebuild()
	before := a.events()
	p := wantProblem(t, a.as("").call(http.MethodPost, "/api/v1/campaigns", body(nyhetsbrev), token...), http.StatusUnprocessableEntity)
	if len(p.Errors) != 1 || p.Errors[0].Field != "existing_clients" ||
		p.Errors[0].Message != "Byrån har inte valt att ta med befintliga klienter i kampanjer utan samtycke." {
		t.Errorf("existing clients where the firm has not chosen them: %+v", p)
	}
	if n := a.events() - before; n != 0 {
		t.Fatalf("the refusal wrote %d events", n)
	}
	a.deps.People.Campaigns.ClientMonths = 24
	a.rebuild()
	api = a.as("")

	rec = api.call(http.MethodPost, "/api/v1/campaigns", body(nyhetsbrev), token...)
	wantStatus(t, rec, http.StatusCreated)
	sent := decode[contacts.CampaignJSON](t, rec)
	if sent.Recipients != 2 || sent.LegitimateInterest != 1 {
		t.Fatalf("sent = %+v, want 2 recipients, 1 under legitimate interest", sent)
	}
	basis := map[string]string{}
	envs, err := a.store.ReadStream(context.Background(), communication.CampaignStreamName(sent.ID), 0, 100)
	must(t, err)
	for _, env := range envs {
		var r struct{ Recipient, Basis string }
		if env.Type == communication.TypeMailRequested && json.Unmarshal(env.Data, &r) == nil {
			basis[r.Recipient] = r.Basis
		}
	}
	if len(basis) != 2 || basis[klara] != "legitimate_interest" || basis[ulla] != "consent" {
		t.Errorf("the campaign records the bases %v", basis)
	}

	pit := mailtest.Start(t, 0)
	srv, err := mailer.ParseServer(pit.SMTPURL())
	must(t, err)
	from, err := mailer.ParseFrom("Testbyrån AB <info@testbyran.example>")
	must(t, err)
	sender, err := mailer.New(mailer.Config{Server: srv, From: from, Queue: outbox.NewQueue(a.pool), Log: a.store, Opener: a.codec})
	must(t, err)
	for deadline := time.Now().Add(20 * time.Second); pit.Count() < 2 && time.Now().Before(deadline); time.Sleep(20 * time.Millisecond) {
		_, err := sender.SendDue(context.Background())
		must(t, err)
	}
	links := map[string]string{}
	for _, msg := range pit.Messages() {
		h := pit.Headers(msg.ID)
		link := strings.Trim(strings.Join(h["List-Unsubscribe"], ""), "<>")
		if strings.Join(h["List-Unsubscribe-Post"], "") != "List-Unsubscribe=One-Click" {
			t.Errorf("%s: no one-click unsubscribe: %v", msg.To[0].Address, h)
		}
		text := pit.Message(msg.ID).Text
		if !strings.Contains(text, link) {
			t.Errorf("%s: the text lacks its link %q: %q", msg.To[0].Address, link, text)
		}
		if msg.To[0].Address == "klara@example.se" && !strings.Contains(text, "Vill du inte längre få utskick från oss? Avregistrera dig här:") {
			t.Errorf("the client's e-mail does not say what its link does: %q", text)
		}
		u, err := url.Parse(link)
		must(t, err)
		links[msg.To[0].Address] = u.Path
	}
	if len(links) != 2 || !strings.HasPrefix(links["klara@example.se"], "/marketing/objection/") ||
		!strings.HasPrefix(links["ulla@example.se"], "/consent/withdraw/") {
		t.Fatalf("delivered links %v, want Klara's opt-out and Ulla's withdrawal", links)
	}

	public := a.as("")
	oneClick := func(link string) *httptest.ResponseRecorder {
		req := httptest.NewRequest(http.MethodPost, link, strings.NewReader("List-Unsubscribe=One-Click"))
		req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
		return public.send(req)
	}
	withdrawalToken := strings.TrimPrefix(links["ulla@example.se"], "/consent/withdraw/")
	before = a.events()
	wantStatus(t, oneClick("/marketing/objection/"+withdrawalToken), http.StatusNotFound)
	if n := a.events() - before; n != 0 {
		t.Fatalf("a withdrawal token at the opt-out wrote %d events", n)
	}
	page := public.get(links["klara@example.se"])
	wantStatus(t, page, http.StatusOK)
	wantContains(t, html.UnescapeString(page.Body.String()), "Du är på väg att tacka nej till direktmarknadsföring")
	wantAbsent(t, page.Body.String(), "Klara")
	rec = oneClick(links["klara@example.se"])
	wantStatus(t, rec, http.StatusOK)
	wantContains(t, html.UnescapeString(rec.Body.String()), "Vi har tagit emot att du inte vill ha direktmarknadsföring från oss.")
	privacy := a.call(http.MethodGet, "/api/v1/contacts/"+klara+"/privacy", "")
	wantStatus(t, privacy, http.StatusOK)
	wantContains(t, privacy.Body.String(), `"direct_marketing"`)

	if got := decode[contacts.CampaignPreviewJSON](t, api.call(http.MethodPost, "/api/v1/campaigns/preview", body(nyhetsbrev), token...)); got.Count != 1 || got.LegitimateInterest != 0 {
		t.Errorf("after Klara's opt-out the audience is %+v, want Ulla alone", got)
	}
	var report contacts.CampaignJSON
	for deadline := time.Now().Add(20 * time.Second); ; time.Sleep(50 * time.Millisecond) {
		report = decode[contacts.CampaignJSON](t, api.call(http.MethodGet, "/api/v1/campaigns/"+sent.ID, "", token...))
		if report.Report.Unsubscribed == 1 || time.Now().After(deadline) {
			break
		}
	}
	if report.Report.Sent != 2 || report.Report.Unsubscribed != 1 {
		t.Errorf("report = %+v, want 2 sent, 1 unsubscribed", report.Report)
	}

}
