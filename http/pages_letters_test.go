package http_test

import (
	"context"
	"fmt"
	"html"
	"net/http"
	"net/url"
	"strings"
	"testing"
	"time"

	"github.com/klient-crm/klient/domain/access"
	contactpages "github.com/klient-crm/klient/http/contacts"
	"github.com/klient-crm/klient/internal/mailer"
	"github.com/klient-crm/klient/internal/mailtest"
	"github.com/klient-crm/klient/projections/outbox"
)

// reminderTemplate is the kind of letter: merge fields and a
// passage only when the matter has an open deadline.
func reminderTemplate(body string) url.Values {
	return url.Values{"name": {"Fristpåminnelse"}, "subject": {"Frist i ärende {{ärende.nummer}}"}, "body": {body}}
}

const reminderBody = "Hej {{mottagare.namn}},\n\n{{#om frist.datum}}\nNästa frist i ärende {{ärende.nummer}} är {{frist.datum}}: {{frist.beskrivning}}.\n{{annars}}\nÄrendet har ingen öppen frist.\n{{/om}}\nMed vänlig hälsning\n{{ärende.ansvarig}}, {{byrå.namn}}"

// The whole letter path as a lawyer and an administrator walk it: a
// template with an unknown field is refused with its line and writes
// nothing; a good one is saved; the lawyer previews it against a real
// matter (the client's name, the matter's number, the next deadline),
// sends it by e-mail, the entry is in the matter's log, and the sender
// delivers it to a real mail server; by post it opens the A4 page.
func TestLetterFromTemplatePreviewedSentAndDelivered(t *testing.T) {
	t.Parallel()
	a := newApp(t)
	admin := a.as(a.signIn(a.member(access.RoleAdmin).ID))

	before := a.events()
	bad := admin.post("/admin/letters", withID(reminderTemplate("Hej {{mottagare.namn}},\n\nDitt ärende {{ärende.nr}}.")))
	if bad.Code != http.StatusUnprocessableEntity {
		t.Log(a.logs.String())
	}
	wantStatus(t, bad, http.StatusUnprocessableEntity)
	wantContains(t, html.UnescapeString(bad.Body.String()), `Rad 3: okänt fält "ärende.nr"`)
	if a.events() != before {
		t.Fatal("a refused template wrote events")
	}
	saved := admin.post("/admin/letters", withID(reminderTemplate(reminderBody)))
	wantStatus(t, saved, http.StatusSeeOther)
	wantContains(t, admin.get("/admin/letters").Body.String(), "Fristpåminnelse")
	templateID := strings.TrimSuffix(strings.TrimPrefix(saved.Header().Get("Location"), "/admin/letters/"), "?done=saved")

	rec := a.call(http.MethodPost, "/api/v1/contacts",
		`{"kind":"person","details":{"given_name":"Åsa","family_name":"Öberg","emails":[{"address":"asa.oberg@example.se"}],`+
			`"addresses":[{"street":"Storgatan 1","postal_code":"111 22","city":"Stockholm","country":"SE"}]}}`)
	wantStatus(t, rec, http.StatusCreated)
	client := decode[contactpages.ContactJSON](t, rec).ID
	m := a.openMatter("Tvist om köpeskilling", a.me.ID, client, nil, nil, nil)
	a.clearAndOpen(m.ID, "clear", "")
	due := time.Now().AddDate(0, 0, 20).Format("2006-01-02")
	wantStatus(t, a.call(http.MethodPost, "/api/v1/deadlines", fmt.Sprintf(
		`{"matter_id":%q,"kind":"filing","date":%q,"title":"Yttrande till tingsrätten","responsible":%q,"reminders":[7]}`, m.ID, due, a.me.ID)), http.StatusCreated)

	form := a.get("/matters/" + m.ID + "/letter")
	wantStatus(t, form, http.StatusOK)
	wantContains(t, form.Body.String(), "Fristpåminnelse", "Åsa Öberg")
	preview := a.get("/matters/" + m.ID + "/letter?template=" + templateID + "&recipient=" + client + "&channel=email")
	wantStatus(t, preview, http.StatusOK)
	body := html.UnescapeString(preview.Body.String())
	wantContains(t, body, "Frist i ärende "+m.Number, "Hej Åsa Öberg,", "Nästa frist i ärende "+m.Number+" är ",
		"Yttrande till tingsrätten.", "Testbyrån AB", "asa.oberg@example.se")
	if strings.Contains(body, "ingen öppen frist") {
		t.Error("the preview took the {{annars}} passage although the matter has a deadline")
	}
	send := hiddenFields(t, body, "letter-send")
	sent := a.post("/matters/"+m.ID+"/letter", send)
	wantStatus(t, sent, http.StatusSeeOther)
	if again := a.post("/matters/"+m.ID+"/letter", send); again.Code != http.StatusSeeOther {
		t.Fatalf("a resent form: %d", again.Code)
	}
	log := a.get("/matters/" + m.ID + "/communications").Body.String()
	wantContains(t, html.UnescapeString(log), "Frist i ärende "+m.Number)

	pit := mailtest.Start(t, 0)
	srv, err := mailer.ParseServer(pit.SMTPURL())
	must(t, err)
	from, err := mailer.ParseFrom("Testbyrån AB <info@testbyran.example>")
	must(t, err)
	sender, err := mailer.New(mailer.Config{Server: srv, From: from, Queue: outbox.NewQueue(a.pool), Log: a.store, Opener: a.codec})
	must(t, err)
	deadline := time.Now().Add(20 * time.Second)
	for pit.Count() == 0 && time.Now().Before(deadline) {
		_, err := sender.SendDue(context.Background())
		must(t, err)
		time.Sleep(20 * time.Millisecond)
	}
	msgs := pit.Messages()
	if len(msgs) != 1 {
		t.Fatalf("mailpit holds %d messages, want exactly 1 (the form was posted twice)", len(msgs))
	}
	got := pit.Message(msgs[0].ID)
	if got.Subject != "Frist i ärende "+m.Number || got.To[0].Address != "asa.oberg@example.se" ||
		!strings.Contains(got.Text, "Yttrande till tingsrätten.") {
		t.Errorf("delivered: %+v\n%s", got.Summary, got.Text)
	}

	// The matter's log shows, per recipient, what became of the e-mail.
	wantContains(t, a.get("/matters/"+m.ID+"/communications").Body.String(), "E-post levererad")

	post := send
	post.Set("channel", "post")
	post.Set("communication_id", "")
	post.Del("communication_id")
	printed := a.post("/matters/"+m.ID+"/letter", post)
	wantStatus(t, printed, http.StatusSeeOther)
	t.Log("print page", printed.Header().Get("Location"))
	page := a.get(printed.Header().Get("Location"))
	wantStatus(t, page, http.StatusOK)
	wantContains(t, html.UnescapeString(page.Body.String()), `class="letter-a4"`, "Storgatan 1", "111 22 Stockholm", "Vårt ärende "+m.Number)
}

// A letter to someone who is not a party of the matter, and a preview
// for a matter the member does not work on, are refused as unknown.
func TestLetterRefusals(t *testing.T) {
	t.Parallel()
	a := newApp(t)
	admin := a.as(a.signIn(a.member(access.RoleAdmin).ID))
	saved := admin.post("/admin/letters", withID(reminderTemplate(reminderBody)))
	wantStatus(t, saved, http.StatusSeeOther)
	templateID := strings.TrimSuffix(strings.TrimPrefix(saved.Header().Get("Location"), "/admin/letters/"), "?done=saved")
	client := a.createPerson("Bo", "Klient")
	stranger := a.createPerson("Cia", "Främling")
	m := a.openMatter("Tvist om hyra", a.me.ID, client, nil, nil, nil)
	a.clearAndOpen(m.ID, "clear", "")

	before := a.events()
	rec := a.post("/matters/"+m.ID+"/letter", url.Values{"template": {templateID}, "recipient": {stranger},
		"channel": {"email"}, "revision": {"1"}})
	wantStatus(t, rec, http.StatusUnprocessableEntity)
	wantContains(t, rec.Body.String(), "Mottagaren finns inte.")
	rec = a.post("/matters/"+m.ID+"/letter", url.Values{"template": {templateID}, "recipient": {client},
		"channel": {"email"}, "revision": {"1"}})
	wantStatus(t, rec, http.StatusUnprocessableEntity)
	wantContains(t, rec.Body.String(), "ingen e-postadress")
	if a.events() != before {
		t.Fatal("a refused letter wrote events")
	}
	_, other := a.lawyer()
	wantStatus(t, other.get("/matters/"+m.ID+"/letter"), http.StatusNotFound)
	wantStatus(t, a.as(a.signIn(a.member(access.RoleLawyer).ID)).get("/admin/letters"), http.StatusForbidden)
}

func withID(v url.Values) url.Values {
	v.Set("template_id", "")
	v.Del("template_id")
	return v
}

// hiddenFields reads the hidden inputs of the form with id in page.
func hiddenFields(t *testing.T, page, id string) url.Values {
	t.Helper()
	start := strings.Index(page, `id="`+id+`"`)
	if start < 0 {
		t.Fatalf("no form %s in the page", id)
	}
	form := page[start:]
	form = form[:strings.Index(form, "</form>")]
	out := url.Values{}
	for _, part := range strings.Split(form, `<input type="hidden" `)[1:] {
		name := between(part, `name="`, `"`)
		out.Add(name, between(part, `value="`, `"`))
	}
	return out
}

func between(s, from, to string) string {
	i := strings.Index(s, from)
	if i < 0 {
		return ""
	}
	s = s[i+len(from):]
	return s[:strings.Index(s, to)]
}
