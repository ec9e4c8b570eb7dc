package http_test

import (
	"encoding/json"
	"errors"
	"fmt"
	"net/http"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/jackc/pgx/v5"

	"github.com/klient-crm/klient/domain/access"
	"github.com/klient-crm/klient/domain/communication"
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

// The automatic messages by API (issue 15), under the matter: everyone
// on the matter reads them with communications:read; only the
// responsible lawyer saves them with communications:write, each setting
// in the page's range (refused in Swedish, nothing written); a token
// without the write scope may not; and the hourly job's table takes what
// was saved.
func TestAutomaticMessagesAPI(t *testing.T) {
	t.Parallel()
	a := newApp(t)
	colleague, _ := a.lawyer()
	client := a.createPerson("Åsa", "Öberg")
	m := a.openMatter("Öberg ./. Bolaget AB", a.me.ID, client, nil, []string{colleague.ID}, nil)
	path := "/api/v1/matters/" + m.ID + "/automatic-messages"
	lawyer := a.scopedToken(a.me.ID, []access.Role{access.RoleLawyer}, access.ScopeCommunicationsRead, access.ScopeCommunicationsWrite)
	readOnly := a.scopedToken(a.me.ID, []access.Role{access.RoleLawyer}, access.ScopeCommunicationsRead)
	other := a.scopedToken(colleague.ID, []access.Role{access.RoleLawyer}, access.ScopeCommunicationsRead, access.ScopeCommunicationsWrite)
	api := a.as("")

	rec := api.call(http.MethodGet, path, "", lawyer...)
	wantStatus(t, rec, http.StatusOK)
	if got := decode[casework.AutomaticMessagesJSON](t, rec); got != (casework.AutomaticMessagesJSON{MayChange: true}) {
		t.Errorf("before any save: %+v, want both off and may_change for the responsible lawyer", got)
	}

	before := a.events()
	p := wantProblem(t, api.call(http.MethodPut, path, `{"status_report_days":3,"reminder_days":61}`, lawyer...), http.StatusUnprocessableEntity)
	var msgs []string
	for _, e := range p.Errors {
		msgs = append(msgs, e.Field+": "+e.Message)
	}
	if want := []string{"status_report_days: En lägesrapport går var 7:e till var 365:e dag, eller aldrig (0).",
		"reminder_days: En påminnelse går 1 till 60 dagar före en frist, eller aldrig (0)."}; !slices.Equal(msgs, want) {
		t.Errorf("out of range: %q, want %q", msgs, want)
	}
	p = wantProblem(t, api.call(http.MethodPut, path, `{"status_report_days":30}`, lawyer...), http.StatusBadRequest)
	if len(p.Errors) != 1 || p.Errors[0].Field != "reminder_days" {
		t.Errorf("without reminder_days: %+v", p)
	}
	p = wantProblem(t, api.call(http.MethodPut, path, `{"status_report_days":30,"reminder_days":7}`, other...), http.StatusForbidden)
	if p.Detail != "Bara ärendets ansvariga advokat kan ändra de automatiska meddelandena." {
		t.Errorf("a colleague's save: %+v", p)
	}
	p = wantProblem(t, api.call(http.MethodPut, path, `{"status_report_days":30,"reminder_days":7}`, readOnly...), http.StatusForbidden)
	if p.Code != "auth.token_scope" {
		t.Errorf("a read-only token's save: %+v, want auth.token_scope", p)
	}
	if n := a.events() - before; n != 0 {
		t.Fatalf("refused saves wrote %d events", n)
	}

	for range 2 { // the same settings again write nothing
		rec = api.call(http.MethodPut, path, `{"status_report_days":30,"reminder_days":7}`, lawyer...)
		wantStatus(t, rec, http.StatusOK)
	}
	saved := casework.AutomaticMessagesJSON{StatusReportDays: 30, ReminderDays: 7, MayChange: true}
	if got := decode[casework.AutomaticMessagesJSON](t, rec); got != saved {
		t.Errorf("saved: %+v, want %+v", got, saved)
	}
	if envs, err := a.store.ReadStream(t.Context(), communication.AutomaticStreamName(m.ID), 0, 10); err != nil || len(envs) != 1 {
		t.Errorf("saving twice wrote %d events (%v), want 1", len(envs), err)
	}
	rec = api.call(http.MethodGet, path, "", other...)
	wantStatus(t, rec, http.StatusOK)
	if got := decode[casework.AutomaticMessagesJSON](t, rec); got != (casework.AutomaticMessagesJSON{StatusReportDays: 30, ReminderDays: 7}) {
		t.Errorf("the colleague reads %+v", got)
	}
	var report, remind int
	for deadline := time.Now().Add(20 * time.Second); report == 0 && time.Now().Before(deadline); time.Sleep(20 * time.Millisecond) {
		err := a.pool.QueryRow(t.Context(), `SELECT status_report_days, reminder_days FROM mail_automatic WHERE matter_id = $1`, m.ID).Scan(&report, &remind)
		if err != nil && !errors.Is(err, pgx.ErrNoRows) {
			t.Fatal(err)
		}
	}
	if report != 30 || remind != 7 {
		t.Errorf("the hourly job reads %d and %d days, want 30 and 7", report, remind)
	}
}
