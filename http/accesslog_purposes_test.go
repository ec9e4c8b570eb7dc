package http_test

import (
	"context"
	"net/http"
	"net/url"
	"strings"
	"testing"

	"github.com/klient-crm/klient/domain/access"
	"github.com/klient-crm/klient/projections/accesslog"
)

// Need-to-know reaches the access log's purposes (docs/gdpr.md, *The
// access log's purpose*): a purpose is sealed once per person read, and
// the DPO's and auditors' page opens it only through the copy of someone
// the reader may see. An entry read Hedvig, whom the auditor is walled
// from, and Viktor: the page shows its purpose through Viktor's copy; once
// Viktor is erased it reads "(raderad)", as a purpose whose keys are all
// gone, although Hedvig's copy still opens (an unwalled auditor still
// reads it through her). An entry about Hedvig alone, and one about a
// restricted person (the DPO's alone), read "(raderad)" too, and the page
// says nothing of either person.
func TestAccessLogPurposeOpensOnlyThroughSomeoneTheReaderMaySee(t *testing.T) {
	t.Parallel()
	a := newApp(t)
	a.guardContacts()
	hidden := a.createPerson("Hedvig", "Hemligsson")
	visible := a.createPerson("Viktor", "Synlig")
	restricted := a.createPerson("Rut", "Begränsadsson")
	admin := a.as(a.signIn(a.member(access.RoleAdmin).ID))
	walledAuditor, walled := a.auditor()
	_, open := a.auditor()
	erect(t, admin, url.Values{"contact_id": {hidden}, "users": {walledAuditor.ID}, "reason": {"jäv: närstående"}})
	dpo := a.dpo()
	wantStatus(t, dpo.call(http.MethodPost, "/api/v1/contacts/"+restricted+"/restriction",
		`{"reason":"Personen bestrider riktigheten"}`), http.StatusOK)

	reader := a.member(access.RoleLawyer)
	const both, hiddenOnly, restrictedOnly = "samtal om arvskiftet", "anteckning om testamentet", "granskning av fullmakten"
	for _, e := range []struct {
		subjects []string
		purpose  string
	}{{[]string{hidden, visible}, both}, {[]string{hidden}, hiddenOnly}, {[]string{restricted}, restrictedOnly}} {
		must(t, accesslog.Record(context.Background(), a.pool, a.keys, accesslog.Entry{StaffID: reader.ID, Subjects: e.subjects,
			Route: "/contacts/{id}", Action: access.ContactView, Purpose: e.purpose, Via: accesslog.ViaPage}))
	}
	logOf := func(as *app) string {
		t.Helper()
		rec := as.get("/admin/access-log?staff=" + reader.ID)
		wantStatus(t, rec, http.StatusOK)
		return rec.Body.String()
	}
	nothingOfHidden := func(page string) {
		t.Helper()
		wantAbsent(t, page, hidden, "Hemligsson", hiddenOnly, restricted, "Begränsadsson", restrictedOnly)
	}

	page := logOf(walled)
	wantContains(t, page, both, "Viktor Synlig")
	nothingOfHidden(page)
	if n := strings.Count(page, "(raderad)"); n != 2 {
		t.Errorf("the walled auditor's page shows (raderad) %d times; want 2 (Hedvig's entry, the restricted person's)", n)
	}
	wantContains(t, logOf(open), both, hiddenOnly, "Hedvig Hemligsson")
	wantAbsent(t, logOf(open), restrictedOnly, "Begränsadsson")
	wantContains(t, logOf(dpo), both, hiddenOnly, restrictedOnly)

	dpo.eraseNow(t, visible)
	page = logOf(walled)
	nothingOfHidden(page)
	wantAbsent(t, page, both)
	if n := strings.Count(page, "(raderad)"); n != 3 {
		t.Errorf("after Viktor's erasure the walled auditor's page shows (raderad) %d times; want 3", n)
	}
	// Hedvig's copy still opens: the unwalled reader's answer differs
	// because of the wall alone.
	wantContains(t, logOf(open), both, hiddenOnly)
}
