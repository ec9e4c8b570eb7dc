package http_test

import (
	"net/http"
	"net/url"
	"strings"
	"testing"

	"github.com/klient-crm/klient/domain/access"
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
	wantAbsent(t, page, "Olof Motpartsson")
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

// TestTeamPanelOffersWhoCanSeeMatters: the panel "Vilka ser ärendet" offers
// for the team and for a grant only members whose roles see matters (the
// README's matter.view: lawyers and assistants, not marketing or auditors),
// names a team as people read it ("processratt" is the practice area
// "Processrätt"), and chooses nobody for a grant beforehand: the grant form
// sent as it stands is refused with a message, and nothing is written.
func TestTeamPanelOffersWhoCanSeeMatters(t *testing.T) {
	t.Parallel()
	a := newApp(t)
	assistant := a.memberIn([]string{"processratt"}, access.RoleAssistant)
	marketing, auditor := a.member(access.RoleMarketing), a.member(access.RoleAuditor)
	m := a.openMatter("Teamärende", a.me.ID, a.createPerson("Tea", "Teamsdotter"), nil, nil, nil)
	page := a.get("/matters/" + m.ID).Body.String()
	panel := page[strings.Index(page, `id="team"`):]
	wantContains(t, panel, `name="members" value="`+assistant.ID+`"`, `<option value="`+assistant.ID+`">`,
		`name="teams" value="processratt"> Team Processrätt</label>`)
	wantAbsent(t, panel, marketing.ID, auditor.ID, "Team processratt")
	grant := panel[strings.Index(panel, `<select id="grant-staff"`):]
	grant = grant[:strings.Index(grant, "</select>")]
	if !strings.HasPrefix(grant, `<select id="grant-staff" name="staff_id"><option value="">Välj medarbetare</option>`) ||
		strings.Contains(grant, "selected") || strings.Contains(grant, a.me.ID) {
		t.Errorf("the grant list: %s", grant)
	}

	before := a.events()
	rec := a.post("/matters/"+m.ID+"/grants", url.Values{"version": {hidden(t, page, "version")}, "staff_id": {""}})
	wantStatus(t, rec, http.StatusUnprocessableEntity)
	wantContains(t, rec.Body.String(), "Välj en medarbetare.")
	if a.events() != before {
		t.Error("a grant to nobody wrote events")
	}

	rec = a.post("/matters/"+m.ID+"/team", url.Values{"version": {hidden(t, page, "version")}, "teams": {"processratt"}})
	wantStatus(t, rec, http.StatusSeeOther)
	wantContains(t, a.get("/matters/"+m.ID).Body.String(), "· Team Processrätt</p>")
}
