package http_test

import (
	"context"
	"encoding/json"
	"net/http"
	"net/url"
	"strings"
	"testing"

	"github.com/klient-crm/klient/domain/access"
	"github.com/klient-crm/klient/eventstore"
	requestpages "github.com/klient-crm/klient/http/requests"
	"github.com/klient-crm/klient/http/web"
	"github.com/klient-crm/klient/projections/accesslog"
)

// requestsOfficer registers a data-protection officer and returns the app signed in
// as them.
func (a *app) requestsOfficer() *app {
	a.t.Helper()
	return a.as(a.signIn(a.member(access.RoleDPO).ID))
}

// requestForm is the registration form as the DPO fills it; how may be
// empty (identity not checked yet).
func requestForm(subject, kind, receivedOn, how string) url.Values {
	return url.Values{"request_id": {newID()}, "subject_id": {subject}, "kind": {kind}, "channel": {"email"},
		"received_at": {receivedOn}, "requester_note": {"Skickade ett brev om sina uppgifter"}, "how": {how}}
}

// registerRequest registers a request through the form and returns its ID.
func (a *app) registerRequest(subject, kind, receivedOn, how string) string {
	a.t.Helper()
	rec := a.post("/gdpr/requests", requestForm(subject, kind, receivedOn, how))
	wantStatus(a.t, rec, http.StatusSeeOther)
	id, ok := strings.CutPrefix(location(rec), "/gdpr/requests/")
	if !ok {
		a.t.Fatalf("registration went to %q", location(rec))
	}
	id, _, _ = strings.Cut(id, "?")
	return id
}

// requestVersion reads the version the request page carries in its forms.
func (a *app) requestVersion(id string) string {
	a.t.Helper()
	rec := a.get("/gdpr/requests/" + id)
	wantStatus(a.t, rec, http.StatusOK)
	return hidden(a.t, rec.Body.String(), "version")
}

// exportsOf lists the access-log entries that record an export of subject.
func (a *app) exportsOf(subject string) []accesslog.Entry {
	a.t.Helper()
	entries, err := web.AccessLogStore(a.pool, a.keys).Search(context.Background(), accesslog.Filter{Subject: subject, Limit: 100})
	must(a.t, err)
	var out []accesslog.Entry
	for _, e := range entries {
		if e.Via == accesslog.ViaExport {
			out = append(out, e)
		}
	}
	return out
}

// eraseNow registers an erasure request for subject through the API and
// carries it out, as a (a DPO), then waits for every read model; it
// returns the request's ID, which is the erasure's.
func (a *app) eraseNow(t *testing.T, subject string) string {
	t.Helper()
	req := decode[requestpages.RequestJSON](t, a.call(http.MethodPost, "/api/v1/subjects/"+subject+"/requests",
		`{"right":"erasure","channel":"letter","verified_how":"BankID"}`))
	wantStatus(t, a.call(http.MethodPost, "/api/v1/requests/"+req.ID+"/erasure", ""), http.StatusOK)
	a.caughtUp(t)
	return req.ID
}

// readableNowhere fails t for each marker (lower case) still in a column
// of any table, the log's and the key store's included, or in an event
// the log can still open.
func readableNowhere(t *testing.T, a *app, markers ...string) {
	t.Helper()
	for _, marker := range markers {
		if left := columnsHolding(t, a, marker); len(left) > 0 {
			t.Errorf("%q is still in %v", marker, left)
		}
	}
	ctx := context.Background()
	envs, err := a.store.ReadAll(ctx, eventstore.Start, 100000)
	must(t, err)
	for _, env := range envs {
		d, err := a.codec.Decode(ctx, env)
		must(t, err)
		opened, _ := json.Marshal(d.Event)
		for _, marker := range markers {
			if strings.Contains(strings.ToLower(string(opened)), marker) {
				t.Errorf("event %s (%s) still opens to %q: %s", env.ID, env.Type, marker, opened)
			}
		}
	}
}
