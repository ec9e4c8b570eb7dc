package http_test

import (
	"encoding/json"
	"fmt"
	"net/http"
	"strings"
	"testing"
	"time"

	"github.com/klient-crm/klient/domain/access"
	adminpages "github.com/klient-crm/klient/http/admin"
	"github.com/klient-crm/klient/http/casework"
	contactpages "github.com/klient-crm/klient/http/contacts"
	"github.com/klient-crm/klient/http/web"
)

// The letter API as a program uses it: a template refused with one error
// per problem, each naming its line; created, listed, changed from its
// revision (a stale one refused); a letter previewed and sent against a
// matter, once however often it is resent.
func TestLetterAPI(t *testing.T) {
	t.Parallel()
	a := newApp(t)
	adm := a.as(a.signIn(a.member(access.RoleAdmin).ID))

	body := func(v any) string { b, _ := json.Marshal(v); return string(b) }
	bad := adm.call(http.MethodPost, "/api/v1/letter-templates", body(map[string]string{"name": "Status",
		"subject": "Status {{ärende.nummer}}", "body": "Hej {{klient.namnet}}\n{{#om frist.datum}}\nslut"}))
	wantStatus(t, bad, http.StatusUnprocessableEntity)
	problem := decode[web.Problem](t, bad)
	var lines []string
	for _, e := range problem.Errors {
		lines = append(lines, e.Code+": "+e.Message)
	}
	want := []string{`letter.template.unknown_field: Rad 1: okänt fält "klient.namnet". Se listan över fält under formuläret.`,
		"letter.template.unclosed_block: Rad 2: {{#om …}} avslutas aldrig med {{/om}}."}
	if strings.Join(lines, "\n") != strings.Join(want, "\n") {
		t.Errorf("problems:\n%s\nwant\n%s", strings.Join(lines, "\n"), strings.Join(want, "\n"))
	}

	rec := adm.call(http.MethodPost, "/api/v1/letter-templates", body(map[string]string{"name": "Status",
		"subject": "Status i ärende {{ärende.nummer}}", "body": "Hej {{mottagare.namn}},\n\nÄrendet {{ärende.titel}} pågår."}))
	wantStatus(t, rec, http.StatusCreated)
	tpl := decode[adminpages.LetterTemplateJSON](t, rec)
	list := decode[struct {
		Items []adminpages.LetterTemplateJSON
	}](t, adm.call(http.MethodGet, "/api/v1/letter-templates", ""))
	if len(list.Items) != 1 || list.Items[0] != tpl || tpl.Revision != 1 {
		t.Fatalf("list = %+v, created %+v", list.Items, tpl)
	}
	stale := adm.call(http.MethodPut, "/api/v1/letter-templates/"+tpl.ID, body(map[string]any{"name": "Status",
		"subject": tpl.Subject, "body": tpl.Body + "\nHälsningar", "revision": 0}))
	wantStatus(t, stale, http.StatusConflict)
	changed := adm.call(http.MethodPut, "/api/v1/letter-templates/"+tpl.ID, body(map[string]any{"name": "Status",
		"subject": tpl.Subject, "body": tpl.Body + "\nHälsningar", "revision": 1}))
	wantStatus(t, changed, http.StatusOK)
	if got := decode[adminpages.LetterTemplateJSON](t, changed); got.Revision != 2 || !strings.HasSuffix(got.Body, "Hälsningar") {
		t.Errorf("changed = %+v", got)
	}

	rec = a.call(http.MethodPost, "/api/v1/contacts",
		`{"kind":"person","details":{"given_name":"Åsa","family_name":"Öberg","emails":[{"address":"asa.oberg@example.se"}]}}`)
	wantStatus(t, rec, http.StatusCreated)
	client := decode[contactpages.ContactJSON](t, rec).ID
	m := a.openMatter("Tvist om köpeskilling", a.me.ID, client, nil, nil, nil)
	a.clearAndOpen(m.ID, "clear", "")
	req := fmt.Sprintf(`{"template_id":%q,"recipient_id":%q,"template_revision":2}`, tpl.ID, client)
	rec = a.call(http.MethodPost, "/api/v1/matters/"+m.ID+"/letters/preview", req)
	wantStatus(t, rec, http.StatusOK)
	preview := decode[casework.LetterJSON](t, rec)
	if preview.Subject != "Status i ärende "+m.Number || preview.Body != "Hej Åsa Öberg,\n\nÄrendet Tvist om köpeskilling pågår.\nHälsningar" ||
		preview.Email != "asa.oberg@example.se" || preview.Channel != "email" || preview.CommunicationID != "" {
		t.Errorf("preview = %+v", preview)
	}
	wantStatus(t, a.call(http.MethodPost, "/api/v1/matters/"+m.ID+"/letters/preview",
		fmt.Sprintf(`{"template_id":%q,"recipient_id":%q,"template_revision":1}`, tpl.ID, client)), http.StatusConflict)

	entry := "01a24cc0-0000-7000-8000-000000000001"
	send := fmt.Sprintf(`{"template_id":%q,"recipient_id":%q,"template_revision":2,"communication_id":%q}`, tpl.ID, client, entry)
	before := a.events()
	for range 2 {
		rec = a.call(http.MethodPost, "/api/v1/matters/"+m.ID+"/letters", send)
		wantStatus(t, rec, http.StatusCreated)
	}
	if sent := decode[casework.LetterJSON](t, rec); sent.CommunicationID != entry || sent.Body != preview.Body {
		t.Errorf("sent = %+v", sent)
	}
	if n := a.events() - before; n != 2 {
		t.Errorf("sending twice wrote %d events, want the entry and the mail request once", n)
	}
	var queued int
	for deadline := time.Now().Add(20 * time.Second); queued == 0 && time.Now().Before(deadline); time.Sleep(20 * time.Millisecond) {
		must(t, a.pool.QueryRow(t.Context(), `SELECT count(*) FROM mail_outbox WHERE mail_id = $1 AND status = 'queued'`, entry).Scan(&queued))
	}
	if queued != 1 {
		t.Errorf("%d queued e-mails for the letter, want 1", queued)
	}
}
