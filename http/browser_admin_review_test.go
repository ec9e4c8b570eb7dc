package http_test

import (
	"net/http"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"github.com/chromedp/chromedp"

	"github.com/klient-crm/klient/domain/access"
	klienthttp "github.com/klient-crm/klient/http"
	dpopages "github.com/klient-crm/klient/http/dpo"
)

// TestBrowserAdministratorLandsOnALateAccessReview: issue 16's "overdue
// reviews on the administrator's start page", in Chromium on a phone
// (390 px). The DPO completed a review six months and two days ago,
// deciding to remove one member's access; an administrator signs in and
// lands on the staff page, whose first box says in words that the review
// is late and by which day it was due, and names the member to remove
// access for, linked; the page fits the window and axe-core finds nothing
// serious on it.
func TestBrowserAdministratorLandsOnALateAccessReview(t *testing.T) {
	t.Parallel()
	// The server's goroutines read the clock the test moves: atomically.
	var pageNow atomic.Pointer[time.Time]
	start := time.Now()
	pageNow.Store(&start)
	a, base, ctx := browserAppWith(t, func(d *klienthttp.Deps) { d.Registers.Clock = func() time.Time { return *pageNow.Load() } })
	adminMember := a.member(access.RoleAdmin)
	officer := a.as(a.signIn(a.member(access.RoleDPO).ID))
	leaver := a.member(access.RoleAssistant)
	rec := officer.call(http.MethodPost, "/api/v1/access-reviews", `{}`)
	wantStatus(t, rec, http.StatusCreated)
	review := decode[dpopages.AccessReviewJSON](t, rec)
	for _, m := range review.Members {
		body := `{"staff_id":"` + m.StaffID + `","decision":"keep"}`
		if m.StaffID == leaver.ID {
			body = `{"staff_id":"` + m.StaffID + `","decision":"remove","reason":"Har slutat på byrån"}`
		}
		wantStatus(t, officer.call(http.MethodPost, "/api/v1/access-reviews/"+review.ID+"/decisions", body), http.StatusOK)
	}
	rec = officer.call(http.MethodPost, "/api/v1/access-reviews/"+review.ID+"/completion", "")
	wantStatus(t, rec, http.StatusOK)
	done := decode[dpopages.AccessReviewJSON](t, rec)
	if done.CompletedAt == nil {
		t.Fatalf("the review is not completed: %+v", done)
	}
	dueBy := done.CompletedAt.AddDate(0, 6, 0) // every six months by default
	late := dueBy.Add(2 * 24 * time.Hour)
	pageNow.Store(&late)

	step(t, ctx, "a phone's window", chromedp.EmulateViewport(phoneWidth, phoneHeight, chromedp.EmulateMobile, chromedp.EmulateTouch))
	signInAs(t, ctx, base, adminMember.Email)
	step(t, ctx, "the start page", chromedp.WaitVisible(chromedp.CSS(`#access-review`)))
	if at := read(t, ctx, "where the administrator landed", chromedp.Location()); at != base+"/admin/staff" {
		t.Errorf("the administrator landed on %s, want %s/admin/staff", at, base)
	}
	reminder := text(t, ctx, "#access-review")
	wantContains(t, reminder, "Försenad", "Behörighetsgranskningen skulle ha varit avslutad senast "+svDay(t, dueBy),
		staffName(leaver)+": Har slutat på byrån")
	if first := read(t, ctx, "the first box of the page", chromedp.Evaluate[string](`document.querySelector('main section.panel').id`)); first != "access-review" {
		t.Errorf("the first box on the start page is #%s, want the access review's", first)
	}
	if href := read(t, ctx, "the member's link", chromedp.Evaluate[string](`document.querySelector('#access-review li a').getAttribute('href')`)); href != "/admin/staff/"+leaver.ID {
		t.Errorf("the member to remove links to %q", href)
	}
	if problems := read(t, ctx, "the layout", chromedp.Evaluate[[]string](layoutProblemsJS)); len(problems) > 0 {
		t.Errorf("the staff page at 390 px:\n  %s", strings.Join(problems, "\n  "))
	}
	if v := axeViolations(t, ctx); len(v) > 0 {
		t.Errorf("axe-core on the staff page:\n  %s", strings.Join(v, "\n  "))
	}
}
