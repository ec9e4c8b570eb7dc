package http_test

import (
	"fmt"
	"net/http"
	"net/http/httptest"
	"testing"

	"github.com/klient-crm/klient/domain/access"
)

// BenchmarkStartPage times the whole /work handler for a lawyer whose
// lists are full (25 overdue, 25 more open tasks, 25 pending deadlines on a
// matter): its reads, need-to-know, the template and the access log. The
// template was most of the page's time at a million events (issue 19);
// -benchmem shows what a change to the rows saves.
//
//	go test -run '^$' -bench BenchmarkStartPage -benchmem -benchtime 200x ./http/
func BenchmarkStartPage(b *testing.B) {
	a := newApp(b)
	u := a.memberIn([]string{"tvist"}, access.RoleLawyer)
	m := a.openMatter("Startsidan", a.me.ID, a.createPerson("Sture", "Startsson"), nil, []string{u.ID}, nil)
	for i := range 50 {
		mustCreate(b, a.call(http.MethodPost, "/api/v1/tasks", fmt.Sprintf(`{"title":"Uppgift %d","assignee":{"staff":%q},"due":%q,"matter_id":%q}`,
			i, u.ID, date(i-25), m.ID)))
	}
	for i := range 25 {
		mustCreate(b, a.call(http.MethodPost, "/api/v1/deadlines", fmt.Sprintf(
			`{"matter_id":%q,"kind":"filing","date":%q,"title":"Inlaga %d","responsible":%q,"reminders":[1]}`, m.ID, date(i+3), i, u.ID)))
	}
	lawyer := a.as(a.signIn(u.ID))
	a.settle()
	timePage(b, lawyer, "/work")
}

func mustCreate(b *testing.B, rec *httptest.ResponseRecorder) {
	if rec.Code != http.StatusCreated {
		b.Fatalf("%d %s", rec.Code, rec.Body)
	}
}
