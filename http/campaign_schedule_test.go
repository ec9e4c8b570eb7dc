package http_test

import (
	"context"
	"encoding/json"
	"html"
	"log/slog"
	"net/http"
	"net/url"
	"strings"
	"sync"
	"testing"
	"time"

	commcmd "github.com/klient-crm/klient/commands/communication"
	"github.com/klient-crm/klient/commands/journal"
	"github.com/klient-crm/klient/domain/access"
	klienthttp "github.com/klient-crm/klient/http"
	"github.com/klient-crm/klient/http/contacts"
	"github.com/klient-crm/klient/http/web"
	"github.com/klient-crm/klient/internal/automail"
	"github.com/klient-crm/klient/internal/mailer"
	"github.com/klient-crm/klient/internal/mailtest"
	"github.com/klient-crm/klient/projections/outbox"
)

// A scheduled campaign (issue 15: "schedule or send"): refused in Swedish
// with nothing written when its time has passed or the firm's public
// address is not set; sent by the due job exactly once however many run
// it at the same time, to the audience as it is when due (a consent
// withdrawn after the scheduling gets nothing), with links on the public
// address; a cancelled one never sent; a sent one cannot be cancelled
// (409). The page schedules with a date and a time in Swedish time and
// asks before it cancels.
func TestScheduledCampaign(t *testing.T) {
	t.Parallel()
	const public = "https://klient.example.se"
	a := newAppWith(t, web.Config{}, func(d *klienthttp.Deps) { d.People.Campaigns.PublicURL = public })
	marketer := a.member(access.RoleMarketing)
	token := a.scopedToken(marketer.ID, []access.Role{access.RoleMarketing}, access.ScopeCampaignsRead, access.ScopeCampaignsWrite)
	api := a.as("")
	body := func(v any) string { b, _ := json.Marshal(v); return string(b) }
	withEmail := func(given string) string {
		rec := a.call(http.MethodPost, "/api/v1/contacts", `{"kind":"person","details":{"given_name":"`+given+
			`","family_name":"Schema","emails":[{"address":"`+strings.ToLower(given)+`@example.se"}]}}`)
		wantStatus(t, rec, http.StatusCreated)
		return between(rec.Body.String(), `"id":"`, `"`)
	}
	ulla, vera, olle := withEmail("Ulla"), withEmail("Vera"), withEmail("Olle")
	a.giveConsent(ulla, "marketing")
	veraConsent := a.giveConsent(vera, "marketing")
	a.giveConsent(olle, "marketing")

	later := time.Now().Add(time.Hour).UTC().Truncate(time.Second)
	julbrev := map[string]any{"name": "Julbrev", "purpose": "marketing", "subject": "God jul", "body": "Hej!\n\nGod jul.",
		"send_at": later.Format(time.RFC3339)}
	before := a.events()
	past := map[string]any{"name": "Sent", "purpose": "marketing", "subject": "Ä", "body": "B", "send_at": time.Now().Add(-time.Minute).Format(time.RFC3339)}
	p := wantProblem(t, api.call(http.MethodPost, "/api/v1/campaigns", body(past), token...), http.StatusUnprocessableEntity)
	if !strings.Contains(problemMessages(p), "Tidpunkten för utskicket har redan passerat") {
		t.Errorf("a send time that has passed: %+v", p)
	}
	a.deps.People.Campaigns.PublicURL = ""
	a.rebuild()
	p = wantProblem(t, a.as("").call(http.MethodPost, "/api/v1/campaigns", body(julbrev), token...), http.StatusUnprocessableEntity)
	if !strings.Contains(problemMessages(p)+p.Detail, "KLIENT_PUBLIC_URL") {
		t.Errorf("scheduling without the public address: %+v", p)
	}
	a.deps.People.Campaigns.PublicURL = public
	a.rebuild()
	api = a.as("")
	if n := a.events() - before; n != 0 {
		t.Fatalf("refused schedules wrote %d events", n)
	}

	rec := api.call(http.MethodPost, "/api/v1/campaigns", body(julbrev), token...)
	wantStatus(t, rec, http.StatusCreated)
	scheduled := decode[contacts.CampaignJSON](t, rec)
	if scheduled.Status != "scheduled" || scheduled.SendAt == nil || !scheduled.SendAt.Equal(later) || scheduled.Recipients != 0 {
		t.Fatalf("scheduled = %+v, want scheduled for %s with nobody queued yet", scheduled, later)
	}
	cancelled := decode[contacts.CampaignJSON](t, api.call(http.MethodPost, "/api/v1/campaigns", body(map[string]any{"name": "Nyår",
		"purpose": "marketing", "subject": "Gott nytt år", "body": "Hej", "send_at": later.Format(time.RFC3339)}), token...))
	rec = api.call(http.MethodPost, "/api/v1/campaigns/"+cancelled.ID+"/cancel", "", token...)
	wantStatus(t, rec, http.StatusOK)
	if got := decode[contacts.CampaignJSON](t, rec); got.Status != "cancelled" {
		t.Errorf("cancelled = %+v", got)
	}
	p = wantProblem(t, api.call(http.MethodPost, "/api/v1/campaigns/"+cancelled.ID+"/cancel", "", token...), http.StatusConflict)
	if p.Detail != "Kampanjen är redan inställd." && p.Title != "Kampanjen är redan inställd." {
		t.Errorf("a second cancel: %+v", p)
	}
	wantProblem(t, api.call(http.MethodPost, "/api/v1/campaigns/"+newID()+"/cancel", "", token...), http.StatusNotFound)

	// Vera withdraws after the scheduling: the campaign, drawn when due,
	// leaves her out.
	wantStatus(t, a.call(http.MethodPost, "/api/v1/contacts/"+vera+"/consents/"+veraConsent+"/withdraw", ""), http.StatusOK)

	comms, err := commcmd.NewCommunications(a.store, a.codec, time.Now)
	must(t, err)
	send, err := commcmd.NewSendCampaignHandler(comms)
	must(t, err)
	schedules, err := commcmd.NewScheduleHandler(comms)
	must(t, err)
	job := automail.Campaigns{Pool: a.pool, Schedules: schedules, Send: send, Links: a.deps.People.Privacy.Links,
		Sent: func(ctx context.Context, id string) (bool, error) {
			_, found, err := comms.LoadCampaign(ctx, id)
			return found, err
		},
		Lifetime: time.Hour, ReadModels: a.rt, Clock: func() time.Time { return time.Now().Add(2 * time.Hour) }, Log: slog.New(slog.DiscardHandler)}
	if n, err := (automail.Campaigns{Pool: job.Pool, Schedules: schedules, Send: send, Links: job.Links, Sent: job.Sent, Lifetime: time.Hour,
		ReadModels: a.rt, Clock: time.Now, Log: slog.New(slog.DiscardHandler)}).RunOnce(context.Background()); err != nil || n != 0 {
		t.Fatalf("a round before the time sent %d (%v)", n, err)
	}
	var wg sync.WaitGroup
	var mu sync.Mutex
	total := 0
	for range 3 {
		wg.Go(func() {
			n, err := job.RunOnce(context.Background())
			if err != nil {
				t.Errorf("due job: %v", err)
			}
			mu.Lock()
			total += n
			mu.Unlock()
		})
	}
	wg.Wait()
	if n, err := job.RunOnce(context.Background()); err != nil || n != 0 || total != 1 {
		t.Fatalf("three rounds at once sent %d campaigns, a fourth %d (%v): want 1, then 0", total, n, err)
	}

	pit := mailtest.Start(t, 0)
	srv, err := mailer.ParseServer(pit.SMTPURL())
	must(t, err)
	from, err := mailer.ParseFrom("Testbyrån AB <info@testbyran.example>")
	must(t, err)
	sender, err := mailer.New(mailer.Config{Server: srv, From: from, Queue: outbox.NewQueue(a.pool), Log: a.store, Opener: a.codec})
	must(t, err)
	for deadline := time.Now().Add(20 * time.Second); time.Now().Before(deadline); time.Sleep(20 * time.Millisecond) {
		n, err := sender.SendDue(context.Background())
		must(t, err)
		if n == 0 && pit.Count() >= 2 {
			break
		}
	}
	got := map[string]string{}
	for _, msg := range pit.Messages() {
		got[msg.To[0].Address] = msg.Subject
		link := strings.Trim(strings.Join(pit.Headers(msg.ID)["List-Unsubscribe"], ""), "<>")
		if !strings.HasPrefix(link, public+"/consent/withdraw/") {
			t.Errorf("%s: unsubscribe link %q, want one on %s", msg.To[0].Address, link, public)
		}
	}
	if len(got) != 2 || got["ulla@example.se"] != "God jul" || got["olle@example.se"] != "God jul" || pit.Count() != 2 {
		t.Fatalf("mailpit holds %v (%d messages), want God jul once to Ulla and Olle, nothing to Vera, nothing of the cancelled one", got, pit.Count())
	}

	report := decode[contacts.CampaignJSON](t, api.call(http.MethodGet, "/api/v1/campaigns/"+scheduled.ID, "", token...))
	if report.Status != "sent" || report.Recipients != 2 {
		t.Errorf("report after sending = %+v, want sent to 2", report)
	}
	p = wantProblem(t, api.call(http.MethodPost, "/api/v1/campaigns/"+scheduled.ID+"/cancel", "", token...), http.StatusConflict)
	if p.Detail != "Kampanjen har redan skickats och kan inte ställas in." && p.Title != "Kampanjen har redan skickats och kan inte ställas in." {
		t.Errorf("cancelling a sent campaign: %+v", p)
	}

	// The page: a date and a time in Swedish time schedule it; the list
	// says when; cancelling asks first.
	marketing := a.as(a.signIn(marketer.ID))
	when := time.Now().In(time.FixedZone("", 0)).AddDate(0, 0, 2)
	id := newID()
	rec = marketing.post("/campaigns", url.Values{"campaign_id": {id}, "name": {"Seminarium"}, "purpose": {"marketing"},
		"subject": {"Välkommen"}, "body": {"Till seminariet"}, "send_date": {when.Format("2006-01-02")}, "send_time": {"09:30"}})
	wantStatus(t, rec, http.StatusSeeOther)
	page := html.UnescapeString(marketing.get("/campaigns/" + id).Body.String())
	wantContains(t, page, "Schemalagd att skickas "+when.Format("2006-01-02")+" 09:30", "Ställ in kampanjen")
	rec = marketing.post("/campaigns/"+id+"/cancel", url.Values{})
	wantStatus(t, rec, http.StatusOK)
	wantContains(t, html.UnescapeString(rec.Body.String()), "Ställa in kampanjen Seminarium som ska skickas "+when.Format("2006-01-02")+" 09:30?")
	wantStatus(t, marketing.confirmed("/campaigns/"+id+"/cancel", url.Values{}), http.StatusSeeOther)
	wantContains(t, html.UnescapeString(marketing.get("/campaigns/"+id).Body.String()), "Inställd.")
	rec = marketing.post("/campaigns", url.Values{"name": {"Fel"}, "purpose": {"marketing"}, "subject": {"Ä"}, "body": {"B"},
		"send_date": {when.Format("2006-01-02")}})
	wantStatus(t, rec, http.StatusUnprocessableEntity)
	wantContains(t, html.UnescapeString(rec.Body.String()), "Ange både datum och klockslag")
}

// A campaign cut off by a crash between its start and its queueing
// (CampaignStarted written, no campaign record): a round before
// automail.ResumeAfter leaves it alone, as another instance may be queueing
// it that moment; a round after it queues the campaign, each recipient
// once, and a further round finds nothing to do.
func TestACampaignCutOffByACrashIsResumed(t *testing.T) {
	t.Parallel()
	a := newAppWith(t, web.Config{}, func(d *klienthttp.Deps) { d.People.Campaigns.PublicURL = "https://klient.example.se" })
	marketer := a.member(access.RoleMarketing)
	token := a.scopedToken(marketer.ID, []access.Role{access.RoleMarketing}, access.ScopeCampaignsRead, access.ScopeCampaignsWrite)
	for _, given := range []string{"Karin", "Lars"} {
		rec := a.call(http.MethodPost, "/api/v1/contacts", `{"kind":"person","details":{"given_name":"`+given+
			`","family_name":"Avbruten","emails":[{"address":"`+strings.ToLower(given)+`@example.se"}]}}`)
		wantStatus(t, rec, http.StatusCreated)
		a.giveConsent(between(rec.Body.String(), `"id":"`, `"`), "marketing")
	}
	rec := a.as("").call(http.MethodPost, "/api/v1/campaigns", `{"name":"Vårbrev","purpose":"marketing","subject":"Vår",`+
		`"body":"Hej!","send_at":"`+time.Now().Add(time.Hour).UTC().Format(time.RFC3339)+`"}`, token...)
	wantStatus(t, rec, http.StatusCreated)
	id := decode[contacts.CampaignJSON](t, rec).ID

	var mu sync.Mutex
	var ahead time.Duration // how far the log's clock has moved on since the crash
	clock := func() time.Time { mu.Lock(); defer mu.Unlock(); return time.Now().Add(ahead) }
	comms, err := commcmd.NewCommunications(a.store, a.codec, clock)
	must(t, err)
	send, err := commcmd.NewSendCampaignHandler(comms)
	must(t, err)
	schedules, err := commcmd.NewScheduleHandler(comms)
	must(t, err)
	// The crash: the campaign is taken, and nothing after that happens.
	s, found, err := schedules.Load(context.Background(), id)
	if err != nil || !found {
		t.Fatalf("the schedule: found %v (%v)", found, err)
	}
	_, err = schedules.Start(context.Background(), journal.Actor{ID: marketer.ID}, s)
	must(t, err)

	job := automail.Campaigns{Pool: a.pool, Schedules: schedules, Send: send, Links: a.deps.People.Privacy.Links,
		Sent: func(ctx context.Context, id string) (bool, error) {
			_, found, err := comms.LoadCampaign(ctx, id)
			return found, err
		},
		Lifetime: time.Hour, ReadModels: a.rt, Clock: func() time.Time { return clock().Add(2 * time.Hour) }, Log: slog.New(slog.DiscardHandler)}
	if n, err := job.RunOnce(context.Background()); err != nil || n != 0 {
		t.Fatalf("a round right after the start sent %d (%v); want it left to whoever is queueing it", n, err)
	}
	mu.Lock()
	ahead = automail.ResumeAfter + time.Minute
	mu.Unlock()
	if n, err := job.RunOnce(context.Background()); err != nil || n != 1 {
		t.Fatalf("a round after %s sent %d (%v); want the cut-off campaign resumed", automail.ResumeAfter, n, err)
	}
	if n, err := job.RunOnce(context.Background()); err != nil || n != 0 {
		t.Fatalf("a round after the resumption sent %d (%v); want nothing", n, err)
	}
	a.settle()
	var queued, people int
	must(t, a.pool.QueryRow(context.Background(), `SELECT count(*), count(DISTINCT recipient) FROM mail_outbox WHERE campaign_id = $1`, id).
		Scan(&queued, &people))
	if queued != 2 || people != 2 {
		t.Errorf("the resumed campaign queued %d e-mails to %d people; want one each to Karin and Lars", queued, people)
	}
	report := decode[contacts.CampaignJSON](t, a.as("").call(http.MethodGet, "/api/v1/campaigns/"+id, "", token...))
	if report.Status != "sent" || report.Recipients != 2 {
		t.Errorf("the report after the resumption: %+v; want sent to 2", report)
	}
}
