package http_test

import (
	"net/http"
	"net/url"
	"regexp"
	"strings"
	"testing"

	"github.com/klient-crm/klient/domain/access"
)

// TestAuditStreamPage: a line of the trail about a stream with no page of
// its own (here a wall's) links to the stream's events, which show as of a
// moment like any history; a contact's stream goes to the contact's page.
func TestAuditStreamPage(t *testing.T) {
	t.Parallel()
	a := newApp(t)
	lawyer, _ := a.lawyer()
	client := a.createPerson("Stina", "Ström")
	admin := a.as(a.signIn(a.member(access.RoleAdmin).ID))
	erect(t, admin, url.Values{"wall_id": {newID()}, "contact_id": {client}, "users": {lawyer.ID}, "reason": {"jäv i tvist"}})
	date, clock := moment(t)
	a.liftWallsOf(lawyer.ID)
	a.awaitTrail()
	_, auditor := a.auditor()

	trail := auditor.get("/audit?type=" + access.TypeWallErected).Body.String()
	link := regexp.MustCompile(`class="history" href="(/audit/streams/wall-[^"]+)"`).FindStringSubmatch(trail)
	if link == nil {
		t.Fatal("the trail links no wall's stream")
	}
	now := auditor.get(link[1])
	wantStatus(t, now, http.StatusOK)
	wantContains(t, now.Body.String(), access.TypeWallErected, access.TypeWallLifted, "jäv i tvist")
	then := auditor.get(link[1] + "?" + url.Values{"as_of": {date}, "as_of_time": {clock}}.Encode())
	wantStatus(t, then, http.StatusOK)
	wantContains(t, then.Body.String(), access.TypeWallErected)
	wantNone(t, "the wall as of then", then.Body.String(), access.TypeWallLifted)

	rec := auditor.get("/audit/streams/contact-" + client)
	if rec.Code != http.StatusSeeOther || !strings.HasPrefix(location(rec), "/audit/contacts/"+client) {
		t.Errorf("a contact's stream: %d to %q", rec.Code, location(rec))
	}
	wantStatus(t, auditor.get("/audit/streams/wall-01900000-0000-7000-8000-0000000000ff"), http.StatusNotFound)
	wantStatus(t, auditor.get("/audit/streams/"+url.PathEscape("ingen ström")), http.StatusNotFound)
}
