package http_test

import (
	"encoding/base64"
	"fmt"
	"net/http"
	"net/http/httptest"
	"net/url"
	"slices"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/klient-crm/klient/domain/access"
)

// Every list of the API pages the same way (issue 11, item 17): limit and
// after in, items and next out. Each test below walks one list a few
// items at a time, adds items between two pages, and checks the walk
// against what the test made: every item once, in the list's documented
// order; one added behind the cursor is met later, one added before it is
// not (the walk has passed that place); nothing behind a wall or outside
// need-to-know, and no page but the last shorter than asked, so no page
// tells that something was left out.

// listPage is one page of any API list.
type listPage struct {
	Items []struct {
		ID string `json:"id"`
	} `json:"items"`
	Next string `json:"next"`
}

// walkPages reads a list through fetch (given the cursor, "" for the first
// page), limit items a page, and calls between after each page but the
// last (with the page's number, from 1). It fails on an item read twice
// and on a page short of limit that is not the last; it returns the IDs
// in the order read.
func walkPages(t *testing.T, limit int, fetch func(after string) *httptest.ResponseRecorder, between func(page int)) []string {
	t.Helper()
	seen := map[string]bool{}
	var ids []string
	after := ""
	for page := 1; page <= 50; page++ {
		rec := fetch(after)
		wantStatus(t, rec, http.StatusOK)
		p := decode[listPage](t, rec)
		if len(p.Items) > limit {
			t.Fatalf("page %d holds %d items, more than the %d asked for", page, len(p.Items), limit)
		}
		for _, it := range p.Items {
			if seen[it.ID] {
				t.Errorf("page %d repeats %s", page, it.ID)
			}
			seen[it.ID] = true
			ids = append(ids, it.ID)
		}
		if p.Next == "" {
			return ids
		}
		if len(p.Items) != limit {
			t.Errorf("page %d holds %d items and another follows: a short page", page, len(p.Items))
		}
		if between != nil {
			between(page)
		}
		after = p.Next
	}
	t.Fatal("the walk did not end in 50 pages")
	return nil
}

// walk is walkPages over GET path (which may carry a query) as as.
func walk(t *testing.T, as *app, path string, limit int, between func(page int)) []string {
	t.Helper()
	sep := "?"
	if strings.Contains(path, "?") {
		sep = "&"
	}
	return walkPages(t, limit, func(after string) *httptest.ResponseRecorder {
		u := path + sep + "limit=" + strconv.Itoa(limit)
		if after != "" {
			u += "&after=" + url.QueryEscape(after)
		}
		return as.call(http.MethodGet, u, "")
	}, between)
}

// wantWalk fails unless the walk read exactly want, in that order.
func wantWalk(t *testing.T, what string, got, want []string) {
	t.Helper()
	if !slices.Equal(got, want) {
		t.Errorf("%s: walked\n  %v\nwant\n  %v", what, got, want)
	}
}

// created is the ID in a 201 answer.
func created(t *testing.T, rec *httptest.ResponseRecorder) string {
	t.Helper()
	wantStatus(t, rec, http.StatusCreated)
	return decode[struct{ ID string }](t, rec).ID
}

// The contact list, alphabetical: a contact walled off from the walker
// is never read and leaves no short page; one named before the cursor
// after the walk passed it is not met, one named after it is.
func TestAPIContactsPageThroughEveryContact(t *testing.T) {
	t.Parallel()
	a := newApp(t)
	admin := a.as(a.signIn(a.member(access.RoleAdmin).ID))
	u := a.member(access.RoleLawyer)
	walker := a.as(a.signIn(u.ID))
	id := map[string]string{}
	for _, given := range []string{"Cecilia", "Ada", "Erik", "Bo", "Gun", "Dan", "Filip", "Britt"} {
		id[given] = a.createPerson(given, "Sidvandrare")
	}
	erect(t, admin, url.Values{"contact_id": {id["Britt"]}, "users": {u.ID}, "reason": {"jäv"}}) // right after the first page
	got := walk(t, walker, "/api/v1/contacts", 2, func(page int) {
		if page == 1 {
			id["Aina"] = a.createPerson("Aina", "Sidvandrare")   // before the cursor (Bo): passed
			id["Östen"] = a.createPerson("Östen", "Sidvandrare") // Ö after Z: met at the end
		}
	})
	wantWalk(t, "the contact list", got, []string{id["Ada"], id["Bo"], id["Cecilia"], id["Dan"], id["Erik"],
		id["Filip"], id["Gun"], id["Östen"]})

	// A search by name pages the same way, in the body of POST …/search,
	// in the search's order: names with a word that begins with what was
	// typed, alphabetically (here every name), then names that merely
	// contain it. One of each is added after the first page: the first
	// sorts before the cursor and is passed, the second comes last.
	search := func(after string) *httptest.ResponseRecorder {
		return walker.call(http.MethodPost, "/api/v1/contacts/search", fmt.Sprintf(`{"q":"Sidvandrare","limit":3,"after":%q}`, after))
	}
	got = walkPages(t, 3, search, func(page int) {
		if page == 1 {
			a.createPerson("Abel", "Sidvandrare")
			id["Ensidvandrare"] = a.createPerson("Elof", "Ensidvandrare")
		}
	})
	wantWalk(t, "the search", got, []string{id["Ada"], id["Aina"], id["Bo"], id["Cecilia"], id["Dan"], id["Erik"],
		id["Filip"], id["Gun"], id["Östen"], id["Ensidvandrare"]})
}

// The communication log of a matter and of a contact, newest first: an
// entry naming a walled contact is never read; the contact's log leaves
// out the entries of a matter the walker does not work on.
func TestAPICommunicationsPageThroughTheLog(t *testing.T) {
	t.Parallel()
	a := newApp(t)
	admin := a.as(a.signIn(a.member(access.RoleAdmin).ID))
	client, walled := a.createPerson("Klara", "Loggsson"), a.createPerson("Vera", "Väggsson")
	m := a.openMatter("Loggat ärende", a.me.ID, client, nil, nil, nil)
	other, asOther := a.lawyer()
	theirs := asOther.openMatter("Någon annans ärende", other.ID, client, nil, nil, nil)
	log := func(as *app, matterID, day string, contacts ...string) string {
		return created(t, as.call(http.MethodPost, "/api/v1/communications", fmt.Sprintf(
			`{"matter_id":%q,"contact_ids":[%s],"kind":"note","occurred_at":"2026-03-%sT09:00:00Z","subject_line":"Samtal"}`,
			matterID, `"`+strings.Join(contacts, `","`)+`"`, day)))
	}
	var want []string
	for _, day := range []string{"09", "08", "07", "06", "05"} {
		want = append(want, log(a, m.ID, day, client))
	}
	log(a, m.ID, "08", client, walled) // between the first two, naming the walled contact
	log(asOther, theirs.ID, "07", client)
	erect(t, admin, url.Values{"contact_id": {walled}, "users": {a.me.ID}, "reason": {"jäv"}})

	var newer, late string
	got := walk(t, a, "/api/v1/communications?matter_id="+m.ID, 2, func(page int) {
		if page == 1 {
			newer = log(a, m.ID, "20", client) // newer than the cursor: passed
			late = log(a, m.ID, "01", client)
		}
	})
	wantWalk(t, "the matter's log", got, append(slices.Clone(want), late))
	got = walk(t, a, "/api/v1/communications?contact_id="+client, 3, nil)
	wantWalk(t, "the contact's log", got, append(append([]string{newer}, want...), late))
}

// The caller's open tasks and their teams', soonest due first: tasks on
// a walled matter or about a walled contact are never read.
func TestAPITasksPageThroughMyTasks(t *testing.T) {
	t.Parallel()
	a := newApp(t)
	admin := a.as(a.signIn(a.member(access.RoleAdmin).ID))
	u := a.memberIn([]string{"tvist"}, access.RoleLawyer)
	walker := a.as(a.signIn(u.ID))
	m := a.openMatter("Uppgifter", a.me.ID, a.createPerson("Uno", "Uppdragsgivare"), nil, []string{u.ID}, nil)
	walledMatter := a.openMatter("Avskärmat", a.me.ID, a.createPerson("Ulla", "Uppdragsgivare"), nil, []string{u.ID}, nil)
	walledContact := a.createPerson("Wilma", "Väggsson")
	task := func(due int, assignee, about string) string {
		return created(t, a.call(http.MethodPost, "/api/v1/tasks", fmt.Sprintf(`{"title":"Uppgift","assignee":%s,"due":%q%s}`,
			assignee, date(due), about)))
	}
	mine, team := fmt.Sprintf(`{"staff":%q}`, u.ID), `{"team":"tvist"}`
	onMatter := func(id string) string { return fmt.Sprintf(`,"matter_id":%q`, id) }
	want := []string{
		task(1, mine, onMatter(m.ID)),
		task(2, team, onMatter(m.ID)),
		task(3, mine, ""),
		task(5, mine, fmt.Sprintf(`,"contact_id":%q`, a.createPerson("Öppen", "Kontakt"))),
		task(6, team, ""),
	}
	task(2, mine, onMatter(walledMatter.ID))
	task(4, mine, fmt.Sprintf(`,"contact_id":%q`, walledContact))
	task(4, fmt.Sprintf(`{"staff":%q}`, a.me.ID), onMatter(m.ID)) // someone else's
	a.wallMatter(walledMatter.ID, u.ID)
	erect(t, admin, url.Values{"contact_id": {walledContact}, "users": {u.ID}, "reason": {"jäv"}})

	var late string
	got := walk(t, walker, "/api/v1/tasks", 2, func(page int) {
		if page == 1 {
			task(0, mine, "") // due before the cursor: passed
			late = task(30, team, onMatter(m.ID))
		}
	})
	wantWalk(t, "the tasks", got, append(slices.Clone(want), late))
}

// The caller's pending deadlines and a matter's, soonest first: those of
// a walled matter are never read.
func TestAPIDeadlinesPageThroughMyDeadlines(t *testing.T) {
	t.Parallel()
	a := newApp(t)
	u, walker := a.lawyer()
	m := a.openMatter("Frister", a.me.ID, a.createPerson("Frida", "Fristsson"), nil, []string{u.ID}, nil)
	walledMatter := a.openMatter("Avskärmade frister", a.me.ID, a.createPerson("Folke", "Fristsson"), nil, []string{u.ID}, nil)
	deadline := func(matterID string, day int, at, responsible string) string {
		return created(t, a.call(http.MethodPost, "/api/v1/deadlines", fmt.Sprintf(
			`{"matter_id":%q,"kind":"filing","date":%q,"time":%q,"title":"Inlaga","responsible":%q,"reminders":[1]}`,
			matterID, date(day), at, responsible)))
	}
	want := []string{
		deadline(m.ID, 3, "", u.ID),
		deadline(m.ID, 3, "10:00", u.ID), // all day first, then by the hour
		deadline(m.ID, 4, "09:00", u.ID),
		deadline(m.ID, 6, "", u.ID),
		deadline(m.ID, 7, "", u.ID),
	}
	deadline(walledMatter.ID, 4, "", u.ID)
	theirs := deadline(m.ID, 5, "", a.me.ID)
	a.wallMatter(walledMatter.ID, u.ID)

	var early, late string
	got := walk(t, walker, "/api/v1/deadlines", 2, func(page int) {
		if page == 1 {
			early = deadline(m.ID, 2, "", u.ID) // before the cursor: passed
			late = deadline(m.ID, 40, "", u.ID)
		}
	})
	wantWalk(t, "my deadlines", got, append(slices.Clone(want), late))
	all := append([]string{early}, slices.Insert(slices.Clone(want), 3, theirs)...)
	got = walk(t, walker, "/api/v1/deadlines?matter_id="+m.ID, 3, nil)
	wantWalk(t, "the matter's deadlines", got, append(all, late))
	if got := walk(t, walker, "/api/v1/deadlines?matter_id="+walledMatter.ID, 3, nil); len(got) != 0 {
		t.Errorf("the walled matter's deadlines: %v", got)
	}
}

// The register of data-subject requests, the oldest last day to answer
// first: the requests of a person walled off from the officer are never
// read.
func TestAPIRequestsPageThroughTheRegister(t *testing.T) {
	t.Parallel()
	a := newApp(t)
	admin := a.as(a.signIn(a.member(access.RoleAdmin).ID))
	dpo := a.member(access.RoleDPO)
	d := a.as(a.signIn(dpo.ID))
	request := func(subject string, daysAgo int) string {
		at := time.Now().Add(-time.Duration(daysAgo) * 24 * time.Hour).UTC().Format(time.RFC3339)
		return created(t, d.call(http.MethodPost, "/api/v1/subjects/"+subject+"/requests",
			fmt.Sprintf(`{"right":"access","channel":"email","received_at":%q}`, at)))
	}
	var want []string
	for i, daysAgo := range []int{20, 18, 16, 14, 12} {
		want = append(want, request(a.createPerson("Person", fmt.Sprintf("Nummer%d", i)), daysAgo))
	}
	walled := a.createPerson("Walter", "Väggsson")
	request(walled, 19)
	request(walled, 15)
	erect(t, admin, url.Values{"contact_id": {walled}, "users": {dpo.ID}, "reason": {"jäv"}})

	var late string
	got := walk(t, d, "/api/v1/requests", 2, func(page int) {
		if page == 1 {
			request(a.createPerson("Tidig", "Begäran"), 25) // an earlier last day: passed
			late = request(a.createPerson("Sen", "Begäran"), 1)
		}
	})
	wantWalk(t, "the register", got, append(slices.Clone(want), late))
}

// wantPageRefused: a 400 whose one field error (limit or after) says want.
func wantPageRefused(t *testing.T, what string, rec *httptest.ResponseRecorder, want string) {
	t.Helper()
	p := wantProblem(t, rec, http.StatusBadRequest)
	if len(p.Errors) != 1 || !strings.Contains(p.Errors[0].Message, want) {
		t.Errorf("%s: %+v, want a field error saying %q", what, p, want)
	}
}

// A limit outside 1 to 500, a cursor that is not one the list gave (or
// another list's) and a contact cursor naming a walled contact are 400s
// with a Swedish message; the walled contact's answer is the unknown
// contact's, word for word.
func TestAPIListsRefuseBadPageParameters(t *testing.T) {
	t.Parallel()
	a := newApp(t)
	m := a.openMatter("Sidor", a.me.ID, a.createPerson("Sixten", "Sidsson"), nil, nil, nil)
	a.openMatter("Sidor 2", a.me.ID, a.createPerson("Sigrid", "Sidsson"), nil, nil, nil)
	matters := decode[listPage](t, a.call(http.MethodGet, "/api/v1/matters?limit=1", "")).Next
	if matters == "" {
		t.Fatal("two matters, one a page: no next")
	}
	dpo := a.requestsOfficer()
	for _, list := range []string{"/api/v1/contacts?", "/api/v1/matters?", "/api/v1/communications?matter_id=" + m.ID + "&",
		"/api/v1/tasks?", "/api/v1/deadlines?", "/api/v1/requests?"} {
		as := a
		if strings.HasPrefix(list, "/api/v1/requests") {
			as = dpo
		}
		queries := map[string]string{"limit=0": "Antalet per sida", "limit=501": "Antalet per sida",
			"limit=tio": "Antalet per sida", "after=inte-en-sidmarkor": "Sidmarkören"}
		if list != "/api/v1/matters?" {
			queries["after="+url.QueryEscape(matters)] = "Sidmarkören" // another list's cursor
		}
		for query, want := range queries {
			wantPageRefused(t, "GET "+list+query, as.call(http.MethodGet, list+query, ""), want)
		}
	}
	wantPageRefused(t, "search, limit 0", a.call(http.MethodPost, "/api/v1/contacts/search", `{"q":"x","limit":0}`), "Antalet per sida")
	wantPageRefused(t, "search after x", a.call(http.MethodPost, "/api/v1/contacts/search", `{"q":"x","after":"x"}`), "Sidmarkören")

	// A cursor is opaque but not secret: one made up to name a walled
	// contact answers as one naming a contact that does not exist.
	u := a.member(access.RoleLawyer)
	walled := a.createPerson("Dold", "Sidsson")
	erect(t, a.as(a.signIn(a.member(access.RoleAdmin).ID)), url.Values{"contact_id": {walled}, "users": {u.ID}, "reason": {"jäv"}})
	cursor := func(id string) string {
		return base64.RawURLEncoding.EncodeToString([]byte(`{"l":"contacts","k":{"i":"` + id + `"}}`))
	}
	as := a.as(a.signIn(u.ID))
	unknown := "01900000-0000-7000-8000-0000000000ff"
	got := as.call(http.MethodGet, "/api/v1/contacts?after="+cursor(walled), "")
	want := as.call(http.MethodGet, "/api/v1/contacts?after="+cursor(unknown), "")
	wantProblem(t, got, http.StatusBadRequest)
	if scrub(got, walled) != scrub(want, unknown) {
		t.Errorf("a cursor naming a walled contact: %s, unlike an unknown one: %s", got.Body, want.Body)
	}
	wantStatus(t, a.call(http.MethodGet, "/api/v1/contacts?after="+cursor(walled), ""), http.StatusOK) // a.me is not walled
}
