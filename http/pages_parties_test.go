package http_test

import (
	"net/http"
	"net/url"
	"testing"

	casework "github.com/klient-crm/klient/http/casework"
)

// TestPartiesOnTheMatterPage finds a contact with the add-party search,
// adds them as counterparty, changes the role, removes them, and is
// refused removing the last client. A change of parties makes the
// recorded conflict check stale, and the page says so.
func TestPartiesOnTheMatterPage(t *testing.T) {
	t.Parallel()
	a := newApp(t)
	client, other := a.createPerson("Petra", "Part"), a.createPerson("Olof", "Motpartsson")
	m := a.openMatter("Partsärende", a.me.ID, client, nil, nil, nil)
	a.decide(m.ID, "clear")
	page := a.get("/matters/" + m.ID).Body.String()
	found := a.post("/matters/"+m.ID+"/parties/search", url.Values{"party_q": {"Motpartsson"}}).Body.String()
	wantContains(t, found, `value="`+other+`"`, "Olof Motpartsson")
	rec := a.post("/matters/"+m.ID+"/parties", url.Values{"version": {hidden(t, page, "version")}, "contact_id": {other}, "role": {"counterparty"}})
	wantStatus(t, rec, http.StatusSeeOther)
	page = a.get(location(rec)).Body.String()
	wantContains(t, page, "Parterna är ändrade", "Olof Motpartsson", "Parterna har ändrats sedan den senaste kontrollen")
	party := partyID(t, a, m.ID, other)
	rec = a.post("/matters/"+m.ID+"/parties/"+party, url.Values{"version": {hidden(t, page, "version")}, "role": {"witness"}})
	wantStatus(t, rec, http.StatusSeeOther)
	page = a.get("/matters/" + m.ID).Body.String()
	wantContains(t, page, `value="witness" selected`)
	rec = a.confirmed("/matters/"+m.ID+"/parties/"+party+"/remove", url.Values{"version": {hidden(t, page, "version")}})
	wantStatus(t, rec, http.StatusSeeOther)
	page = a.get("/matters/" + m.ID).Body.String()
	wantNone(t, "the parties after removal", page, "Olof Motpartsson")
	rec = a.confirmed("/matters/"+m.ID+"/parties/"+partyID(t, a, m.ID, client)+"/remove", url.Values{"version": {hidden(t, page, "version")}})
	wantStatus(t, rec, http.StatusConflict)
	wantContains(t, rec.Body.String(), "Ett ärende behöver minst en klient")
}

// partyID is contact's party ID on the matter, from the API.
func partyID(t *testing.T, a *app, matterID, contactID string) string {
	t.Helper()
	rec := a.call(http.MethodGet, "/api/v1/matters/"+matterID+"/parties", "")
	for _, p := range decode[struct{ Items []casework.PartyJSON }](t, rec).Items {
		if p.ContactID == contactID {
			return p.PartyID
		}
	}
	t.Fatalf("%s is no party", contactID)
	return ""
}
