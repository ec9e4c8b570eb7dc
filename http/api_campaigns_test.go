package http_test

import (
	"encoding/json"
	"net/http"
	"strings"
	"testing"
	"time"

	"github.com/klient-crm/klient/domain/access"
	adminpages "github.com/klient-crm/klient/http/admin"
	"github.com/klient-crm/klient/http/contacts"
	"github.com/klient-crm/klient/http/web"
)

// The campaign API (issue 15), under the marketing role's rules: the
// preview counts and names only the contact with a consent for the
// purpose (never one who objected), bad input is refused in Swedish with
// nothing written, a letter template with merge fields cannot be a
// campaign's text, a read-only token may read the reports but not send, the send
// queues the one recipient once however often it is resent, and the
// report and the list say so. Staff without the role get 403, an
// unknown campaign 404.
func TestCampaignAPI(t *testing.T) {
	t.Parallel()
	a := newApp(t)
	marketer := a.member(access.RoleMarketing)
	token := a.scopedToken(marketer.ID, []access.Role{access.RoleMarketing}, access.ScopeCampaignsRead, access.ScopeCampaignsWrite)
	readOnly := a.scopedToken(marketer.ID, []access.Role{access.RoleMarketing}, access.ScopeCampaignsRead)
	api := a.as("")
	body := func(v any) string { b, _ := json.Marshal(v); return string(b) }
	// A template that names a matter's fields, made first so that the log
	// reads it back long before the refusals' count of events below.
	adm := a.as(a.signIn(a.member(access.RoleAdmin).ID))
	rec := adm.call(http.MethodPost, "/api/v1/letter-templates", body(map[string]string{"name": "Status",
		"subject": "Status i ärende {{ärende.nummer}}", "body": "Hej {{mottagare.namn}}"}))
	wantStatus(t, rec, http.StatusCreated)
	fields := decode[adminpages.LetterTemplateJSON](t, rec)
	withEmail := func(given string) string {
		rec := a.call(http.MethodPost, "/api/v1/contacts", `{"kind":"person","details":{"given_name":"`+given+
			`","family_name":"Kampanj","emails":[{"address":"`+strings.ToLower(given)+`@example.se"}]}}`)
		wantStatus(t, rec, http.StatusCreated)
		return between(rec.Body.String(), `"id":"`, `"`)
	}
	ulla, vera, olle := withEmail("Ulla"), withEmail("Vera"), withEmail("Olle")
	a.giveConsent(ulla, "marketing")
	a.giveConsent(vera, "client_relationship")
	a.giveConsent(olle, "marketing")
	wantStatus(t, a.call(http.MethodPost, "/api/v1/contacts/"+olle+"/objection", `{"to":"direct_marketing"}`), http.StatusOK)

	julbrev := map[string]string{"name": "Julbrev", "purpose": "marketing", "subject": "God jul från byrån",
		"body": "Hej!\n\nVi önskar en god jul."}
	var preview contacts.CampaignPreviewJSON
	for deadline := time.Now().Add(20 * time.Second); ; time.Sleep(50 * time.Millisecond) {
		rec := api.call(http.MethodPost, "/api/v1/campaigns/preview", body(julbrev), token...)
		wantStatus(t, rec, http.StatusOK)
		if preview = decode[contacts.CampaignPreviewJSON](t, rec); preview.Count == 1 && len(preview.Sample) == 1 || time.Now().After(deadline) {
			break
		}
	}
	if preview.Count != 1 || len(preview.Sample) != 1 || preview.Sample[0] != (contacts.CampaignRecipientJSON{ContactID: ulla, Name: "Ulla Kampanj", Basis: "consent"}) ||
		preview.Subject != julbrev["subject"] {
		t.Fatalf("preview = %+v, want Ulla Kampanj alone", preview)
	}

	before := a.events()
	p := wantProblem(t, api.call(http.MethodPost, "/api/v1/campaigns", body(map[string]string{"name": "Julbrev", "purpose": "marketing",
		"body": "Text utan ämnesrad"}), token...), http.StatusUnprocessableEntity)
	if len(p.Errors) != 1 || p.Errors[0].Field != "subject" || !strings.Contains(problemMessages(p), "ämnesrad") {
		t.Errorf("no subject: %+v", p)
	}
	p = wantProblem(t, api.call(http.MethodPost, "/api/v1/campaigns", body(map[string]string{"name": "Status", "purpose": "marketing",
		"template_id": fields.ID}), token...), http.StatusUnprocessableEntity)
	if p.Code != "campaign.template.merge_fields" && (len(p.Errors) != 1 || p.Errors[0].Code != "campaign.template.merge_fields") {
		t.Errorf("a template with merge fields: %+v", p)
	}
	p = wantProblem(t, api.call(http.MethodPost, "/api/v1/campaigns", body(map[string]string{"name": "Jul", "purpose": "event_invitations",
		"subject": "Jul", "body": "Välkommen"}), token...), http.StatusUnprocessableEntity)
	if !strings.Contains(p.Detail+problemMessages(p), "Ingen kontakt har ett gällande samtycke") {
		t.Errorf("nobody in the audience: %+v", p)
	}
	p = wantProblem(t, api.call(http.MethodPost, "/api/v1/campaigns", body(julbrev), readOnly...), http.StatusForbidden)
	if p.Code != "auth.token_scope" {
		t.Errorf("a read-only token's send: %+v", p)
	}
	if n := a.events() - before; n != 0 {
		t.Fatalf("refused sends wrote %d events", n)
	}

	julbrev["campaign_id"] = newID()
	rec = api.call(http.MethodPost, "/api/v1/campaigns", body(julbrev), token...)
	wantStatus(t, rec, http.StatusCreated)
	sent := decode[contacts.CampaignJSON](t, rec)
	if sent.ID != julbrev["campaign_id"] || sent.Recipients != 1 || sent.Report.Queued+sent.Report.Sent != 1 ||
		rec.Header().Get("Location") != "/api/v1/campaigns/"+sent.ID {
		t.Fatalf("sent = %+v (Location %q), want one recipient queued", sent, rec.Header().Get("Location"))
	}
	wantStatus(t, api.call(http.MethodPost, "/api/v1/campaigns", body(julbrev), token...), http.StatusCreated)
	rec = api.call(http.MethodGet, "/api/v1/campaigns/"+sent.ID, "", readOnly...)
	wantStatus(t, rec, http.StatusOK)
	if got := decode[contacts.CampaignJSON](t, rec); got.Report.Queued+got.Report.Sent != 1 || got.Name != "Julbrev" {
		t.Errorf("report after a resend = %+v, want one e-mail", got)
	}

	plain := adm.call(http.MethodPost, "/api/v1/letter-templates", body(map[string]string{"name": "Inbjudan",
		"subject": "Frukostseminarium", "body": "Välkommen till vårt seminarium om arbetsrätt."}))
	wantStatus(t, plain, http.StatusCreated)
	rec = api.call(http.MethodPost, "/api/v1/campaigns", body(map[string]string{"name": "Seminarium", "purpose": "marketing",
		"template_id": decode[adminpages.LetterTemplateJSON](t, plain).ID}), token...)
	wantStatus(t, rec, http.StatusCreated)
	if got := decode[contacts.CampaignJSON](t, rec); got.Subject != "Frukostseminarium" || got.Recipients != 1 {
		t.Errorf("from a template: %+v", got)
	}

	list := decode[struct{ Items []contacts.CampaignJSON }](t, api.call(http.MethodGet, "/api/v1/campaigns", "", readOnly...))
	if len(list.Items) != 2 || list.Items[1].ID != sent.ID && list.Items[0].ID != sent.ID {
		t.Errorf("list = %+v, want the two campaigns", list.Items)
	}
	wantProblem(t, api.call(http.MethodGet, "/api/v1/campaigns/"+newID(), "", readOnly...), http.StatusNotFound)
	lawyer := a.scopedToken(a.me.ID, []access.Role{access.RoleLawyer}, access.ScopeCampaignsRead)
	wantProblem(t, api.call(http.MethodGet, "/api/v1/campaigns", "", lawyer...), http.StatusForbidden)
}

// problemMessages joins a problem's field messages.
func problemMessages(p web.Problem) string {
	var out []string
	for _, e := range p.Errors {
		out = append(out, e.Message)
	}
	return strings.Join(out, "\n")
}
