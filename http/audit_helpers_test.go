package http_test

import (
	"context"
	"net/http"
	"net/url"
	"slices"
	"testing"
	"time"

	"github.com/klient-crm/klient/domain/access"
	"github.com/klient-crm/klient/eventstore"
	"github.com/klient-crm/klient/http/i18n"
	"github.com/klient-crm/klient/http/web"
	"github.com/klient-crm/klient/projections/accesslog"
)

// auditor registers a member with the auditor's role alone and returns
// them with a session.
func (a *app) auditor() (member, *app) {
	a.t.Helper()
	m := a.member(access.RoleAuditor)
	return m, a.as(a.signIn(m.ID))
}

// moment is now as the "show as of" form takes it (a Stockholm date and a
// time to the second). It returns once that second has passed, so what
// the test does next is recorded after the moment.
func moment(t testing.TB) (date, clock string) {
	t.Helper()
	now := time.Now().In(i18n.Stockholm)
	time.Sleep(time.Until(now.Truncate(time.Second).Add(time.Second + 20*time.Millisecond)))
	return now.Format(time.DateOnly), now.Format(time.TimeOnly)
}

// awaitTrail waits until the audit trail read model holds every event
// of the log.
func (a *app) awaitTrail() {
	a.t.Helper()
	a.awaitModels("audit_trail")
}

// awaitModels waits until each of the read models named holds every event
// of the log.
func (a *app) awaitModels(names ...string) {
	a.t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), 20*time.Second)
	defer cancel()
	envs, err := a.store.ReadAll(ctx, eventstore.Start, 100000)
	must(a.t, err)
	for _, name := range names {
		if len(envs) > 0 {
			must(a.t, a.rt.WaitFor(ctx, name, envs[len(envs)-1].Position))
		}
	}
}

// liftWallsOf lifts every standing wall that names staffID, as an
// administrator on the walls page.
func (a *app) liftWallsOf(staffID string) {
	a.t.Helper()
	admin := a.as(a.signIn(a.member(access.RoleAdmin).ID))
	for _, w := range a.walls(a.t.(*testing.T)) {
		if slices.Contains(w.Users, staffID) {
			wantStatus(a.t, admin.confirmed("/admin/walls/"+w.ID+"/lift", url.Values{"version": {web.Uitoa(w.Version)}}), http.StatusSeeOther)
		}
	}
}

// auditViews counts the access-log entries staffID made for the audit
// that name subject.
func (a *app) auditViews(staffID, subject string) int {
	a.t.Helper()
	// The purpose is sealed (projections/accesslog): read as the DPO's
	// page reads it.
	entries, err := accesslog.Search(context.Background(), a.pool, a.keys, accesslog.Filter{StaffID: staffID, Subject: subject,
		Limit: accesslog.MaxLimit})
	must(a.t, err)
	n := 0
	for _, e := range entries {
		if e.Purpose == "audit" {
			n++
		}
	}
	return n
}

// auditPath is a history page at a moment.
func auditPath(kind, id, date, clock string) string {
	v := url.Values{}
	if date != "" {
		v.Set("as_of", date)
	}
	if clock != "" {
		v.Set("as_of_time", clock)
	}
	return "/audit/" + kind + "/" + id + "?" + v.Encode()
}
