package http_test

import (
	"fmt"
	"net/http"
	"slices"
	"strings"
	"testing"

	casework "github.com/klient-crm/klient/http/casework"

	"github.com/klient-crm/klient/http/web"
)

// TestAPIMatterLifecycle takes a matter in through the API, refuses to
// open it before a conflict check, clears and opens it, changes it with
// If-Match (a stale one is 409 and writes nothing; none is 428), and adds
// and lists parties.
func TestAPIMatterLifecycle(t *testing.T) {
	t.Parallel()
	a := newApp(t)
	client, other := a.createPerson("Klara", "Klient"), a.createPerson("Mats", "Motpart")
	m := a.openMatter("Tvist om hyra", a.me.ID, client, nil, nil, nil)
	if m.Number == "" || m.Status != "intake" || len(m.ClientIDs) != 1 {
		t.Fatalf("opened: %+v", m)
	}
	before := a.events()
	p := wantProblem(t, a.call(http.MethodPost, "/api/v1/matters/"+m.ID+"/activate", "", "If-Match", web.VersionETag(m.Version)), http.StatusConflict)
	if !strings.Contains(p.Detail, "jävskontroll") || a.events() != before {
		t.Errorf("activation without a check: %+v, %d events written", p, a.events()-before)
	}
	a.clearAndOpen(m.ID, "clear", "")
	got := a.getMatter(m.ID)
	if got.Status != "open" || got.ConflictDecision != "clear" {
		t.Fatalf("after clearing: %+v", got)
	}

	stale := web.VersionETag(got.Version - 1)
	before = a.events()
	p = wantProblem(t, a.call(http.MethodPatch, "/api/v1/matters/"+m.ID, `{"title":"Ny rubrik"}`, "If-Match", stale), http.StatusConflict)
	if !strings.Contains(p.Detail, "Någon annan har ändrat ärendet") || a.events() != before {
		t.Errorf("stale patch: %+v", p)
	}
	wantProblem(t, a.call(http.MethodPatch, "/api/v1/matters/"+m.ID, `{"title":"Ny rubrik"}`), http.StatusPreconditionRequired)
	rec := a.call(http.MethodPatch, "/api/v1/matters/"+m.ID, `{"title":"Ny rubrik"}`, "If-Match", web.VersionETag(got.Version))
	wantStatus(t, rec, http.StatusOK)
	if changed := decode[casework.MatterJSON](t, rec); changed.Title != "Ny rubrik" || changed.PracticeArea != "processrätt" {
		t.Errorf("patched: %+v", changed)
	}

	rec = a.call(http.MethodPost, "/api/v1/matters/"+m.ID+"/parties", `{"contact_id":"`+other+`","role":"counterparty"}`,
		"If-Match", rec.Header().Get("ETag"))
	wantStatus(t, rec, http.StatusCreated)
	rec = a.call(http.MethodGet, "/api/v1/matters/"+m.ID+"/parties", "")
	wantStatus(t, rec, http.StatusOK)
	wantContains(t, rec.Body.String(), other, `"counterparty"`, client, `"client"`)
	wantContains(t, a.call(http.MethodGet, "/api/v1/matters?status=open", "").Body.String(), m.ID, "Ny rubrik")
	if body := a.call(http.MethodGet, "/api/v1/matters?status=closed", "").Body.String(); strings.Contains(body, m.ID) {
		t.Error("the status filter let an open matter through")
	}
}

// TestAPIMatterBadInput: an opening that breaks rules answers 422 with
// every field named and writes nothing.
func TestAPIMatterBadInput(t *testing.T) {
	t.Parallel()
	a := newApp(t)
	before := a.events()
	p := wantProblem(t, a.call(http.MethodPost, "/api/v1/matters", `{"title":"","practice_area":"astrologi","responsible_lawyer":"`+a.me.ID+`","parties":[]}`),
		http.StatusUnprocessableEntity)
	fields := map[string]bool{}
	for _, e := range p.Errors {
		fields[e.Field] = true
	}
	if !fields["title"] || !fields["practice_area"] || a.events() != before {
		t.Errorf("errors %+v, %d events written", p.Errors, a.events()-before)
	}
	wantProblem(t, a.call(http.MethodPost, "/api/v1/matters", `{"title":"x","bogus":1}`), http.StatusBadRequest)
}

// GET /api/v1/matters pages with a cursor, newest number first: every
// matter the member may see once, nothing skipped when another is opened
// between pages (it is newer than the cursor, so the walk has passed its
// place), no next on the last page, and neither a walled matter nor
// another lawyer's read, so no page comes short (issue 11, item 17: the
// list stopped at 500).
func TestAPIMattersPageWithACursor(t *testing.T) {
	t.Parallel()
	a := newApp(t)
	client := a.createPerson("Sida", "Klientsson")
	other, asOther := a.lawyer()
	var want []string
	for i := range 5 {
		if i == 2 {
			walled := a.openMatter("Avskärmat", a.me.ID, client, nil, nil, nil)
			a.wallMatter(walled.ID, a.me.ID)
			asOther.openMatter("Någon annans", other.ID, client, nil, nil, nil)
		}
		want = append(want, a.openMatter(fmt.Sprintf("Ärende %d", i), a.me.ID, client, nil, nil, nil).ID)
	}
	slices.Reverse(want)
	got := walk(t, a, "/api/v1/matters", 2, func(page int) {
		if page == 1 {
			a.openMatter("Öppnat emellan", a.me.ID, client, nil, nil, nil) // a newer number: before the cursor, not after
		}
	})
	wantWalk(t, "the matters", got, want)
	wantStatus(t, a.call(http.MethodGet, "/api/v1/matters?limit=500", ""), http.StatusOK)
	wantProblem(t, a.call(http.MethodGet, "/api/v1/matters?limit=0", ""), http.StatusBadRequest)
	wantProblem(t, a.call(http.MethodGet, "/api/v1/matters?limit=501", ""), http.StatusBadRequest)
}
