package webhooks_test

import (
	"bytes"
	"context"
	"encoding/json"
	"io"
	"net"
	"net/http"
	"net/http/httptest"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/google/uuid"

	"github.com/klient-crm/klient/commands/journal"
	staffcmd "github.com/klient-crm/klient/commands/staff"
	"github.com/klient-crm/klient/domain/access"
	"github.com/klient-crm/klient/domain/contact"
	"github.com/klient-crm/klient/internal/apptest"
	"github.com/klient-crm/klient/internal/webhooks"
	"github.com/klient-crm/klient/projections/accesslog"
	"github.com/klient-crm/klient/projections/integrations"
)

// received is one request a receiver got.
type received struct {
	Path    string            `json:"-"`
	Secret  string            `json:"secret"`
	Headers map[string]string `json:"headers"`
	Body    string            `json:"body"`
}

// receiver is a real HTTP server that answers each request with the next
// of statuses (200 once they run out) and keeps what it got.
type receiver struct {
	srv      *httptest.Server
	mu       sync.Mutex
	statuses []int
	got      []received
}

func newReceiver(t *testing.T, statuses ...int) *receiver {
	rc := &receiver{statuses: statuses}
	rc.srv = httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		body, _ := io.ReadAll(r.Body)
		rc.mu.Lock()
		defer rc.mu.Unlock()
		rc.got = append(rc.got, received{Path: r.URL.Path, Headers: map[string]string{"webhook-id": r.Header.Get("webhook-id"),
			"webhook-timestamp": r.Header.Get("webhook-timestamp"), "webhook-signature": r.Header.Get("webhook-signature")},
			Body: string(body)})
		status := http.StatusOK
		if len(rc.statuses) > 0 {
			status, rc.statuses = rc.statuses[0], rc.statuses[1:]
		}
		w.WriteHeader(status)
	}))
	t.Cleanup(rc.srv.Close)
	return rc
}

func (rc *receiver) requests() []received {
	rc.mu.Lock()
	defer rc.mu.Unlock()
	return append([]received(nil), rc.got...)
}

// world is the app with every projector running and a lawyer whose
// need-to-know the webhooks see.
type world struct {
	t      *testing.T
	app    *apptest.App
	lawyer string
}

func newWorld(t *testing.T) *world {
	app := apptest.New(t, apptest.PollInterval(10*time.Millisecond))
	apptest.Live(t, app.Runtime)
	h, err := staffcmd.NewRegisterStaffMemberHandler(app.Staff)
	apptest.Must(t, err)
	res, err := h.Handle(context.Background(), staffcmd.RegisterStaffMember{Actor: journal.Actor{ID: "admin"},
		Details: access.StaffDetails{Name: "Lena Lag", Email: "lena@byran.example"}, Roles: []access.Role{access.RoleLawyer}})
	apptest.Must(t, err)
	apptest.Settle(t, app.Runtime, res.Position)
	return &world{t: t, app: app, lawyer: res.StaffID}
}

// subscribe registers a webhook to url for the lawyer with kinds, and
// returns it with its secret.
func (w *world) subscribe(url string, kinds ...string) (integrations.Subscription, string) {
	w.t.Helper()
	ctx := context.Background()
	id := uuid.Must(uuid.NewV7()).String()
	secret := integrations.NewSecret()
	sealed, err := w.app.Keys.Seal(ctx, integrations.SecretSubject(id), []byte(secret), integrations.SecretAD(id))
	apptest.Must(w.t, err)
	sub := integrations.Subscription{ID: id, Name: "Fakturasystemet", URL: url, Kinds: kinds, StaffID: w.lawyer,
		Roles: []string{"lawyer"}, SecretSealed: sealed, CreatedBy: w.lawyer}
	head, err := w.app.Runtime.Head(ctx)
	apptest.Must(w.t, err)
	apptest.Settle(w.t, w.app.Runtime, head)
	apptest.Must(w.t, integrations.NewWebhooks(w.app.Pool).Create(ctx, sub, integrations.PositionOf(head)))
	return sub, secret
}

func (w *world) person(given, family string) string {
	w.t.Helper()
	res := apptest.Person(w.t, w.app.Contacts, contact.PersonDetails{GivenName: given, FamilyName: family})
	apptest.Settle(w.t, w.app.Runtime, res.Position)
	return res.ContactID
}

func (w *world) sender(allowPrivate bool) *webhooks.Sender {
	return webhooks.New(webhooks.Config{Pool: w.app.Pool, Opener: w.app.Keys, Logger: w.app.Log, AllowPrivate: allowPrivate,
		Timeout: 5 * time.Second, PauseAfter: 3, Backoff: func(int) time.Duration { return 0 }})
}

// drain runs rounds until none finds work or n rounds have run.
func drain(t *testing.T, s *webhooks.Sender, n int) {
	t.Helper()
	for range n {
		worked, err := s.Once(context.Background())
		apptest.Must(t, err)
		if !worked {
			time.Sleep(20 * time.Millisecond)
		}
	}
}

// verify hands what the receiver got to the standardwebhooks package and
// returns its verdicts.
func verify(t *testing.T, secret string, got []received) []string {
	t.Helper()
	modules, err := filepath.Abs("../../var/standardwebhooks/node_modules")
	apptest.Must(t, err)
	if _, err := os.Stat(filepath.Join(modules, "standardwebhooks")); err != nil {
		t.Fatalf("the standardwebhooks npm package is missing from %s: run `make test-deps`", modules)
	}
	for i := range got {
		got[i].Secret = secret
	}
	in, err := json.Marshal(got)
	apptest.Must(t, err)
	cmd := exec.Command("node", "testdata/verify.js")
	cmd.Env = append(os.Environ(), "NODE_PATH="+modules)
	cmd.Stdin = bytes.NewReader(in)
	out, err := cmd.CombinedOutput()
	if err != nil {
		t.Errorf("standardwebhooks refused a signature: %v\n%s", err, out)
	}
	return strings.Fields(strings.ReplaceAll(strings.TrimSpace(string(out)), "\n", " "))
}

// TestWebhooksAreSignedAndRetried (issue 18): a receiver that answers 500
// twice and then recovers gets the entry again under the same webhook-id
// until it takes it, then the next, in log order; each request is signed
// as Standard Webhooks says, checked by the standardwebhooks package with
// the secret shown once; the body names IDs, never the person's name; the
// delivery log has the two failures and the deliveries.
func TestWebhooksAreSignedAndRetried(t *testing.T) {
	w := newWorld(t)
	rc := newReceiver(t, http.StatusInternalServerError, http.StatusInternalServerError)
	sub, secret := w.subscribe(rc.srv.URL+"/hooks/klient", integrations.KindContactRegistered)
	first := w.person("Astrid", "Lindqvist")
	second := w.person("Bo", "Berg")
	drain(t, w.sender(true), 10)

	got := rc.requests()
	if len(got) != 4 {
		t.Fatalf("the receiver got %d requests, want 4 (two refused, the first again, the second)", len(got))
	}
	if got[0].Headers["webhook-id"] != got[2].Headers["webhook-id"] || got[2].Headers["webhook-id"] == got[3].Headers["webhook-id"] {
		t.Errorf("webhook-ids %s %s %s %s: a retry keeps its ID, the next entry has its own",
			got[0].Headers["webhook-id"], got[1].Headers["webhook-id"], got[2].Headers["webhook-id"], got[3].Headers["webhook-id"])
	}
	for i, want := range map[int]string{2: first, 3: second} {
		var p webhooks.Payload
		apptest.Must(t, json.Unmarshal([]byte(got[i].Body), &p))
		if p.Type != integrations.KindContactRegistered || len(p.Data.ContactIDs) != 1 || p.Data.ContactIDs[0] != want ||
			got[i].Headers["webhook-id"] != "msg_"+p.Data.ID {
			t.Errorf("request %d: %s, want contact.registered of %s", i, got[i].Body, want)
		}
		if strings.Contains(got[i].Body, "Astrid") || strings.Contains(got[i].Body, "Berg") {
			t.Errorf("request %d carries a name: %s", i, got[i].Body)
		}
	}
	want := strings.TrimSpace(strings.Repeat("ok contact.registered ", len(got)))
	if v := strings.Join(verify(t, secret, got), " "); v != want {
		t.Errorf("standardwebhooks says %q, want %q", v, want)
	}
	// A wrong secret is caught by the same verifier: it checks something.
	other := integrations.NewSecret()
	for i := range got {
		got[i].Secret = other
	}
	in, _ := json.Marshal(got[:1])
	cmd := exec.Command("node", "testdata/verify.js")
	modules, _ := filepath.Abs("../../var/standardwebhooks/node_modules")
	cmd.Env, cmd.Stdin = append(os.Environ(), "NODE_PATH="+modules), bytes.NewReader(in)
	if out, err := cmd.CombinedOutput(); err == nil {
		t.Errorf("standardwebhooks took a signature with another secret: %s", out)
	}

	log, err := integrations.NewWebhooks(w.app.Pool).Deliveries(context.Background(), sub.ID, 10)
	apptest.Must(t, err)
	var outcomes []string
	for i := len(log) - 1; i >= 0; i-- {
		outcomes = append(outcomes, log[i].Outcome+"/"+http.StatusText(log[i].StatusCode))
	}
	if want := "failed/Internal Server Error failed/Internal Server Error delivered/OK delivered/OK"; strings.Join(outcomes, " ") != want {
		t.Errorf("delivery log %q, want %q", strings.Join(outcomes, " "), want)
	}
}

// TestWebhookSeesWhatItsRolesRead: a webhook given a role its member
// lacks, or one that reads no contacts, is sent no contact's entry, and
// its cursor moves past them (they are not waiting for it).
func TestWebhookSeesWhatItsRolesRead(t *testing.T) {
	w := newWorld(t)
	rc := newReceiver(t)
	ctx := context.Background()
	sub, _ := w.subscribe(rc.srv.URL, integrations.KindContactRegistered)
	_, err := w.app.Pool.Exec(ctx, `UPDATE webhook_subscriptions SET roles = '{analyst}' WHERE id = $1`, sub.ID)
	apptest.Must(t, err)
	w.person("Erik", "Ek")
	drain(t, w.sender(true), 3)
	if n := len(rc.requests()); n != 0 {
		t.Errorf("a webhook whose roles read no contacts was sent %d entries", n)
	}
	got, err := integrations.NewWebhooks(w.app.Pool).Get(ctx, sub.ID)
	apptest.Must(t, err)
	if !(sub.After.Commit < got.After.Commit || sub.After.Commit == got.After.Commit && sub.After.Prepare < got.After.Prepare) {
		t.Errorf("the cursor stayed at %+v past entries the webhook may not see", got.After)
	}
}

// TestWebhookPausesAfterRepeatedFailure: a receiver that keeps failing
// pauses its webhook after PauseAfter attempts, with the reason; resumed,
// it delivers what waited.
func TestWebhookPausesAfterRepeatedFailure(t *testing.T) {
	w := newWorld(t)
	rc := newReceiver(t, 500, 502, 503)
	sub, _ := w.subscribe(rc.srv.URL, integrations.KindContactRegistered)
	w.person("Cecilia", "Ceder")
	s := w.sender(true)
	drain(t, s, 6)
	hooks := integrations.NewWebhooks(w.app.Pool)
	got, err := hooks.Get(context.Background(), sub.ID)
	apptest.Must(t, err)
	if got.Status != integrations.StatusPaused || got.PausedReason != "failures" || len(rc.requests()) != 3 {
		t.Fatalf("after three failures: %s (%s), %d requests; want paused for failures after 3", got.Status, got.PausedReason, len(rc.requests()))
	}
	apptest.Must(t, hooks.Resume(context.Background(), sub.ID))
	drain(t, s, 3)
	if n := len(rc.requests()); n != 4 {
		t.Errorf("resumed, the receiver got %d requests in all, want 4", n)
	}
}

// TestWebhookRefusesPrivateAddresses: outside development a webhook never
// connects to a loopback or private address (SSRF), at send time too;
// the address check refuses them and plain HTTP when registered.
func TestWebhookRefusesPrivateAddresses(t *testing.T) {
	w := newWorld(t)
	rc := newReceiver(t)
	sub, _ := w.subscribe(rc.srv.URL, integrations.KindContactRegistered)
	w.person("Dan", "Dahl")
	drain(t, w.sender(false), 2)
	if n := len(rc.requests()); n != 0 {
		t.Errorf("a loopback receiver got %d requests outside development", n)
	}
	log, err := integrations.NewWebhooks(w.app.Pool).Deliveries(context.Background(), sub.ID, 10)
	apptest.Must(t, err)
	if len(log) == 0 || log[0].Error != "refused_address" {
		t.Errorf("delivery log %+v, want refused_address", log)
	}
	for _, u := range []string{"http://example.com/h", "https://127.0.0.1/h", "https://10.1.2.3/h", "https://[::1]/h",
		"https://169.254.169.254/latest", "https://localhost/h", "https://user:pw@example.com/h", "example.com/h"} {
		if integrations.CheckURL(u, false) == nil {
			t.Errorf("CheckURL accepts %s", u)
		}
	}
	if err := integrations.CheckURL("https://hooks.example.com/klient", false); err != nil {
		t.Errorf("CheckURL refuses a public https address: %v", err)
	}
	if err := integrations.CheckURL("http://127.0.0.1:8080/h", true); err != nil {
		t.Errorf("in development CheckURL refuses a local receiver: %v", err)
	}
}

// TestWebhookOutlivesAnUnreadableStaffTable: a round that cannot read its
// member (the staff read model unreadable, as in an outage) is an error
// of that round, not a deactivated member: the webhook stays active and
// delivers once the table answers again.
func TestWebhookOutlivesAnUnreadableStaffTable(t *testing.T) {
	w := newWorld(t)
	rc := newReceiver(t)
	ctx := context.Background()
	sub, _ := w.subscribe(rc.srv.URL, integrations.KindContactRegistered)
	w.person("Frida", "Fors")
	_, err := w.app.Pool.Exec(ctx, `ALTER TABLE staff_v1 RENAME TO staff_v1_away`)
	apptest.Must(t, err)
	worked, err := w.sender(true).Once(ctx)
	_, rerr := w.app.Pool.Exec(ctx, `ALTER TABLE staff_v1_away RENAME TO staff_v1`)
	apptest.Must(t, rerr)
	if !worked || err == nil {
		t.Errorf("a round that could not read the member: worked %v, error %v; want the round's error", worked, err)
	}
	got, err := integrations.NewWebhooks(w.app.Pool).Get(ctx, sub.ID)
	apptest.Must(t, err)
	if got.Status != integrations.StatusActive {
		t.Fatalf("the webhook is %s (%s) after the staff table could not be read; want it active", got.Status, got.PausedReason)
	}
	apptest.Must(t, integrations.NewWebhooks(w.app.Pool).Release(ctx, sub.ID, time.Now()))
	drain(t, w.sender(true), 3)
	if n := len(rc.requests()); n != 1 {
		t.Errorf("once the table answered again the receiver got %d requests, want 1", n)
	}
}

// TestWebhookOfADeactivatedMemberPauses: once the member who made it is
// deactivated, a webhook is paused with that reason and sends nothing.
func TestWebhookOfADeactivatedMemberPauses(t *testing.T) {
	w := newWorld(t)
	rc := newReceiver(t)
	ctx := context.Background()
	sub, _ := w.subscribe(rc.srv.URL, integrations.KindContactRegistered)
	h, err := staffcmd.NewStaffActivationHandler(w.app.Staff)
	apptest.Must(t, err)
	res, err := h.HandleDeactivate(ctx, staffcmd.DeactivateStaffMember{Actor: journal.Actor{ID: "admin"}, StaffID: w.lawyer})
	apptest.Must(t, err)
	apptest.Settle(t, w.app.Runtime, res.Position)
	w.person("Gustav", "Gran")
	drain(t, w.sender(true), 3)
	got, err := integrations.NewWebhooks(w.app.Pool).Get(ctx, sub.ID)
	apptest.Must(t, err)
	if got.Status != integrations.StatusPaused || got.PausedReason != "member_inactive" || len(rc.requests()) != 0 {
		t.Errorf("with its member deactivated: %s (%s), %d requests; want paused for member_inactive, none sent",
			got.Status, got.PausedReason, len(rc.requests()))
	}
	// Reactivated and resumed, it sends what waited at once: the pausing
	// round gave its claim back.
	res, err = h.HandleReactivate(ctx, staffcmd.ReactivateStaffMember{Actor: journal.Actor{ID: "admin"}, StaffID: w.lawyer,
		ExpectedVersion: res.Version})
	apptest.Must(t, err)
	apptest.Settle(t, w.app.Runtime, res.Position)
	apptest.Must(t, integrations.NewWebhooks(w.app.Pool).Resume(ctx, sub.ID))
	drain(t, w.sender(true), 3)
	if n := len(rc.requests()); n != 1 {
		t.Errorf("reactivated and resumed, the receiver got %d requests, want 1", n)
	}
}

// TestWebhookKeepsItsConnection: a receiver that answers with a body is
// sent one entry after another over one connection, not a new connection
// (and TLS handshake) for each.
func TestWebhookKeepsItsConnection(t *testing.T) {
	w := newWorld(t)
	var mu sync.Mutex
	conns := 0
	srv := httptest.NewUnstartedServer(http.HandlerFunc(func(rw http.ResponseWriter, r *http.Request) {
		_, _ = io.Copy(io.Discard, r.Body)
		_, _ = rw.Write([]byte(`{"received": true}`))
	}))
	srv.Config.ConnState = func(_ net.Conn, s http.ConnState) {
		if s == http.StateNew {
			mu.Lock()
			conns++
			mu.Unlock()
		}
	}
	srv.Start()
	t.Cleanup(srv.Close)
	sub, _ := w.subscribe(srv.URL, integrations.KindContactRegistered)
	for _, name := range []string{"Hanna", "Ida", "Jonas"} {
		w.person(name, "Holm")
	}
	drain(t, w.sender(true), 3)
	log, err := integrations.NewWebhooks(w.app.Pool).Deliveries(context.Background(), sub.ID, 10)
	apptest.Must(t, err)
	mu.Lock()
	defer mu.Unlock()
	if len(log) != 3 || conns != 1 {
		t.Errorf("%d deliveries over %d connections, want 3 over 1", len(log), conns)
	}
}

// TestWebhookBacksOffFromItsFailuresInARow: a round that delivers and
// then fails waits as after a first failure, not as after the failures
// before its delivery, which the delivery forgave.
func TestWebhookBacksOffFromItsFailuresInARow(t *testing.T) {
	w := newWorld(t)
	rc := newReceiver(t, http.StatusOK, http.StatusInternalServerError)
	ctx := context.Background()
	sub, _ := w.subscribe(rc.srv.URL, integrations.KindContactRegistered)
	_, err := w.app.Pool.Exec(ctx, `UPDATE webhook_subscriptions SET failures = 5 WHERE id = $1`, sub.ID)
	apptest.Must(t, err)
	w.person("Karin", "Kask")
	w.person("Lars", "Lind")
	var asked []int
	s := webhooks.New(webhooks.Config{Pool: w.app.Pool, Opener: w.app.Keys, Logger: w.app.Log, AllowPrivate: true,
		Timeout: 5 * time.Second, Backoff: func(n int) time.Duration { asked = append(asked, n); return 0 }})
	worked, err := s.Once(ctx)
	apptest.Must(t, err)
	if !worked || len(rc.requests()) != 2 || len(asked) != 1 || asked[0] != 1 {
		t.Errorf("worked %v, %d requests, backoff asked for %v; want one round of 2 requests backing off after 1 failure",
			worked, len(rc.requests()), asked)
	}
}

// TestWebhookDeliveryIsInTheAccessLog (issue 18): each entry a webhook
// sends is a line of the access log, as a token's reads are: under the
// webhook's member, via webhook, naming the webhook and the people whose
// IDs the payload carried — the failed attempt too (the receiver got the
// body), so the person's own access report lists every disclosure.
func TestWebhookDeliveryIsInTheAccessLog(t *testing.T) {
	w := newWorld(t)
	rc := newReceiver(t, http.StatusInternalServerError)
	sub, _ := w.subscribe(rc.srv.URL, integrations.KindContactRegistered)
	person := w.person("Olga", "Olofsson")
	drain(t, w.sender(true), 4)
	if n := len(rc.requests()); n != 2 {
		t.Fatalf("the receiver got %d requests, want 2 (refused, then taken)", n)
	}
	lines, err := accesslog.ForSubject(context.Background(), w.app.Pool, nil, person)
	apptest.Must(t, err)
	var got []string
	for _, l := range lines {
		if l.Via == accesslog.ViaWebhook {
			got = append(got, strings.Join([]string{l.StaffID, l.WebhookID, string(l.Action), strings.Join(l.Subjects, ",")}, " "))
		}
	}
	want := strings.Join([]string{w.lawyer, sub.ID, "contact.view", person}, " ")
	if len(got) != 2 || got[0] != want || got[1] != want {
		t.Errorf("access log lines via webhook %q, want two of %q", got, want)
	}
}
