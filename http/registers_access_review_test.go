package http_test

import (
	"bytes"
	"context"
	"net/http"
	"net/http/httptest"
	"net/url"
	"slices"
	"testing"
	"time"

	"github.com/google/uuid"

	staffcmd "github.com/klient-crm/klient/commands/staff"
	"github.com/klient-crm/klient/domain/access"
	"github.com/klient-crm/klient/domain/dpo"
	klienthttp "github.com/klient-crm/klient/http"
	dpopages "github.com/klient-crm/klient/http/dpo"
	"github.com/klient-crm/klient/http/i18n"
)

// TestAccessReviewFromStartToEvidence: issue 16's access reviews. Before
// any review the DPO's start page says none was made; a review starts
// over the active staff as they stand (roles, teams, the walls that keep
// them out); removing without a reason is refused and writes nothing;
// the review cannot be completed while someone is undecided; once every
// member is decided it completes (after a confirmation), the reason
// sealed in the log, and the next is due the configured six months
// later, which the start page then says and marks late once the day has
// come; a completed review takes no more decisions; auditors read the
// evidence but do not decide.
func TestAccessReviewFromStartToEvidence(t *testing.T) {
	t.Parallel()
	today := time.Now()
	pageNow := today
	clock := func() time.Time { return pageNow }
	a := newAppWith(t, klienthttp.Config{}, func(d *klienthttp.Deps) { d.Requests.Clock, d.Registers.Clock = clock, clock })
	officer := a.member(access.RoleDPO)
	dpoApp := a.as(a.signIn(officer.ID))
	wantContains(t, section(t, dpoApp.get("/gdpr").Body.String(), "access-review"), "Ingen granskning är gjord")

	lawyer := a.memberIn([]string{"tvist"}, access.RoleLawyer)
	assistant := a.member(access.RoleAssistant)
	client := a.createPerson("Greta", "Lundqvist")
	m := a.openMatter("Tvist om leverans", lawyer.ID, client, nil, nil, nil)
	a.wallMatter(m.ID, assistant.ID)

	wantStatus(t, dpoApp.post("/registers/access-reviews", url.Values{}), http.StatusBadRequest)
	rec := dpoApp.post("/registers/access-reviews", url.Values{"review_id": {newID()}})
	wantStatus(t, rec, http.StatusSeeOther)
	path := location(rec)
	id := path[len("/registers/access-reviews/"):]
	page := dpoApp.get(path)
	wantStatus(t, page, http.StatusOK)
	wantContains(t, section(t, page.Body.String(), "member-"+lawyer.ID), "Medarbetare "+lawyer.ID[len(lawyer.ID)-4:], "Jurist", "tvist")
	wantContains(t, section(t, page.Body.String(), "member-"+assistant.ID), "Assistent", "1 murar")
	wantContains(t, section(t, dpoApp.get("/gdpr").Body.String(), "access-review"), "En granskning pågår")

	before := a.events()
	rec = dpoApp.post(path+"/decisions", url.Values{"staff_id": {assistant.ID}, "decision": {"remove"}})
	wantStatus(t, rec, http.StatusUnprocessableEntity)
	wantContains(t, section(t, rec.Body.String(), "member-"+assistant.ID), `id="error-`+assistant.ID+`"`, "Fyll i fältet.")
	if a.events() != before {
		t.Fatal("a refused decision wrote events")
	}
	wantProblem(t, dpoApp.call(http.MethodPost, "/api/v1/access-reviews/"+id+"/completion", ""), http.StatusConflict)

	review := decode[dpopages.AccessReviewJSON](t, dpoApp.call(http.MethodGet, "/api/v1/access-reviews/"+id, ""))
	if review.Counts.Members < 3 || review.Counts.Decided != 0 {
		t.Fatalf("the review found %+v", review.Counts)
	}
	for _, member := range review.Members {
		if member.StaffID == assistant.ID {
			wantStatus(t, dpoApp.post(path+"/decisions", url.Values{"staff_id": {assistant.ID}, "decision": {"remove"},
				"reason": {"Slutat i ärendegruppen"}}), http.StatusSeeOther)
			continue
		}
		wantStatus(t, dpoApp.call(http.MethodPost, "/api/v1/access-reviews/"+id+"/decisions",
			`{"staff_id":"`+member.StaffID+`","decision":"keep"}`), http.StatusOK)
	}
	rec = dpoApp.post(path+"/completion", url.Values{})
	wantStatus(t, rec, http.StatusOK)
	wantContains(t, rec.Body.String(), `id="confirm-form"`, "att ta bort?")
	wantStatus(t, dpoApp.confirmed(path+"/completion", url.Values{}), http.StatusSeeOther)

	envs, err := a.store.ReadStream(context.Background(), dpo.AccessReviewStreamName(id), 0, 100)
	must(t, err)
	for _, e := range envs {
		if bytes.Contains(e.Data, []byte("Slutat i ärendegruppen")) {
			t.Error("a decision's reason is in the log in the clear")
		}
	}
	review = decode[dpopages.AccessReviewJSON](t, dpoApp.call(http.MethodGet, "/api/v1/access-reviews/"+id, ""))
	if review.CompletedAt == nil {
		t.Fatalf("the review is not completed: %+v", review)
	}
	// Six months after the completion, as a Stockholm day.
	wantNext := review.CompletedAt.AddDate(0, 6, 0).In(i18n.Stockholm).Format("2006-01-02")
	if review.Counts.Removals != 1 || review.Counts.Decided != review.Counts.Members || review.NextBy != wantNext {
		t.Errorf("the completed review reads %+v, want the next by %s", review, wantNext)
	}
	wantProblem(t, dpoApp.call(http.MethodPost, "/api/v1/access-reviews/"+id+"/decisions",
		`{"staff_id":"`+lawyer.ID+`","decision":"remove","reason":"sent"}`), http.StatusConflict)

	home := section(t, dpoApp.get("/gdpr").Body.String(), "access-review")
	wantAbsent(t, home, "Ingen granskning är gjord", "skulle ha gjorts")
	pageNow = today.AddDate(0, 6, 1)
	wantContains(t, section(t, dpoApp.get("/gdpr").Body.String(), "access-review"), "Granskningen skulle ha gjorts senast")

	auditor := a.as(a.signIn(a.member(access.RoleAuditor).ID))
	evidence := auditor.get(path)
	wantStatus(t, evidence, http.StatusOK)
	wantContains(t, section(t, evidence.Body.String(), "member-"+assistant.ID), "Ta bort: Slutat i ärendegruppen")
	wantAbsent(t, evidence.Body.String(), `class="decide-form"`, `id="complete-form"`)
	wantStatus(t, auditor.post("/registers/access-reviews", url.Values{"review_id": {newID()}}), http.StatusForbidden)
	wantStatus(t, dpoApp.get("/registers/access-reviews/0192f1d2-7a51-7cc3-9a1e-5b0c6a3f2d12"), http.StatusNotFound)
}

// The access review through the API (issue 16): started with {}, each
// member kept, completed; the completed review names when the next is due.
func TestAccessReviewThroughTheAPI(t *testing.T) {
	t.Parallel()
	a := newApp(t)
	dpoApp := a.as(a.signIn(a.member(access.RoleDPO).ID))
	a.member(access.RoleLawyer)
	rec := dpoApp.call(http.MethodPost, "/api/v1/access-reviews", `{}`)
	wantStatus(t, rec, http.StatusCreated)
	review := decode[dpopages.AccessReviewJSON](t, rec)
	if len(review.Members) == 0 {
		t.Fatalf("a review of no one: %+v", review)
	}
	for _, m := range review.Members {
		wantStatus(t, dpoApp.call(http.MethodPost, "/api/v1/access-reviews/"+review.ID+"/decisions",
			`{"staff_id":"`+m.StaffID+`","decision":"keep"}`), http.StatusOK)
	}
	rec = dpoApp.call(http.MethodPost, "/api/v1/access-reviews/"+review.ID+"/completion", "")
	wantStatus(t, rec, http.StatusOK)
	if done := decode[dpopages.AccessReviewJSON](t, rec); done.CompletedAt == nil || done.NextBy == "" {
		t.Fatalf("the completed review: %+v", done)
	}
}

// TestAccessReviewWaitsForTheStaffDirectory: a review is evidence of who
// had access, so its snapshot is read from a staff directory that has
// caught up with the log. A member registered while the directory lags
// (its table held) is in the review started meanwhile, not left out.
func TestAccessReviewWaitsForTheStaffDirectory(t *testing.T) {
	t.Parallel()
	a := newApp(t)
	dpoApp := a.as(a.signIn(a.member(access.RoleDPO).ID))
	ctx := context.Background()
	hold, err := a.pool.Begin(ctx)
	must(t, err)
	defer func() { _ = hold.Rollback(ctx) }()
	// A table lock takes no transaction ID: the staff projector waits,
	// the log and every reader do not.
	_, err = hold.Exec(ctx, `LOCK TABLE staff_v1 IN SHARE MODE`)
	must(t, err)
	newcomer := uuid.Must(uuid.NewV7()).String()
	_, err = a.access.RegisterStaff.Handle(ctx, staffcmd.RegisterStaffMember{Actor: admin, StaffID: newcomer,
		Details: access.StaffDetails{Name: "Nyanställd", Email: "ny-" + newcomer[len(newcomer)-12:] + "@byran.example"},
		Roles:   []access.Role{access.RoleLawyer}})
	must(t, err)

	started := make(chan *httptest.ResponseRecorder, 1)
	go func() { started <- dpoApp.call(http.MethodPost, "/api/v1/access-reviews", `{}`) }()
	time.Sleep(500 * time.Millisecond) // the review is asked for while the directory lags
	must(t, hold.Rollback(ctx))
	rec := <-started
	wantStatus(t, rec, http.StatusCreated)
	review := decode[dpopages.AccessReviewJSON](t, rec)
	if !slices.ContainsFunc(review.Members, func(m dpopages.ReviewMemberJSON) bool { return m.StaffID == newcomer }) {
		t.Errorf("the review left out the member registered before it: %+v", review.Members)
	}
}

// TestAccessReviewRecordsDirectGrants: issue 16 asks the review to cover
// each member's "roles, teams and direct matter grants". A colleague
// granted a matter outside its team is in the review's snapshot with
// that matter, named on the page by its number; a grant revoked before
// the review is not in it, and a member with no grant has none.
func TestAccessReviewRecordsDirectGrants(t *testing.T) {
	t.Parallel()
	a := newApp(t)
	dpoApp := a.as(a.signIn(a.member(access.RoleDPO).ID))
	partner, _ := a.lawyer()
	kept := a.openMatter("Granskad behörighet", a.me.ID, a.createPerson("Gun", "Grant"), nil, nil, nil)
	revoked := a.openMatter("Återkallad behörighet", a.me.ID, a.createPerson("Rut", "Revok"), nil, nil, nil)
	version := func(id string) string { return hidden(t, a.get("/matters/"+id).Body.String(), "version") }
	for _, m := range []string{kept.ID, revoked.ID} {
		wantStatus(t, a.post("/matters/"+m+"/grants", url.Values{"version": {version(m)}, "staff_id": {partner.ID}}), http.StatusSeeOther)
	}
	wantStatus(t, a.confirmed("/matters/"+revoked.ID+"/grants/"+partner.ID+"/revoke", url.Values{"version": {version(revoked.ID)}}),
		http.StatusSeeOther)

	rec := dpoApp.call(http.MethodPost, "/api/v1/access-reviews", `{}`)
	wantStatus(t, rec, http.StatusCreated)
	review := decode[dpopages.AccessReviewJSON](t, rec)
	grants := map[string][]string{}
	for _, m := range review.Members {
		grants[m.StaffID] = m.Grants
	}
	if got := grants[partner.ID]; !slices.Equal(got, []string{kept.ID}) {
		t.Errorf("the partner's direct grants in the review are %v, want only %s", got, kept.ID)
	}
	if got, in := grants[a.me.ID]; !in || len(got) != 0 {
		t.Errorf("the responsible lawyer, on the team and granted nothing, is in the review with grants %v (in it: %v)", got, in)
	}
	page := dpoApp.get("/registers/access-reviews/" + review.ID)
	wantStatus(t, page, http.StatusOK)
	member := section(t, page.Body.String(), "member-"+partner.ID)
	wantContains(t, member, "Ärenden med direkt behörighet", kept.Number)
	wantAbsent(t, member, revoked.Number, kept.ID)
}
