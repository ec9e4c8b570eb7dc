package http_test

import (
	"context"
	"crypto/hmac"
	"crypto/sha256"
	"encoding/base64"
	"encoding/hex"
	"encoding/json"
	"html"
	"io"
	"net/http"
	"net/http/httptest"
	"net/url"
	"regexp"
	"strings"
	"sync"
	"testing"
	"time"

	contactcmd "github.com/klient-crm/klient/commands/contact"
	dpocmd "github.com/klient-crm/klient/commands/dpo"
	"github.com/klient-crm/klient/commands/journal"
	"github.com/klient-crm/klient/domain/access"
	"github.com/klient-crm/klient/domain/contact"
	domaindpo "github.com/klient-crm/klient/domain/dpo"
	klienthttp "github.com/klient-crm/klient/http"
	integrationpages "github.com/klient-crm/klient/http/integrations"
	"github.com/klient-crm/klient/http/web"
	"github.com/klient-crm/klient/internal/apptest"
	"github.com/klient-crm/klient/internal/webhooks"
	"github.com/klient-crm/klient/projections/accesslog"
	"github.com/klient-crm/klient/projections/integrations"
)

// TestAdminRegistersAWebhook (issue 18): an administrator registers a
// webhook on /admin/webhooks and is shown its secret once; an address on
// a loopback or private network, or not https, is refused in Swedish on
// its field with nothing written, as are a missing name, kinds and roles;
// the secret is nowhere in the database in the clear; the webhook's page
// shows its empty delivery log; deleting it asks first; others get 403.
func TestAdminRegistersAWebhook(t *testing.T) {
	t.Parallel()
	a := newApp(t)
	admin := a.as(a.signIn(a.member(access.RoleAdmin).ID))
	ctx := context.Background()
	count := func() (n int) {
		must(t, a.pool.QueryRow(ctx, `SELECT count(*) FROM webhook_subscriptions`).Scan(&n))
		return n
	}

	refused := admin.post("/admin/webhooks", url.Values{"name": {"Fakturasystemet"}, "url": {"http://127.0.0.1:8080/hooks"},
		"kinds": {"matter.opened"}, "roles": {"lawyer"}})
	wantStatus(t, refused, http.StatusUnprocessableEntity)
	wantContains(t, refused.Body.String(), "Adressen måste börja med https://")
	for _, u := range []string{"https://10.0.0.7/hooks", "https://localhost/hooks", "https://[::1]/hooks"} {
		wantStatus(t, admin.post("/admin/webhooks", url.Values{"name": {"X"}, "url": {u}, "kinds": {"matter.opened"},
			"roles": {"lawyer"}}), http.StatusUnprocessableEntity)
	}
	empty := admin.post("/admin/webhooks", url.Values{"url": {"https://hooks.example.com/klient"}})
	wantStatus(t, empty, http.StatusUnprocessableEntity)
	for _, msg := range []string{"Ange vilket system som tar emot.", "Välj minst en händelse.", "Välj minst en roll."} {
		wantContains(t, empty.Body.String(), msg)
	}
	if n := count(); n != 0 {
		t.Fatalf("refused forms wrote %d webhooks", n)
	}

	created := admin.post("/admin/webhooks", url.Values{"name": {"Fakturasystemet"}, "url": {"https://hooks.example.com/klient"},
		"kinds": {"matter.opened", "contact.erased"}, "roles": {"lawyer"}})
	wantStatus(t, created, http.StatusCreated)
	secret := regexp.MustCompile(`whsec_[A-Za-z0-9+/=]{40,}`).FindString(html.UnescapeString(created.Body.String()))
	if secret == "" {
		t.Fatalf("the secret is not shown: %s", created.Body.String())
	}
	if tables := tablesHolding(t, a, secret); len(tables) > 0 {
		t.Errorf("the secret is in the clear in %v", tables)
	}
	subs, err := integrations.NewWebhooks(a.pool).List(ctx)
	must(t, err)
	if len(subs) != 1 || subs[0].URL != "https://hooks.example.com/klient" || strings.Join(subs[0].Kinds, " ") != "matter.opened contact.erased" {
		t.Fatalf("webhooks %+v", subs)
	}
	list := admin.get("/admin/webhooks").Body.String()
	wantContains(t, list, "Fakturasystemet")
	wantAbsent(t, html.UnescapeString(list), secret)
	page := admin.get("/admin/webhooks/" + subs[0].ID)
	wantStatus(t, page, http.StatusOK)
	wantContains(t, page.Body.String(), "Inga leveranser ännu.")
	wantAbsent(t, html.UnescapeString(page.Body.String()), secret)
	wantStatus(t, admin.get("/admin/webhooks/"+newID()), http.StatusNotFound)

	// A delivery's line in the access log names the webhook (the sender
	// writes it so: internal/webhooks' TestWebhookDeliveryIsInTheAccessLog).
	person := a.createPerson("Vera", "Webhook")
	must(t, accesslog.Record(ctx, a.pool, nil, accesslog.Entry{StaffID: subs[0].StaffID, Subjects: []string{person},
		Route: "/webhooks/{id}", Action: access.ContactView, CorrelationID: "msg_" + newID(), Via: accesslog.ViaWebhook,
		WebhookID: subs[0].ID}))
	other := a.as(a.signIn(a.member(access.RoleAdmin).ID)) // one's own reads are not listed first
	wantContains(t, other.get("/admin/access-log").Body.String(), "skickat till ett annat system · av webhooken ”Fakturasystemet”")

	// Paused after repeated failure, the page says so and why, and the
	// administrator resumes it.
	must(t, integrations.NewWebhooks(a.pool).Pause(ctx, subs[0].ID, "failures"))
	paused := admin.get("/admin/webhooks/" + subs[0].ID).Body.String()
	wantContains(t, paused, "Pausad: mottagaren svarade inte rätt tio gånger i rad.")
	wantContains(t, admin.get("/admin/webhooks").Body.String(), "Pausad")
	wantStatus(t, admin.post("/admin/webhooks/"+subs[0].ID+"/resume", url.Values{}), http.StatusSeeOther)
	if got, err := integrations.NewWebhooks(a.pool).Get(ctx, subs[0].ID); err != nil || got.Status != integrations.StatusActive {
		t.Errorf("resumed webhook: %+v, %v", got, err)
	}

	// The signing key is in the key store until the webhook is deleted (a
	// bytea column reads as its hex, which the scan looks for).
	var wrapped []byte
	must(t, a.pool.QueryRow(ctx, `SELECT keyset FROM keystore_subject_keys WHERE subject = $1`,
		integrations.SecretSubject(subs[0].ID)).Scan(&wrapped))
	if tables := tablesHolding(t, a, hex.EncodeToString(wrapped)); len(tables) != 1 {
		t.Fatalf("the wrapped signing key is in %v, want keystore_subject_keys alone: the scan sees nothing", tables)
	}

	ask := admin.post("/admin/webhooks/"+subs[0].ID+"/delete", url.Values{})
	wantStatus(t, ask, http.StatusOK)
	wantContains(t, ask.Body.String(), "Ta bort webhooken ”Fakturasystemet”?")
	if count() != 1 {
		t.Fatal("the question alone deleted the webhook")
	}
	wantStatus(t, admin.confirmed("/admin/webhooks/"+subs[0].ID+"/delete", url.Values{}), http.StatusSeeOther)
	if count() != 0 {
		t.Error("the confirmed deletion left the webhook")
	}
	// Deleted, its key is destroyed (with a tombstone, so that no restore
	// brings it back): no row anywhere holds the wrapped key.
	if tables := tablesHolding(t, a, hex.EncodeToString(wrapped)); len(tables) > 0 {
		t.Errorf("the deleted webhook's signing key is still in %v", tables)
	}
	if gone, err := a.keys.IsShredded(ctx, integrations.SecretSubject(subs[0].ID)); err != nil || !gone {
		t.Errorf("the deleted webhook's key: shredded %v, %v", gone, err)
	}

	lawyer, _ := a.lawyer()
	wantStatus(t, a.as(a.signIn(lawyer.ID)).get("/admin/webhooks"), http.StatusForbidden)
}

// tablesHolding lists the tables with a text or bytea column holding s.
func tablesHolding(t *testing.T, a *app, s string) []string {
	t.Helper()
	rows, err := a.pool.Query(context.Background(), `SELECT table_name, column_name FROM information_schema.columns
		WHERE table_schema = 'public' AND data_type IN ('text', 'bytea', 'jsonb', 'ARRAY')`)
	must(t, err)
	type col struct{ table, column string }
	var cols []col
	for rows.Next() {
		var c col
		must(t, rows.Scan(&c.table, &c.column))
		cols = append(cols, c)
	}
	var out []string
	for _, c := range cols {
		var found bool
		must(t, a.pool.QueryRow(context.Background(), `SELECT EXISTS (SELECT 1 FROM "`+c.table+`" WHERE position($1::bytea in convert_to("`+
			c.column+`"::text, 'UTF8')) > 0)`, s).Scan(&found))
		if found {
			out = append(out, c.table+"."+c.column)
		}
	}
	return out
}

// webhookWithDeliveries registers a paused webhook for staffID with a long
// address and a delivered and a failed attempt, for the layout tests; it
// returns its page.
func (a *app) webhookWithDeliveries(staffID string) string {
	a.t.Helper()
	ctx := context.Background()
	id := newID()
	hooks := integrations.NewWebhooks(a.pool)
	must(a.t, hooks.Create(ctx, integrations.Subscription{ID: id, Name: "Fakturasystemet",
		URL:   "https://integrationer.fakturasystemet.example.com/webhooks/klient/advokatbyran-testsson/inkommande",
		Kinds: integrations.Kinds, StaffID: staffID, Roles: []string{"lawyer"}, SecretSealed: []byte{1}, CreatedBy: staffID}, integrations.Position{}))
	for _, status := range []string{"delivered", "failed"} {
		_, err := a.pool.Exec(ctx, `INSERT INTO webhook_deliveries (subscription_id, event_id, kind, outcome, status_code, error, duration_ms)
			VALUES ($1, $2, 'communication.corrected', $3, CASE WHEN $3 = 'failed' THEN 503 ELSE 204 END,
				CASE WHEN $3 = 'failed' THEN 'http_503' ELSE '' END, 42)`, id, newID(), status)
		must(a.t, err)
	}
	must(a.t, hooks.Pause(ctx, id, "failures"))
	return "/admin/webhooks/" + id
}

// TestNewWebhookWaitsForTheFeed (issue 18): a new webhook starts at the
// log's head once the feed has applied it, never at the feed's last
// entry. While the feed is behind the log (a rebuild, a stalled
// projector: here its table is held locked) registering one answers 503
// with Retry-After and a Swedish reason, and writes nothing — no
// webhook, no key; once the feed has caught up it is made, starting after
// the last event, so what happened before is not sent to it.
func TestNewWebhookWaitsForTheFeed(t *testing.T) {
	t.Parallel()
	a := newAppWith(t, web.Config{ReadYourWrites: time.Second})
	admin := a.as(a.signIn(a.member(access.RoleAdmin).ID))
	ctx := context.Background()
	form := url.Values{"name": {"Fakturasystemet"}, "url": {"https://hooks.example.com/klient"},
		"kinds": {"contact.registered"}, "roles": {"lawyer"}}

	tx, err := a.pool.Begin(ctx)
	must(t, err)
	defer func() { _ = tx.Rollback(ctx) }()
	_, err = tx.Exec(ctx, `LOCK TABLE integration_feed_v1 IN ACCESS EXCLUSIVE MODE`)
	must(t, err)
	// Registered through the command, not the API, whose read-your-writes
	// wait the stalled feed would hold back: the projectors share a
	// subscription.
	people, err := contactcmd.NewContacts(a.store, a.codec, apptest.Now)
	must(t, err)
	apptest.Person(t, people, contact.PersonDetails{GivenName: "Före", FamilyName: "Webhooken"})

	refused := admin.post("/admin/webhooks", form)
	wantStatus(t, refused, http.StatusServiceUnavailable)
	if refused.Header().Get("Retry-After") == "" {
		t.Error("503 without Retry-After")
	}
	wantContains(t, refused.Body.String(), "Händelseflödet byggs om just nu")
	var hooks, keys int
	must(t, a.pool.QueryRow(ctx, `SELECT (SELECT count(*) FROM webhook_subscriptions),
		(SELECT count(*) FROM keystore_subject_keys WHERE subject LIKE 'webhook-%')`).Scan(&hooks, &keys))
	if hooks != 0 || keys != 0 {
		t.Fatalf("a refused webhook wrote %d webhooks and %d keys", hooks, keys)
	}

	must(t, tx.Rollback(ctx))
	wantStatus(t, admin.post("/admin/webhooks", form), http.StatusCreated)
	head, err := a.rt.Head(ctx)
	must(t, err)
	subs, err := integrations.NewWebhooks(a.pool).List(ctx)
	must(t, err)
	if len(subs) != 1 || subs[0].After != integrations.PositionOf(head) {
		t.Fatalf("webhooks %+v; want one starting at the log's head %v", subs, head)
	}
	// The person registered before it is in the feed, and not after the
	// webhook's start. The feed shows entries only up to the read models
	// it names people from (integrations.Horizon); the webhook's creation
	// waited for the feed alone, so under load those may still be behind.
	a.awaitModels(integrations.Horizon...)
	lawyer := integrations.Reader{StaffID: subs[0].StaffID, Areas: []string{"contact"}, Restricted: true}
	before, err := integrations.Read(ctx, a.pool, lawyer, integrations.Position{}, 100)
	must(t, err)
	after, err := integrations.Read(ctx, a.pool, lawyer, subs[0].After, 100)
	must(t, err)
	if len(before) == 0 || len(after) != 0 {
		t.Errorf("%d entries in the feed, %d after the webhook's start; want some, none", len(before), len(after))
	}
}

// TestWebhookTestAndRedelivery (issue 18): the webhook's page sends a
// signed test message to a real receiver and sends an entry the webhook
// was sent before again, under its webhook-id; the delivery log shows
// both, marked, and the entry sent again is in the access log once more.
// An entry the webhook was never sent, or an unknown webhook, is 404 and
// nothing is sent.
func TestWebhookTestAndRedelivery(t *testing.T) {
	t.Parallel()
	var mu sync.Mutex
	var got []*http.Request
	var bodies []string
	rc := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		b, _ := io.ReadAll(r.Body)
		mu.Lock()
		got, bodies = append(got, r), append(bodies, string(b))
		mu.Unlock()
	}))
	t.Cleanup(rc.Close)
	received := func() ([]*http.Request, []string) {
		mu.Lock()
		defer mu.Unlock()
		return append([]*http.Request(nil), got...), append([]string(nil), bodies...)
	}
	a := newAppWith(t, web.Config{}, func(d *klienthttp.Deps) { d.Integrations.AllowPrivate = true })
	sender := webhooks.New(webhooks.Config{Pool: a.pool, Opener: a.keys, AllowPrivate: true})
	a.deps.Integrations.Deliver = sender
	a.rebuild()
	owner := a.member(access.RoleAdmin, access.RoleLawyer)
	admin := a.as(a.signIn(owner.ID))
	ctx := context.Background()

	created := admin.post("/admin/webhooks", url.Values{"name": {"Tidrapporten"}, "url": {rc.URL + "/hooks"},
		"kinds": {"contact.registered"}, "roles": {"lawyer"}})
	wantStatus(t, created, http.StatusCreated)
	secret := regexp.MustCompile(`whsec_[A-Za-z0-9+/=]{40,}`).FindString(html.UnescapeString(created.Body.String()))
	subs, err := integrations.NewWebhooks(a.pool).List(ctx)
	must(t, err)
	page := "/admin/webhooks/" + subs[0].ID

	tested := admin.post(page+"/test", url.Values{})
	wantStatus(t, tested, http.StatusSeeOther)
	reqs, bodies := received()
	if len(reqs) != 1 {
		t.Fatalf("the receiver got %d requests for a test, want 1", len(reqs))
	}
	var test webhooks.Payload
	must(t, json.Unmarshal([]byte(bodies[0]), &test))
	key, err := base64.StdEncoding.DecodeString(strings.TrimPrefix(secret, "whsec_"))
	must(t, err)
	mac := hmac.New(sha256.New, key) // Standard Webhooks: HMAC-SHA256 over id.timestamp.body
	mac.Write([]byte(reqs[0].Header.Get("webhook-id") + "." + reqs[0].Header.Get("webhook-timestamp") + "." + bodies[0]))
	if test.Type != "webhook.test" || len(test.Data.ContactIDs) != 0 ||
		reqs[0].Header.Get("webhook-signature") != "v1,"+base64.StdEncoding.EncodeToString(mac.Sum(nil)) {
		t.Errorf("test message %s with signature %q", bodies[0], reqs[0].Header.Get("webhook-signature"))
	}
	shown := admin.get(tested.Header().Get("Location")).Body.String()
	wantContains(t, shown, "Testmeddelandet är skickat", `<span class="badge">test</span>`)

	person := a.createPerson("Rut", "Omskick")
	for i := 0; i < 50 && len(func() []string { _, b := received(); return b }()) < 2; i++ {
		_, err := sender.Once(ctx) // the feed applies the registration a moment after it
		must(t, err)
		time.Sleep(50 * time.Millisecond)
	}
	reqs, bodies = received()
	if len(reqs) != 2 || !strings.Contains(bodies[1], person) {
		t.Fatalf("the receiver got %d requests; want the test and the person's registration", len(reqs))
	}
	var entry webhooks.Payload
	must(t, json.Unmarshal([]byte(bodies[1]), &entry))

	again := admin.post(page+"/deliveries/"+entry.Data.ID+"/redeliver", url.Values{})
	wantStatus(t, again, http.StatusSeeOther)
	reqs, bodies = received()
	if len(reqs) != 3 || reqs[2].Header.Get("webhook-id") != "msg_"+entry.Data.ID || bodies[2] != bodies[1] {
		t.Fatalf("sent again: %d requests, the last %q %s; want the same message under the same webhook-id",
			len(reqs), reqs[len(reqs)-1].Header.Get("webhook-id"), bodies[len(bodies)-1])
	}
	wantContains(t, admin.get(again.Header().Get("Location")).Body.String(), "Meddelandet är skickat igen", "skickad igen för hand")
	lines, err := accesslog.ForSubject(ctx, a.pool, a.keys, person)
	must(t, err)
	sent := 0
	for _, l := range lines {
		if l.Via == accesslog.ViaWebhook && l.WebhookID == subs[0].ID {
			sent++
		}
	}
	if sent != 2 {
		t.Errorf("%d access log lines for the person's entry sent by the webhook, want 2 (sent, sent again)", sent)
	}

	wantStatus(t, admin.post(page+"/deliveries/"+newID()+"/redeliver", url.Values{}), http.StatusNotFound)
	wantStatus(t, admin.post("/admin/webhooks/"+newID()+"/test", url.Values{}), http.StatusNotFound)
	if n, _ := received(); len(n) != 3 {
		t.Errorf("refused attempts sent %d more requests", len(n)-3)
	}

	// The same through the API, with a token that has webhooks:write.
	api := "/api/v1/webhooks/" + subs[0].ID
	token := a.scopedToken(owner.ID, []access.Role{access.RoleAdmin}, access.ScopeWebhooksWrite)
	client := a.as("")
	rec := client.call(http.MethodPost, api+"/test", "", token...)
	wantStatus(t, rec, http.StatusOK)
	viaAPI := decode[integrationpages.WebhookDeliveryJSON](t, rec)
	if viaAPI.Kind != "webhook.test" || viaAPI.Outcome != "delivered" || viaAPI.StatusCode != http.StatusOK || viaAPI.Manual != "test" {
		t.Errorf("the API's test message: %+v", viaAPI)
	}
	rec = client.call(http.MethodPost, api+"/deliveries/"+entry.Data.ID+"/redeliver", "", token...)
	wantStatus(t, rec, http.StatusOK)
	again2 := decode[integrationpages.WebhookDeliveryJSON](t, rec)
	if again2.EventID != entry.Data.ID || again2.Manual != "redelivery" || again2.Outcome != "delivered" {
		t.Errorf("the API's redelivery: %+v", again2)
	}
	wantProblem(t, client.call(http.MethodPost, api+"/deliveries/"+newID()+"/redeliver", "", token...), http.StatusNotFound)
	feedOnly := a.scopedToken(owner.ID, []access.Role{access.RoleAdmin}, access.ScopeFeedRead)
	wantProblem(t, client.call(http.MethodPost, api+"/test", "", feedOnly...), http.StatusForbidden)
	if n, _ := received(); len(n) != 5 {
		t.Errorf("the receiver got %d requests in all, want 5 (two more through the API)", len(n))
	}
}

// TestWebhookTiedToAProcessor (issue 18): the form ties a webhook to a
// processor in the DPO's register with a signed agreement and a purpose;
// a processor without an agreement, an unknown one, or one without a
// purpose is refused in Swedish on its field with nothing written; the
// webhook's page names the processor and the purpose's fields.
func TestWebhookTiedToAProcessor(t *testing.T) {
	t.Parallel()
	a := newApp(t)
	admin := a.as(a.signIn(a.member(access.RoleAdmin).ID))
	ctx := context.Background()
	h, err := dpocmd.NewRecordProcessorHandler(a.store, a.codec, apptest.Now)
	must(t, err)
	record := func(name string, signed bool) string {
		p := domaindpo.ProcessorRecorded{ProcessorID: newID(), Name: name, Service: "Fakturering", DataCategories: "Namn, e-post",
			Countries: []string{"SE"}, Mechanism: domaindpo.MechanismNone, ReviewBy: time.Now().AddDate(1, 0, 0)}
		if signed {
			p.AgreementSigned = time.Now().AddDate(0, -1, 0)
		}
		res, err := h.Handle(ctx, dpocmd.RecordProcessor{Actor: journal.Actor{ID: "dpo-1"}, New: true, Processor: p})
		must(t, err)
		apptest.Settle(t, a.rt, res.Position)
		return res.ProcessorID
	}
	signed, unsigned := record("Fakturabolaget AB", true), record("Avtalslösa AB", false)
	form := func(processor, purpose string) url.Values {
		return url.Values{"name": {"Fakturasystemet"}, "url": {"https://hooks.example.com/klient"}, "kinds": {"contact.registered"},
			"roles": {"lawyer"}, "processor": {processor}, "purpose": {purpose}}
	}
	newForm := admin.get("/admin/webhooks").Body.String()
	wantContains(t, newForm, "Fakturabolaget AB", "Fakturering (namn, e-post)")
	wantAbsent(t, newForm, "Avtalslösa AB")
	for _, refused := range []url.Values{form(unsigned, "billing"), form(newID(), "billing"), form(signed, ""), form(signed, "marketing")} {
		rec := admin.post("/admin/webhooks", refused)
		wantStatus(t, rec, http.StatusUnprocessableEntity)
		wantContains(t, rec.Body.String(), "Välj")
	}
	var n int
	must(t, a.pool.QueryRow(ctx, `SELECT count(*) FROM webhook_subscriptions`).Scan(&n))
	if n != 0 {
		t.Fatalf("refused forms wrote %d webhooks", n)
	}
	wantStatus(t, admin.post("/admin/webhooks", form(signed, "billing")), http.StatusCreated)
	subs, err := integrations.NewWebhooks(a.pool).List(ctx)
	must(t, err)
	if len(subs) != 1 || subs[0].ProcessorID != signed || subs[0].Purpose != "billing" {
		t.Fatalf("webhooks %+v; want one tied to the processor for billing", subs)
	}
	wantContains(t, admin.get("/admin/webhooks/"+subs[0].ID).Body.String(), "Fakturabolaget AB · Fakturering (namn, e-post)")
}
