package http_test

import (
	"context"
	"log/slog"
	"net"
	"net/http"
	"net/smtp"
	"net/url"
	"slices"
	"strings"
	"testing"

	"github.com/chromedp/chromedp"

	"github.com/klient-crm/klient/crypto/credentials"
	"github.com/klient-crm/klient/domain/access"
	contactpages "github.com/klient-crm/klient/http/contacts"
	"github.com/klient-crm/klient/internal/apptest"
	"github.com/klient-crm/klient/internal/mailin"
)

// TestBrowserHeldMailIsFiledOrDiscarded (issue 15): e-mail a lawyer sends
// to Klient for a matter number that is none waits in their queue
// (/mail/held); a number of no matter of theirs is refused on the form;
// their own matter's number files it in that matter's log; a second one
// is discarded after the confirmation. axe-core finds nothing on the
// queue, and at 390 px nothing passes the window's edge.
func TestBrowserHeldMailIsFiledOrDiscarded(t *testing.T) {
	t.Parallel()
	a, base, ctx := browserApp(t)
	client := a.createPerson("Åsa", "Öberg")
	m := a.openMatter("Öberg ./. Bolaget AB", a.me.ID, client, nil, nil, nil)
	addr := a.mailListener()
	secret, _, err := a.creds.CreateToken(context.Background(), credentials.NewToken{Name: "E-post", Roles: []access.Role{access.RoleLawyer},
		Scopes: []access.Scope{access.ScopeCommunicationsWrite, access.ScopeDocumentsWrite}, CreatedBy: a.me.ID})
	must(t, err)
	for _, subject := range []string{"Avtalsutkast från motparten", "Nyhetsbrev"} {
		msg := "From: motpart@exempel.se\r\nTo: arende+1999-0001@klient.example\r\nSubject: " + subject +
			"\r\nMessage-ID: <" + strings.ReplaceAll(subject, " ", ".") + "@exempel.se>\r\n\r\nSe bifogat utkast.\r\n"
		must(t, smtp.SendMail(addr, smtp.PlainAuth("", "x", secret, "127.0.0.1"), "motpart@exempel.se",
			[]string{"arende+1999-0001@klient.example"}, []byte(msg)))
	}
	signInBrowser(t, ctx, base, a.me.Email)

	step(t, ctx, "open the queue from the start page", chromedp.Navigate(base+"/work"), chromedp.WaitVisible(chromedp.CSS(`#held-mail`)),
		chromedp.Click(chromedp.CSS(`#held-mail`)), chromedp.WaitVisible(chromedp.CSS(`main section`)))
	want(t, text(t, ctx, "main h1"), "Incoming e-mail to file")
	wantContains(t, text(t, ctx, "main"), "Avtalsutkast från motparten", "Nyhetsbrev", "motpart@exempel.se",
		"Se bifogat utkast.", "No matter you work on has the number the message names.")
	if v := axeViolations(t, ctx); len(v) > 0 {
		t.Errorf("axe-core on the queue:\n  %s", strings.Join(v, "\n  "))
	}
	step(t, ctx, "open the queue at 390 px", chromedp.EmulateViewport(phoneWidth, phoneHeight, chromedp.EmulateMobile, chromedp.EmulateTouch),
		chromedp.Navigate(base+"/mail/held"), chromedp.WaitVisible(chromedp.CSS(`main h1`)))
	if problems := read(t, ctx, "the layout", chromedp.Evaluate[[]string](layoutProblemsJS)); len(problems) > 0 {
		t.Errorf("the queue at 390 px:\n  %s", strings.Join(problems, "\n  "))
	}
	if v := axeViolations(t, ctx); len(v) > 0 {
		t.Errorf("axe-core on the queue at 390 px:\n  %s", strings.Join(v, "\n  "))
	}

	first := `main section:first-of-type`
	step(t, ctx, "file it under a number that is no matter",
		chromedp.SendKeys(chromedp.CSS(first+` input[name="number"]`), "1999-0002"),
		chromedp.Click(chromedp.CSS(first+` button.primary`)), chromedp.WaitVisible(chromedp.CSS(`.error-summary`)))
	wantContains(t, text(t, ctx, ".error-summary"), "No matter you work on has that number.")

	step(t, ctx, "file it under the matter",
		chromedp.SetValue(chromedp.CSS(first+` input[name="number"]`), m.Number),
		chromedp.Click(chromedp.CSS(first+` button.primary`)), chromedp.WaitVisible(chromedp.CSS(`.alert.info`)))
	want(t, text(t, ctx, ".alert.info"), "The e-mail is filed under the matter.")
	wantContains(t, text(t, ctx, "main"), m.Number, "Avtalsutkast från motparten", "Se bifogat utkast.")

	step(t, ctx, "discard the other",
		chromedp.Navigate(base+"/mail/held"), chromedp.WaitVisible(chromedp.CSS(`main section button.danger`)),
		chromedp.Click(chromedp.CSS(`main section button.danger`)), chromedp.WaitVisible(chromedp.CSS(`#confirm-yes`)))
	wantContains(t, text(t, ctx, "main"), "Discard the e-mail “Nyhetsbrev”?", "can never be read again")
	step(t, ctx, "confirm", chromedp.Click(chromedp.CSS(`#confirm-yes`)), chromedp.WaitVisible(chromedp.CSS(`.alert.info`)))
	want(t, text(t, ctx, ".alert.info"), "The e-mail is discarded.")
	want(t, text(t, ctx, "main .empty"), "No e-mail is waiting for you.")
}

// mailListener serves incoming e-mail for the app on a free loopback port
// until the test ends, with the filer `klient serve` builds.
func (a *app) mailListener() string {
	a.t.Helper()
	f, err := mailin.Open(mailin.Parts{Pool: a.pool, Store: a.store, Codec: a.codec, Keys: a.keys,
		Shredder: keyShredder{a}, Clock: apptest.Now, MaxUpload: testUploadLimit})
	must(a.t, err)
	srv, err := mailin.NewServer(mailin.ServerConfig{Filer: f, Tokens: a.creds, Log: slog.New(slog.DiscardHandler)})
	must(a.t, err)
	l, err := net.Listen("tcp", "127.0.0.1:0")
	must(a.t, err)
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan struct{})
	go func() { defer close(done); _ = srv.Serve(ctx, l) }()
	a.t.Cleanup(func() { cancel(); <-done })
	return l.Addr().String()
}

// keyShredder destroys a key as the journalled shredder does.
type keyShredder struct{ a *app }

func (s keyShredder) ShredKey(ctx context.Context, subject string) error {
	_, err := s.a.keys.Shred(ctx, subject)
	return err
}

// TestBrowserAutomaticMessagesAreTheResponsibleLawyers (issue 15): from
// the matter's Communications tab the responsible lawyer opens the
// automatic messages, is refused a report every 3 days with the range,
// and saves a monthly report and reminders a week ahead; the form is
// axe-clean. A colleague on the matter reads the settings but may not
// change them (403, nothing written).
func TestBrowserAutomaticMessagesAreTheResponsibleLawyers(t *testing.T) {
	t.Parallel()
	a, base, ctx := browserApp(t)
	colleague := a.member(access.RoleLawyer)
	client := a.createPerson("Åsa", "Öberg")
	m := a.openMatter("Öberg ./. Bolaget AB", a.me.ID, client, nil, []string{colleague.ID}, nil)
	signInBrowser(t, ctx, base, a.me.Email)

	step(t, ctx, "open the automatic messages from the log",
		chromedp.Navigate(base+"/matters/"+m.ID+"/communications"), chromedp.WaitVisible(chromedp.CSS(`#automatic-messages`)),
		chromedp.Click(chromedp.CSS(`#automatic-messages`)), chromedp.WaitVisible(chromedp.CSS(`#automatic-form`)))
	want(t, text(t, ctx, "main h1"), "Automatic messages")
	if v := axeViolations(t, ctx); len(v) > 0 {
		t.Errorf("axe-core on the automatic messages:\n  %s", strings.Join(v, "\n  "))
	}
	step(t, ctx, "ask for a report every 3 days",
		chromedp.SetValue(chromedp.CSS(`#status_report_days`), "3"), chromedp.SetValue(chromedp.CSS(`#reminder_days`), "7"),
		chromedp.Click(chromedp.CSS(`#automatic-save`)), chromedp.WaitVisible(chromedp.CSS(`.error-summary`)))
	wantContains(t, text(t, ctx, ".error-summary"), "A status report goes every 7 to 365 days, or never (0).")
	if v := axeViolations(t, ctx); len(v) > 0 {
		t.Errorf("axe-core on the refused form:\n  %s", strings.Join(v, "\n  "))
	}
	step(t, ctx, "save a monthly report",
		chromedp.SetValue(chromedp.CSS(`#status_report_days`), "30"),
		chromedp.Click(chromedp.CSS(`#automatic-save`)), chromedp.WaitVisible(chromedp.CSS(`.alert.info`)))
	want(t, text(t, ctx, ".alert.info"), "The automatic messages are saved.")
	step(t, ctx, "open them again", chromedp.Navigate(base+"/matters/"+m.ID+"/automatic"), chromedp.WaitVisible(chromedp.CSS(`#automatic-form`)))
	if got := read(t, ctx, "the report's days", chromedp.Evaluate[string](`document.querySelector('#status_report_days').value`)); got != "30" {
		t.Errorf("the saved report interval reads %q, want 30", got)
	}

	other := a.as(a.signIn(colleague.ID))
	page := other.get("/matters/" + m.ID + "/automatic")
	wantStatus(t, page, http.StatusOK)
	wantContains(t, page.Body.String(), "Bara ärendets ansvariga advokat kan ändra", `value="30"`)
	rec := other.post("/matters/"+m.ID+"/automatic", url.Values{"status_report_days": {"0"}, "reminder_days": {"0"}})
	wantStatus(t, rec, http.StatusForbidden)
	wantStatus(t, other.get("/matters/"+m.ID+"/automatic"), http.StatusOK)
	if !strings.Contains(other.get("/matters/"+m.ID+"/automatic").Body.String(), `value="30"`) {
		t.Error("a colleague's refused save changed the settings")
	}
}

// TestHeldMailIsInTheAccessPackage (issue 15): an e-mail from a person's
// address that waits in a member's queue is in that person's access
// package, by the API and on the package's page, as held mail awaiting
// filing from them.
func TestHeldMailIsInTheAccessPackage(t *testing.T) {
	t.Parallel()
	a := newApp(t)
	rec := a.call(http.MethodPost, "/api/v1/contacts", annaJSON)
	wantStatus(t, rec, http.StatusCreated)
	anna := decode[contactpages.ContactJSON](t, rec).ID
	other := a.createPerson("Karl", "Kvist")
	addr := a.mailListener()
	secret, _, err := a.creds.CreateToken(context.Background(), credentials.NewToken{Name: "E-post", Roles: []access.Role{access.RoleLawyer},
		Scopes: []access.Scope{access.ScopeCommunicationsWrite, access.ScopeDocumentsWrite}, CreatedBy: a.me.ID})
	must(t, err)
	msg := "From: Anna Lindqvist <Anna@Example.se>\r\nTo: arende+1999-0001@klient.example\r\nSubject: Fråga om bouppteckningen" +
		"\r\nMessage-ID: <fraga-1@example.se>\r\n\r\nHej, hur går det?\r\n"
	must(t, smtp.SendMail(addr, smtp.PlainAuth("", "x", secret, "127.0.0.1"), "anna@example.se",
		[]string{"arende+1999-0001@klient.example"}, []byte(msg)))

	d := a.requestsOfficer()
	type pkg struct {
		HeldMail []struct {
			ID    string
			Bytes int64
			Roles []string
		} `json:"held_mail"`
	}
	rec = d.call(http.MethodGet, "/api/v1/subjects/"+anna+"/export", "")
	wantStatus(t, rec, http.StatusOK)
	if got := decode[pkg](t, rec).HeldMail; len(got) != 1 || got[0].Bytes <= 0 || !slices.Equal(got[0].Roles, []string{"from"}) {
		t.Errorf("Anna's package lists held mail %+v, want her one message, from her", got)
	}
	rec = d.call(http.MethodGet, "/api/v1/subjects/"+other+"/export", "")
	wantStatus(t, rec, http.StatusOK)
	if got := decode[pkg](t, rec).HeldMail; len(got) != 0 {
		t.Errorf("Karl's package lists held mail %+v", got)
	}
	id := d.registerRequest(anna, "access", date(-1), "BankID")
	page := d.get("/gdpr/requests/" + id + "/package?format=html")
	wantStatus(t, page, http.StatusOK)
	wantContains(t, page.Body.String(), "Inkommande e-post som väntar på arkivering", "från dig")
}
