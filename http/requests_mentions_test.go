package http_test

import (
	"context"
	"encoding/json"
	"fmt"
	"net/http"
	"net/url"
	"slices"
	"strings"
	"sync/atomic"
	"testing"

	"github.com/klient-crm/klient/domain/access"
	klienthttp "github.com/klient-crm/klient/http"
	casework "github.com/klient-crm/klient/http/casework"
	requestpages "github.com/klient-crm/klient/http/requests"
	"github.com/klient-crm/klient/http/web"
	"github.com/klient-crm/klient/projections/communications"
	gdprmodel "github.com/klient-crm/klient/projections/gdpr"
	workmodel "github.com/klient-crm/klient/projections/work"
)

// Issue 11, item 5: what staff typed about a person in another client's
// matter is found when the person is erased, listed on the certificate,
// and can be redacted so that the person is readable nowhere. Zoltrix
// Kvarnbäckström (a marker nobody else bears) is named in a call's note
// and a task's title in Klara Klient's matter; after the erasure both are
// on the certificate (by matter, kind and what named them), the DPO
// redacts both, and then no table (the event log and the key store
// included) holds the marker and no event the log still opens does,
// while the matter page shows the corrected text. A DPO walled from the
// matter gets the answer for an unknown mention.
func TestMentionsInOtherMattersAreFoundAndRedacted(t *testing.T) {
	t.Parallel()
	a := newApp(t)
	dpo := a.dpo()
	person := created(t, a.call(http.MethodPost, "/api/v1/contacts", `{"kind":"person","details":{"given_name":"Zoltrix",
		"family_name":"Kvarnbäckström","emails":[{"address":"zoltrix@example.se"}],"phones":[{"number":"+46705551234"}]}}`))
	m := a.openMatter("Hyrestvist", a.me.ID, a.createPerson("Klara", "Klient"), nil, nil, nil)
	a.clearAndOpen(m.ID, "clear", "")

	call := decode[casework.EntryJSON](t, a.call(http.MethodPost, "/api/v1/communications", fmt.Sprintf(`{"matter_id":%q,
		"kind":"phone_call","occurred_at":"2026-03-02T09:00:00Z","subject_line":"Samtal om vittnet",
		"body":"Zoltrix Kvarnbackstrom ringde från 070-555 12 34 och kan vittna."}`, m.ID)))
	task := decode[casework.TaskJSON](t, a.call(http.MethodPost, "/api/v1/tasks", fmt.Sprintf(`{"title":"Kontakta Kvarnbäckström",
		"assignee":{"staff":%q},"due":%q,"matter_id":%q}`, a.me.ID, date(3), m.ID)))
	created(t, a.call(http.MethodPost, "/api/v1/tasks", fmt.Sprintf(`{"title":"Läs in hyresavtalet",
		"assignee":{"staff":%q},"due":%q,"matter_id":%q}`, a.me.ID, date(3), m.ID)))
	a.caughtUp(t)

	erasure := dpo.eraseNow(t, person)

	// The certificate lists both, by kind, entry, matter and what named
	// the person; the page names the matter by number and title.
	rec := dpo.call(http.MethodGet, "/api/v1/erasures/"+erasure+"/certificate", "")
	wantStatus(t, rec, http.StatusOK)
	cert := decode[gdprmodel.ErasureCertificate](t, rec)
	want := []gdprmodel.Mention{
		{Kind: "communication", EntryID: call.ID, MatterID: m.ID, Marks: []string{"name", "phone"}},
		{Kind: "task", EntryID: task.ID, MatterID: m.ID, Marks: []string{"name"}},
	}
	if !slices.EqualFunc(cert.Mentions, want, sameMention) {
		t.Fatalf("certificate mentions = %+v; want %+v", cert.Mentions, want)
	}
	if strings.Contains(rec.Body.String(), "Zoltrix") || strings.Contains(rec.Body.String(), "Kvarnb") {
		t.Error("the certificate quotes the text it found the person in")
	}
	page := dpo.get("/gdpr/erasures/" + erasure).Body.String()
	wantContains(t, page, m.Number+" Hyrestvist")
	wantContains(t, page, "Kommunikation (ämne och anteckning)")
	wantContains(t, page, "/gdpr/erasures/"+erasure+"/mentions/"+task.ID)

	// A DPO walled from the matter is answered as for a mention the
	// erasure never found.
	walledDPO := a.member(access.RoleDPO)
	a.wallMatter(m.ID, walledDPO.ID)
	walled := a.as(a.signIn(walledDPO.ID))
	unknown := walled.call(http.MethodGet, "/api/v1/erasures/"+erasure+"/mentions/"+newID(), "")
	for _, path := range []string{"/api/v1/erasures/" + erasure + "/mentions/" + call.ID} {
		got := walled.call(http.MethodGet, path, "")
		if got.Code != http.StatusNotFound || problemCode(t, got) != problemCode(t, unknown) || unknown.Code != http.StatusNotFound {
			t.Errorf("walled DPO: %d %s; unknown mention: %d %s", got.Code, got.Body, unknown.Code, unknown.Body)
		}
	}
	wantStatus(t, walled.call(http.MethodPost, "/api/v1/erasures/"+erasure+"/mentions/"+task.ID+"/redaction",
		`{"version":0,"title":"x"}`), http.StatusNotFound)

	// The DPO reads each and redacts it.
	got := decode[requestpages.MentionJSON](t, dpo.call(http.MethodGet, "/api/v1/erasures/"+erasure+"/mentions/"+call.ID, ""))
	// The form proposes the text with the name replaced by "[raderad
	// person]" (and the phone number by "[raderad uppgift]").
	if !strings.Contains(got.Text.Body, "Zoltrix") || got.Matter != m.Number+" Hyrestvist" ||
		got.Proposal.SubjectLine != "Samtal om vittnet" ||
		got.Proposal.Body != "[raderad person] ringde från [raderad uppgift] och kan vittna." {
		t.Fatalf("the DPO reads %+v", got)
	}
	wantContains(t, dpo.get("/gdpr/erasures/"+erasure+"/mentions/"+call.ID).Body.String(),
		"[raderad person] ringde från [raderad uppgift] och kan vittna.</textarea>")
	rec = dpo.call(http.MethodPost, "/api/v1/erasures/"+erasure+"/mentions/"+call.ID+"/redaction", fmt.Sprintf(
		`{"version":%d,"subject_line":%q,"body":"[raderad person] ringde och kan vittna."}`, got.Version, got.Proposal.SubjectLine))
	wantStatus(t, rec, http.StatusOK)
	if done := decode[requestpages.MentionJSON](t, rec); done.RedactedAt == nil || done.Text.Body != "[raderad person] ringde och kan vittna." {
		t.Errorf("after the redaction: %+v", done)
	}
	gotTask := decode[requestpages.MentionJSON](t, dpo.call(http.MethodGet, "/api/v1/erasures/"+erasure+"/mentions/"+task.ID, ""))
	if gotTask.Proposal.Title != "Kontakta [raderad person]" {
		t.Errorf("the task's proposal is %+v", gotTask.Proposal)
	}
	wantStatus(t, dpo.call(http.MethodPost, "/api/v1/erasures/"+erasure+"/mentions/"+task.ID+"/redaction", fmt.Sprintf(
		`{"version":%d,"title":%q}`, gotTask.Version, gotTask.Proposal.Title)), http.StatusOK)
	a.caughtUp(t)

	// Readable nowhere: no column of any table, the log's and the key
	// store's included, and no event the log can still open.
	readableNowhere(t, a, "zoltrix", "kvarnb", "555 12 34", "5551234")
	comms := a.get("/matters/" + m.ID + "/communications").Body.String()
	wantContains(t, comms, "[raderad person] ringde och kan vittna.")
	wantContains(t, a.get("/matters/"+m.ID+"/tasks").Body.String(), "Kontakta [raderad person]")
	after := decode[gdprmodel.ErasureCertificate](t, dpo.call(http.MethodGet, "/api/v1/erasures/"+erasure+"/certificate", ""))
	for _, mention := range after.Mentions {
		if mention.RedactedAt.IsZero() || mention.RedactedBy == "" {
			t.Errorf("the certificate does not show %s as redacted: %+v", mention.EntryID, mention)
		}
	}
}

// The DPO redacts from the page as a person does: the mention's page
// proposes the text without the person, saving asks first (naming the
// kind of entry and the matter) and writes nothing until confirmed, a
// version changed meanwhile shows the form again with the reason, and
// once confirmed the certificate says the text was redacted.
func TestDPORedactsAMentionFromItsPage(t *testing.T) {
	t.Parallel()
	a := newApp(t)
	dpo := a.dpo()
	person := a.createPerson("Yvander", "Quillsström")
	m := a.openMatter("Arvstvist", a.me.ID, a.createPerson("Klara", "Klient"), nil, nil, nil)
	a.clearAndOpen(m.ID, "clear", "")
	task := decode[casework.TaskJSON](t, a.call(http.MethodPost, "/api/v1/tasks", fmt.Sprintf(`{"title":"Boka möte med Yvander Quillsström",
		"assignee":{"staff":%q},"due":%q,"matter_id":%q}`, a.me.ID, date(3), m.ID)))
	a.caughtUp(t)
	erasure := dpo.eraseNow(t, person)

	path := "/gdpr/erasures/" + erasure + "/mentions/" + task.ID
	page := dpo.get(path)
	wantStatus(t, page, http.StatusOK)
	wantContains(t, page.Body.String(), `value="Boka möte med [raderad person]"`, m.Number+" Arvstvist")
	form := url.Values{"version": {fmt.Sprint(task.Version)}, "title": {"Boka möte med [raderad person]"}}
	confirm := dpo.asks(t, path, form, "Uppgift", m.Number)

	stale := url.Values{"version": {fmt.Sprint(task.Version + 5)}, "title": {"Boka möte med [raderad person]"}}
	rec := dpo.confirmed(path, stale)
	wantStatus(t, rec, http.StatusConflict)
	wantContains(t, rec.Body.String(), `id="redact-form"`)

	rec = dpo.post(path, confirm)
	wantStatus(t, rec, http.StatusSeeOther)
	if got := location(rec); got != "/gdpr/erasures/"+erasure+"?done=redacted#mentions" {
		t.Errorf("after the redaction to %q", got)
	}
	a.caughtUp(t)
	cert := dpo.get("/gdpr/erasures/" + erasure + "?done=redacted").Body.String()
	wantContains(t, cert, `id="mention-redacted"`, "Redigerad ")
	wantContains(t, a.get("/matters/"+m.ID+"/tasks").Body.String(), "Boka möte med [raderad person]")
	if left := columnsHolding(t, a, "quillsstr"); len(left) > 0 {
		t.Errorf("after the redaction the name is still in %v", left)
	}
}

func sameMention(a, b gdprmodel.Mention) bool {
	return a.Kind == b.Kind && a.EntryID == b.EntryID && a.MatterID == b.MatterID && slices.Equal(a.Marks, b.Marks)
}

// problemCode is a problem response's catalogue code.
func problemCode(t *testing.T, rec interface{ Result() *http.Response }) string {
	t.Helper()
	var p struct {
		Code string `json:"code"`
	}
	_ = json.NewDecoder(rec.Result().Body).Decode(&p)
	return p.Code
}

// countingRegister counts the certificate's reads of the entries its
// mentions are in: one read per mention made a certificate of a thousand
// mentions a thousand queries.
type countingRegister struct {
	requestpages.RequestRegister
	entries, filed *atomic.Int64
}

func (c countingRegister) Communication(ctx context.Context, id string) (communications.Entry, error) {
	c.entries.Add(1)
	return c.RequestRegister.Communication(ctx, id)
}

func (c countingRegister) Task(ctx context.Context, id string) (workmodel.Task, error) {
	c.entries.Add(1)
	return c.RequestRegister.Task(ctx, id)
}

func (c countingRegister) FiledUnder(ctx context.Context, ms []gdprmodel.Mention) (map[string][]string, error) {
	c.filed.Add(1)
	return c.RequestRegister.FiledUnder(ctx, ms)
}

// The certificate checks its mentions against the reader's walls with one
// read of the entries they are in, however many there are (issue 11, the
// last stop's note): four mentions in calls and tasks, and the page, its
// download and the API each read the entries once, never one by one.
func TestCertificateReadsItsEntriesInOneQuery(t *testing.T) {
	t.Parallel()
	var entries, filed atomic.Int64
	a := newAppWith(t, web.Config{}, func(d *klienthttp.Deps) {
		d.Requests.Register = countingRegister{RequestRegister: d.Requests.Register, entries: &entries, filed: &filed}
	})
	dpo := a.dpo()
	person := a.createPerson("Zoltrix", "Kvarnbäckström")
	m := a.openMatter("Hyrestvist", a.me.ID, a.createPerson("Klara", "Klient"), nil, nil, nil)
	a.clearAndOpen(m.ID, "clear", "")
	for i := range 2 {
		created(t, a.call(http.MethodPost, "/api/v1/communications", fmt.Sprintf(`{"matter_id":%q,
			"kind":"phone_call","occurred_at":"2026-03-02T09:0%d:00Z","subject_line":"Samtal",
			"body":"Zoltrix Kvarnbäckström ringde."}`, m.ID, i)))
		created(t, a.call(http.MethodPost, "/api/v1/tasks", fmt.Sprintf(`{"title":"Ring Zoltrix Kvarnbäckström %d",
			"assignee":{"staff":%q},"due":%q,"matter_id":%q}`, i, a.me.ID, date(3), m.ID)))
	}
	a.caughtUp(t)
	erasure := dpo.eraseNow(t, person)

	for _, path := range []string{"/gdpr/erasures/" + erasure, "/gdpr/erasures/" + erasure + ".json",
		"/api/v1/erasures/" + erasure + "/certificate"} {
		entries.Store(0)
		filed.Store(0)
		rec := dpo.call(http.MethodGet, path, "")
		wantStatus(t, rec, http.StatusOK)
		if n := strings.Count(rec.Body.String(), "/mentions/") + strings.Count(rec.Body.String(), `"entry_id"`); n < 4 {
			t.Errorf("%s lists %d mentions, want 4", path, n)
		}
		if entries.Load() != 0 || filed.Load() != 1 {
			t.Errorf("%s read the entries %d times one by one and %d times together; want once together",
				path, entries.Load(), filed.Load())
		}
	}
}
