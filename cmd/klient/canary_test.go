package main

import (
	"context"
	"encoding/base64"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"net"
	"net/http"
	"net/http/cookiejar"
	"net/url"
	"regexp"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/jackc/pgx/v5"

	commcmd "github.com/klient-crm/klient/commands/communication"
	contactcmd "github.com/klient-crm/klient/commands/contact"
	documentcmd "github.com/klient-crm/klient/commands/document"
	gdprcmd "github.com/klient-crm/klient/commands/gdpr"
	"github.com/klient-crm/klient/commands/journal"
	mattercmd "github.com/klient-crm/klient/commands/matter"
	workcmd "github.com/klient-crm/klient/commands/work"
	"github.com/klient-crm/klient/domain"
	"github.com/klient-crm/klient/domain/access"
	"github.com/klient-crm/klient/domain/communication"
	"github.com/klient-crm/klient/domain/contact"
	"github.com/klient-crm/klient/domain/gdpr"
	"github.com/klient-crm/klient/domain/matter"
	"github.com/klient-crm/klient/domain/work"
	"github.com/klient-crm/klient/eventstore"
	"github.com/klient-crm/klient/internal/pgtest"
	"github.com/klient-crm/klient/internal/webapp"
	"github.com/klient-crm/klient/projections/conflicts"
	"github.com/klient-crm/klient/projections/contacts"
	gdprmodel "github.com/klient-crm/klient/projections/gdpr"
	"github.com/klient-crm/klient/projections/matters"
	"github.com/klient-crm/klient/projections/staff"
)

// THE PROOF. A canary person is seeded everywhere a person can be: a
// contact, a party (with notes) to two matters and their conflict checks,
// a call logged with them, a task about them, a document, a data-subject
// request, an access-log entry and a search. Once erased, none of their
// strings may remain in any table of any schema (as text, in bytea, or
// base64-encoded), in the event store, or in the server's log; and a
// rebuild of every read model brings none back.
func TestCanaryIsErasedEverywhere(t *testing.T) {
	t.Parallel()
	c := startCanaryApp(t)
	cn := newCanary()
	ctx := context.Background()
	lawyer := c.staffMember(t, "jurist@byra.example", access.RoleLawyer, access.RoleDPO)
	subject := c.seed(t, lawyer, cn)
	c.signIn(t, "jurist@byra.example")
	c.browse(t, subject, cn)
	c.settle(t)
	if found := c.leaks(t, cn.needles()); len(found) == 0 {
		t.Fatal("the scan finds no canary before the erasure: it would find none after either")
	}
	backup := t.TempDir()
	must(t, runBackup(ctx, append([]string{"--to", backup}, c.flags...), io.Discard))

	// Request → approve (once the matters' files are out of their hold,
	// ten years on) → execute, as the scheduler does.
	later := time.Now().AddDate(10, 0, 3)
	requestID := c.approvedErasure(t, lawyer, subject, cn, later)
	c.settle(t)
	h, err := c.eraseSubjectHandler(func() time.Time { return later })
	must(t, err)
	if done, failed := c.erasures().EraseDue(ctx, h, later); done != 1 || failed != 0 {
		t.Fatalf("erasures done %d, failed %d; log:\n%s", done, failed, c.logs.String())
	}
	c.checkCertificate(t, requestID)
	c.browse(t, subject, cn)
	c.settle(t)
	if found := c.leaks(t, cn.needles()); len(found) > 0 {
		t.Fatalf("the canary survived the erasure in:\n%s", strings.Join(found, "\n"))
	}

	var out strings.Builder
	must(t, c.rebuild(ctx, nil, &out))
	if got, err := contacts.Get(ctx, c.pool, subject); !domain.IsKind(err, domain.KindErased) || !got.Erased {
		t.Fatalf("after a rebuild the contact is %+v, %v", got, err)
	}
	if found := c.leaks(t, cn.needles()); len(found) > 0 {
		t.Fatalf("a rebuild brought the canary back in:\n%s", strings.Join(found, "\n"))
	}

	// The backup taken before the erasure, restored: the tombstone journal
	// destroys the key again and the read models are rebuilt.
	c.stop()
	must(t, runRestore(ctx, append([]string{"--from", backup}, c.flags...), io.Discard))
	restored, err := openApp(ctx, c.cfg)
	must(t, err)
	defer restored.Close()
	c.app = restored
	var erasures int
	must(t, c.pool.QueryRow(ctx, `SELECT count(*) FROM events WHERE type = $1`, gdpr.TypeSubjectErased).Scan(&erasures))
	if erasures != 0 {
		t.Fatalf("the restored log holds %d erasures: it is not the backup's", erasures)
	}
	if got, err := contacts.Get(ctx, c.pool, subject); !domain.IsKind(err, domain.KindErased) || !got.Erased {
		t.Fatalf("after the restore the contact is %+v, %v", got, err)
	}
	if found := c.leaks(t, cn.needles()); len(found) > 0 {
		t.Fatalf("the restore brought the canary back in:\n%s", strings.Join(found, "\n"))
	}
}

// A client whose matter closed today is held by the file for ten years:
// the erasure request restricts them instead (hidden from lists, changes
// refused but the DPO's), nothing is due until the hold ends, and on that
// day the scheduler erases them.
func TestHeldErasureRestrictsThenErasesOnItsDay(t *testing.T) {
	t.Parallel()
	c := startCanaryApp(t)
	ctx := context.Background()
	dpo := c.staffMember(t, "dpo@byra.example", access.RoleLawyer, access.RoleDPO)
	assistant := c.staffMember(t, "assistent@byra.example", access.RoleAssistant)
	register, err := contactcmd.NewRegisterPersonHandler(c.contacts)
	must(t, err)
	hilda, err := register.Handle(ctx, contactcmd.RegisterPerson{Actor: dpo, Details: contact.PersonDetails{GivenName: "Hilda", FamilyName: "Hållen"}})
	must(t, err)
	c.wrote(hilda.Position)
	c.closedMatter(t, dpo, 0, []mattercmd.MatterParty{{ContactID: hilda.ContactID, Role: matter.RoleClient}})
	c.settle(t)

	plan := c.heldErasure(t, dpo, hilda.ContactID)
	c.settle(t)
	if list, err := contacts.List(ctx, c.pool, contacts.Options{}); err != nil || len(list) != 0 {
		t.Fatalf("a restricted client is listed: %+v, %v", list, err)
	}
	if got, err := contacts.GetWith(ctx, c.pool, hilda.ContactID, contacts.GetOptions{IncludeRestricted: true}); err != nil || got.FamilyName != "Hållen" {
		t.Fatalf("the DPO's view: %+v, %v", got, err)
	}
	change, err := contactcmd.NewChangeContactDetailsHandler(c.contacts)
	must(t, err)
	_, err = change.HandlePerson(ctx, contactcmd.ChangePersonDetails{Actor: assistant, ContactID: hilda.ContactID,
		ExpectedVersion: hilda.Version, Details: contact.PersonDetails{GivenName: "Hilda", FamilyName: "Ändrad"}})
	if de := (*domain.Error)(nil); !errors.As(err, &de) || de.Code != "gdpr.restricted" {
		t.Fatalf("an assistant changed a restricted contact: %v", err)
	}

	var out strings.Builder
	must(t, runErasureDue(ctx, append([]string{"run-due"}, c.flags...), &out))
	if !strings.Contains(out.String(), "carried out: 0") {
		t.Fatalf("run-due before the hold ends: %s", out.String())
	}
	day := plan.DueOn.At(8, 0)
	h, err := c.eraseSubjectHandler(func() time.Time { return day })
	must(t, err)
	if done, failed := c.erasures().EraseDue(ctx, h, day.Add(-24*time.Hour)); done+failed != 0 {
		t.Fatalf("erased the day before: %d done, %d failed", done, failed)
	}
	if done, failed := c.erasures().EraseDue(ctx, h, day); done != 1 || failed != 0 {
		t.Fatalf("on the day: %d done, %d failed; log:\n%s", done, failed, c.logs.String())
	}
	if got, err := contacts.GetWith(ctx, c.pool, hilda.ContactID, contacts.GetOptions{IncludeRestricted: true}); !got.Erased || got.FamilyName != "" {
		t.Fatalf("after the erasure: %+v, %v", got, err)
	}
}

// heldErasure requests the erasure now and wants it held and scheduled.
func (c *canaryApp) heldErasure(t *testing.T, actor journal.Actor, subject string) gdprcmd.ErasurePlan {
	t.Helper()
	ctx := context.Background()
	receive, err1 := gdprcmd.NewReceiveRequestHandler(c.requests)
	verify, err2 := gdprcmd.NewVerifyRequestIdentityHandler(c.requests)
	must(t, errors.Join(err1, err2))
	req, err := receive.Handle(ctx, gdprcmd.ReceiveRequest{Actor: actor, SubjectID: subject, Kind: gdpr.KindErasure, Channel: gdpr.ChannelLetter})
	must(t, err)
	req, err = verify.Handle(ctx, gdprcmd.VerifyRequestIdentity{Actor: actor, RequestID: req.RequestID, ExpectedVersion: req.Version, How: "BankID"})
	must(t, err)
	plan, err := c.planner(t, now).Handle(ctx, gdprcmd.RequestErasure{Actor: actor, RequestID: req.RequestID})
	if de := (*domain.Error)(nil); !errors.As(err, &de) || de.Code != "gdpr.erasure.held" || plan.DueOn.IsZero() {
		t.Fatalf("held erasure: %+v, %v", plan, err)
	}
	if want := work.DateOf(time.Now().AddDate(10, 0, 1)); plan.DueOn != want {
		t.Fatalf("due on %s, want %s", plan.DueOn, want)
	}
	c.wrote(plan.Position)
	return plan
}

// canary is one person's every string, unique enough that finding one
// anywhere can only mean they were not erased.
type canary struct {
	given, family, email, phone, pnr, street string
	note, call, task, doc, request, verify   string
}

func newCanary() canary {
	return canary{given: "Kanarievera", family: "Zwölfsångare", email: "kanarie.zwolf@example.se",
		phone: "+46 70 555 98 31", pnr: personnummer("19790823", "347"), street: "Kanariegränd 17",
		note: "kanarienot-7731", call: "kanariesamtal-4412", task: "kanarieuppgift-5521",
		doc: "kanariedok-6630", request: "kanariebegaran-8120", verify: "kanarieid-9911"}
}

// needles are the strings searched for, in lower case, with the forms
// that folding, lookup keys and number formats make of them.
func (c canary) needles() []string {
	d := strings.ReplaceAll(c.pnr, "-", "")
	out := []string{c.given, c.family, "zwolfsangare", c.email, "705559831", "70 555 98 31", c.pnr, d, d[2:],
		c.pnr[2:], c.street, "kanariegrand", c.note, c.call, c.task, c.doc, c.request, c.verify}
	for i := range out {
		out[i] = strings.ToLower(out[i])
	}
	return out
}

// personnummer completes date and serial with the Luhn check digit.
func personnummer(date, serial string) string {
	sum := 0
	for i, r := range date[2:] + serial {
		n := int(r-'0') * (2 - i%2)
		sum += n/10 + n%10
	}
	return fmt.Sprintf("%s-%s%d", date, serial, (10-sum%10)%10)
}

// canaryApp is the real app, wired over a fresh database exactly as
// openApp does but with its log captured, serving HTTP and running the
// projectors and background jobs as `klient serve` does.
type canaryApp struct {
	*app
	logs   *syncBuffer
	flags  []string // the same setup, for the CLI subcommands
	base   string
	client *http.Client
	last   eventstore.Position
	stop   func() // stops serving; the app stays open
}

func startCanaryApp(t *testing.T) *canaryApp {
	t.Helper()
	dsn := pgtest.NewDatabase(t)
	flags := []string{"--database-url", dsn, "--keystore-url", dsn, "--eventstore", "postgres",
		"--data-dir", t.TempDir(), "--master-key", "", "--http-addr", "127.0.0.1:0", "--log-level", "debug"}
	cfg, _, err := parseConfig("canary", flags, io.Discard, nil)
	must(t, err)
	c := &canaryApp{logs: &syncBuffer{}, flags: flags}
	c.app = &app{cfg: cfg, log: slog.New(slog.NewJSONHandler(c.logs, &slog.HandlerOptions{Level: slog.LevelDebug}))}
	t.Cleanup(c.Close)
	for _, step := range []func(context.Context) error{c.openPools, c.migrate, c.openCrypto, c.openStore, c.wire} {
		must(t, step(context.Background()))
	}
	must(t, c.wireErasure())
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	must(t, err)
	ctx, cancel := context.WithCancel(context.Background())
	served := make(chan error, 1)
	go func() { served <- c.serve(ctx, ln) }()
	scheduled := make(chan struct{})
	go func() { c.erasures().RunScheduler(ctx, c.retention); close(scheduled) }()
	c.stop = sync.OnceFunc(func() { cancel(); <-served; <-scheduled })
	t.Cleanup(c.stop)
	jar, _ := cookiejar.New(nil)
	c.base, c.client = "http://"+ln.Addr().String(), &http.Client{Jar: jar, Timeout: 30 * time.Second}
	return c
}

func must(t testing.TB, err error) {
	t.Helper()
	if err != nil {
		t.Fatal(err)
	}
}

// wrote remembers the furthest position a command reached.
func (c *canaryApp) wrote(p eventstore.Position) {
	if c.last.Less(p) {
		c.last = p
	}
}

// settle waits until every read model has applied everything written.
func (c *canaryApp) settle(t *testing.T) {
	t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), time.Minute)
	defer cancel()
	for _, name := range c.runtime.Projectors() {
		must(t, c.runtime.WaitFor(ctx, name, c.last))
	}
}

// staffMember opens an account as `klient users create` does.
func (c *canaryApp) staffMember(t *testing.T, email string, roles ...access.Role) journal.Actor {
	t.Helper()
	ctx := context.Background()
	must(t, c.createStaff(ctx, newStaff{email: email, name: "Jurist Juristsson"}, roles, canaryPassword, io.Discard))
	m, found, err := staff.ByEmail(ctx, c.pool, email)
	if err != nil || !found {
		t.Fatalf("staff member %v, %v", found, err)
	}
	return journal.Actor{ID: m.ID, CorrelationID: "canary"}
}

const canaryPassword = "ett-langt-losenord-2026"

// signIn signs in through the real login form; later requests carry the session.
func (c *canaryApp) signIn(t *testing.T, email string) {
	t.Helper()
	resp, err := c.client.PostForm(c.base+"/login", url.Values{"email": {email}, "password": {canaryPassword}})
	must(t, err)
	resp.Body.Close()
	if resp.StatusCode != http.StatusOK || strings.HasSuffix(resp.Request.URL.Path, "/login") {
		t.Fatalf("sign-in: status %d at %s", resp.StatusCode, resp.Request.URL.Path)
	}
}

// browse opens the canary's contact through the API (an access-log
// entry) and searches for them by name (a term that must not be logged).
func (c *canaryApp) browse(t *testing.T, subject string, cn canary) {
	t.Helper()
	for _, req := range []*http.Request{
		mustRequest(t, http.MethodGet, c.base+"/api/v1/contacts/"+subject, ""),
		mustRequest(t, http.MethodPost, c.base+"/api/v1/contacts/search", `{"q":"`+cn.family+`"}`),
	} {
		resp, err := c.client.Do(req)
		must(t, err)
		_, _ = io.Copy(io.Discard, resp.Body)
		resp.Body.Close()
		if resp.StatusCode >= 500 {
			t.Fatalf("%s %s: status %d", req.Method, req.URL.Path, resp.StatusCode)
		}
	}
}

func mustRequest(t *testing.T, method, url, body string) *http.Request {
	t.Helper()
	req, err := http.NewRequest(method, url, strings.NewReader(body))
	must(t, err)
	req.Header.Set("Content-Type", "application/json")
	return req
}

// seed puts the canary everywhere and returns their subject ID.
func (c *canaryApp) seed(t *testing.T, lawyer journal.Actor, cn canary) string {
	t.Helper()
	ctx := context.Background()
	register, err := contactcmd.NewRegisterPersonHandler(c.contacts)
	must(t, err)
	res, err := register.Handle(ctx, contactcmd.RegisterPerson{Actor: lawyer, Details: contact.PersonDetails{
		GivenName: cn.given, FamilyName: cn.family, Personnummer: cn.pnr,
		Emails: []contact.Email{{Address: cn.email}}, Phones: []contact.Phone{{Number: cn.phone}},
		Addresses: []contact.Address{{Street: cn.street, PostalCode: "123 45", City: "Kanarieby", Country: "SE"}}}})
	must(t, err)
	c.wrote(res.Position)
	subject := res.ContactID
	client, err := register.Handle(ctx, contactcmd.RegisterPerson{Actor: lawyer, Details: contact.PersonDetails{
		GivenName: "Olle", FamilyName: "Klientsson"}})
	must(t, err)
	c.wrote(client.Position)
	for i := range 2 {
		c.closedMatter(t, lawyer, i, []mattercmd.MatterParty{{ContactID: client.ContactID, Role: matter.RoleClient},
			{ContactID: subject, Role: matter.RoleCounterparty, Note: cn.note + " " + cn.given}})
	}
	c.dailyWork(t, lawyer, subject, cn)
	return subject
}

// closedMatter opens a matter with parties, clears its conflict check,
// activates it and closes it.
func (c *canaryApp) closedMatter(t *testing.T, lawyer journal.Actor, i int, parties []mattercmd.MatterParty) {
	t.Helper()
	ctx := context.Background()
	repo, err := mattercmd.NewMatters(c.store, c.codec, now, mattercmd.MatterConfig{})
	must(t, err)
	checker, err := conflicts.NewChecker(c.pool)
	must(t, err)
	open, err1 := mattercmd.NewOpenMatterHandler(repo)
	check, err2 := mattercmd.NewConflictCheckHandler(repo, checker, checker)
	life, err3 := mattercmd.NewMatterLifecycleHandler(repo)
	must(t, errors.Join(err1, err2, err3))
	res, err := open.Handle(ctx, mattercmd.OpenMatter{Actor: lawyer, Title: fmt.Sprintf("Tvist %d", i+1),
		PracticeArea: "processrätt", ResponsibleLawyer: lawyer.ID, Parties: parties})
	must(t, err)
	c.wrote(res.Position)
	c.settle(t)
	report, err := check.HandleRun(ctx, mattercmd.RunConflictCheck{Actor: lawyer, MatterID: res.MatterID, ExpectedVersion: res.Version})
	must(t, err)
	res, err = check.HandleDecision(ctx, mattercmd.RecordConflictDecision{Actor: lawyer, MatterID: res.MatterID,
		ExpectedVersion: res.Version, Fingerprint: report.Fingerprint, Decision: matter.DecisionWaived,
		Reason: "Klienten har samtyckt skriftligen"})
	must(t, err)
	res, err = life.HandleActivate(ctx, mattercmd.ChangeMatterStatus{Actor: lawyer, MatterID: res.MatterID, ExpectedVersion: res.Version})
	must(t, err)
	res, err = life.HandleClose(ctx, mattercmd.ChangeMatterStatus{Actor: lawyer, MatterID: res.MatterID, ExpectedVersion: res.Version})
	must(t, err)
	c.wrote(res.Position)
}

// dailyWork logs a call with the canary, with a document, and a task
// about them: all filed under the canary only, so sealed with their key.
func (c *canaryApp) dailyWork(t *testing.T, lawyer journal.Actor, subject string, cn canary) {
	t.Helper()
	ctx := context.Background()
	edge, err := webapp.Casework(c.webConfig(), c.webParts()) // the handlers the matter pages use
	must(t, err)
	logCall, task, attach := edge.Communications.Log, edge.Work.CreateTask, edge.Documents.Attach
	call, err := logCall.Handle(ctx, commcmd.LogCommunication{Actor: lawyer,
		Links: communication.Links{ContactIDs: []string{subject}},
		Details: communication.Details{Kind: communication.KindPhoneCall, OccurredAt: time.Now().Add(-time.Hour),
			Participants: []communication.Participant{{Kind: communication.ParticipantContact, ID: subject}},
			SubjectLine:  cn.call + " " + cn.given, Body: cn.family + " ringde från " + cn.phone}})
	must(t, err)
	c.wrote(call.Position)
	todo, err := task.Handle(ctx, workcmd.CreateTask{Actor: lawyer, Title: cn.task + " " + cn.family,
		Description: "Skicka till " + cn.email, Assignee: work.Assignee{Staff: lawyer.ID}, Due: "2031-01-15", ContactID: subject})
	must(t, err)
	c.wrote(todo.Position)
	doc, err := attach.Handle(ctx, documentcmd.AttachDocument{Actor: lawyer, CommunicationID: call.CommunicationID,
		Name: cn.doc + ".txt", Content: strings.NewReader("Avtal med " + cn.given + " " + cn.family + ", " + cn.pnr)})
	must(t, err)
	c.wrote(doc.Position)
}

// approvedErasure receives and verifies the canary's erasure request now
// and approves it on clock at (RequestErasure weighs the holds then).
func (c *canaryApp) approvedErasure(t *testing.T, actor journal.Actor, subject string, cn canary, at time.Time) string {
	t.Helper()
	ctx := context.Background()
	receive, err1 := gdprcmd.NewReceiveRequestHandler(c.requests)
	verify, err2 := gdprcmd.NewVerifyRequestIdentityHandler(c.requests)
	must(t, errors.Join(err1, err2))
	req, err := receive.Handle(ctx, gdprcmd.ReceiveRequest{Actor: actor, SubjectID: subject, Kind: gdpr.KindErasure,
		Channel: gdpr.ChannelEmail, RequesterNote: cn.request + " " + cn.given})
	must(t, err)
	req, err = verify.Handle(ctx, gdprcmd.VerifyRequestIdentity{Actor: actor, RequestID: req.RequestID,
		ExpectedVersion: req.Version, How: cn.verify})
	must(t, err)
	plan, err := c.planner(t, func() time.Time { return at }).Handle(ctx, gdprcmd.RequestErasure{Actor: actor, RequestID: req.RequestID})
	if err != nil || !plan.Approved {
		t.Fatalf("erasure plan %+v, %v", plan, err)
	}
	c.wrote(plan.Position)
	return req.RequestID
}

// planner is RequestErasure over the matters read model on clock.
func (c *canaryApp) planner(t *testing.T, clock func() time.Time) *gdprcmd.RequestErasureHandler {
	t.Helper()
	subjects, err1 := gdprcmd.NewSubjects(c.store, c.codec, clock, nil)
	requests, err2 := gdprcmd.NewRequests(c.store, c.codec, clock)
	must(t, errors.Join(err1, err2))
	h, err := gdprcmd.NewRequestErasureHandler(subjects, requests, matters.NewSubjectFacts(c.pool), gdpr.DefaultRetentionRules)
	must(t, err)
	return h
}

// checkCertificate wants a verified certificate that counts what the
// canary left: sealed events in their own, the matters', the call's, the
// task's, the document's and the request's streams, and the document.
func (c *canaryApp) checkCertificate(t *testing.T, requestID string) {
	t.Helper()
	cert, err := gdprmodel.Certificate(context.Background(), c.pool, requestID)
	must(t, err)
	kinds := map[string]bool{}
	for stream := range cert.EventsUnreadable {
		kinds[strings.SplitN(stream, "-", 2)[0]] = true
	}
	for _, k := range []string{"contact", "matter", "communication", "task", "document", "dsr"} {
		if !kinds[k] {
			t.Errorf("the certificate counts no %s stream: %v", k, cert.EventsUnreadable)
		}
	}
	if !cert.Verified() || cert.DocumentsDeleted != 1 || cert.Key.Fingerprint == "" || cert.RowsErased["contacts"] == 0 {
		t.Fatalf("certificate %+v", cert)
	}
}

// leaks scans every table of every schema, every bytea value, whatever
// base64 in them decodes to, and the server's log, for needles.
func (c *canaryApp) leaks(t *testing.T, needles []string) []string {
	t.Helper()
	ctx := context.Background()
	var found []string
	look := func(where string, hay []byte) {
		if n := containsAny(hay, needles); n != "" {
			found = append(found, fmt.Sprintf("%s: %q", where, n))
		}
	}
	look("the server's log", []byte(c.logs.String()))
	rows, err := c.pool.Query(ctx, `SELECT table_schema, table_name FROM information_schema.tables
		WHERE table_type = 'BASE TABLE' AND table_schema NOT IN ('information_schema', 'pg_toast')`)
	must(t, err)
	tables, err := pgx.CollectRows(rows, pgx.RowToStructByPos[struct{ Schema, Name string }])
	must(t, err)
	for _, tb := range tables {
		c.scanTable(t, pgx.Identifier{tb.Schema, tb.Name}, look)
	}
	return found
}

// scanTable looks at each row as text and at each bytea value raw.
func (c *canaryApp) scanTable(t *testing.T, table pgx.Identifier, look func(string, []byte)) {
	t.Helper()
	ctx := context.Background()
	rows, err := c.pool.Query(ctx, `SELECT convert_to(t::text, 'UTF8') FROM `+table.Sanitize()+` t`)
	if err != nil {
		t.Logf("skipping %s: %v", table.Sanitize(), err) // e.g. pg_statistic without superuser
		return
	}
	texts, err := pgx.CollectRows(rows, pgx.RowTo[[]byte])
	must(t, err)
	for _, text := range texts {
		look(table.Sanitize(), text)
	}
	rows, err = c.pool.Query(ctx, `SELECT column_name FROM information_schema.columns
		WHERE table_schema = $1 AND table_name = $2 AND data_type = 'bytea'`, table[0], table[1])
	must(t, err)
	columns, err := pgx.CollectRows(rows, pgx.RowTo[string])
	must(t, err)
	for _, col := range columns {
		rows, err := c.pool.Query(ctx, `SELECT `+pgx.Identifier{col}.Sanitize()+` FROM `+table.Sanitize()+
			` WHERE `+pgx.Identifier{col}.Sanitize()+` IS NOT NULL`)
		must(t, err)
		values, err := pgx.CollectRows(rows, pgx.RowTo[[]byte])
		must(t, err)
		for _, v := range values {
			look(table.Sanitize()+"."+col, v)
		}
	}
}

var base64Run = regexp.MustCompile(`[A-Za-z0-9+/_-]{12,}={0,2}`)

// containsAny returns the first needle in hay, as written or in base64
// inside it; "" if none.
func containsAny(hay []byte, needles []string) string {
	candidates := [][]byte{hay}
	for _, run := range base64Run.FindAll(hay, -1) {
		s := strings.TrimRight(string(run), "=")
		for _, enc := range []*base64.Encoding{base64.RawStdEncoding, base64.RawURLEncoding} {
			if b, err := enc.DecodeString(s); err == nil {
				candidates = append(candidates, b)
			}
		}
	}
	for _, b := range candidates {
		lower := strings.ToLower(string(b))
		for _, n := range needles {
			if strings.Contains(lower, n) {
				return n
			}
		}
	}
	return ""
}
