package http_test

import (
	"context"
	"net/http"
	"net/url"
	"strings"
	"testing"

	"github.com/chromedp/chromedp"

	"github.com/klient-crm/klient/crypto/credentials"
	"github.com/klient-crm/klient/domain/access"
)

// confirmInBrowser clicks the button css names, checks that the
// confirmation page asks about every one of names, clicks "Avbryt" and
// waits for back, where nothing may have changed (unchanged, checked by
// the caller's function), then clicks the button again and confirms.
func confirmInBrowser(t *testing.T, ctx context.Context, button, back string, unchanged func(), names ...string) {
	t.Helper()
	step(t, ctx, "ask "+button, chromedp.Click(chromedp.CSS(button)), chromedp.WaitVisible(chromedp.CSS(`#confirm-question`)))
	q := text(t, ctx, "#confirm-question")
	for _, n := range names {
		if !strings.Contains(q, n) {
			t.Errorf("the question %q does not name %q", q, n)
		}
	}
	step(t, ctx, "cancel "+button, chromedp.Click(chromedp.CSS(`#confirm-cancel`)), chromedp.WaitVisible(chromedp.CSS(button)))
	if loc := read(t, ctx, "location", chromedp.Location()); !strings.HasSuffix(loc, back) {
		t.Errorf("Avbryt led to %q, want %q", loc, back)
	}
	unchanged()
	step(t, ctx, "ask again "+button, chromedp.Click(chromedp.CSS(button)), chromedp.WaitVisible(chromedp.CSS(`#confirm-yes`)))
	step(t, ctx, "confirm "+button, chromedp.Click(chromedp.CSS(`#confirm-yes`)), chromedp.WaitNotPresent(chromedp.CSS(`#confirm-yes`)))
}

// TestBrowserConfirmMatterActions: a lawyer removes a party, closes and
// archives a matter from its page; each click shows the question naming
// the party or the matter, "Avbryt" leaves the matter as it was, and
// confirming acts.
func TestBrowserConfirmMatterActions(t *testing.T) {
	t.Parallel()
	a, base, ctx := browserApp(t)
	counterparty := a.createPerson("Bengt", "Bolagsson")
	m := a.openMatter("Andersson ./. Bolaget AB", a.me.ID, a.createPerson("Anna", "Andersson"), []string{"counterparty:" + counterparty}, nil, nil)
	party := partyID(t, a, m.ID, counterparty)
	signInBrowser(t, ctx, base, a.me.Email)
	matterPath := "/matters/" + m.ID
	step(t, ctx, "open the matter", chromedp.Navigate(base+matterPath), chromedp.WaitVisible(chromedp.CSS(`h1`)))

	remove := `form[action="` + matterPath + `/parties/` + party + `/remove"] button`
	confirmInBrowser(t, ctx, remove, matterPath, func() {
		wantContains(t, a.get(matterPath).Body.String(), "Bengt Bolagsson")
	}, "Bengt Bolagsson", m.Number, "Andersson ./. Bolaget AB")
	step(t, ctx, "back on the matter", chromedp.WaitVisible(chromedp.CSS(`.alert.info`)))
	wantAbsent(t, a.get(matterPath).Body.String(), "Bengt Bolagsson")

	status := func(want string) func() {
		return func() {
			if got := a.getMatter(m.ID).Status; got != want {
				t.Errorf("status %s, want %s", got, want)
			}
		}
	}
	confirmInBrowser(t, ctx, `form[action="`+matterPath+`/close"] button`, matterPath, status("intake"), m.Number, "Andersson ./. Bolaget AB")
	step(t, ctx, "the matter is closed", chromedp.WaitVisible(chromedp.CSS(`#archive`)))
	status("closed")()
	confirmInBrowser(t, ctx, `#archive`, matterPath, status("closed"), m.Number, "Andersson ./. Bolaget AB")
	step(t, ctx, "the matter is archived", chromedp.WaitVisible(chromedp.CSS(`.alert.info`)))
	status("archived")()
}

// TestBrowserConfirmAdminAndErasure: an administrator revokes an API token
// and lifts a wall, and the DPO carries out an erasure; each click shows
// the question naming the token, the walled person or the person to be
// erased, "Avbryt" changes nothing, and confirming acts.
func TestBrowserConfirmAdminAndErasure(t *testing.T) {
	t.Parallel()
	a, base, ctx := browserApp(t)
	adminMember := a.member(access.RoleAdmin)
	admin := a.as(a.signIn(adminMember.ID))
	secret, tok, err := a.creds.CreateToken(context.Background(), credentials.NewToken{Name: "Fakturasystemet",
		Roles: []access.Role{access.RoleMarketing}, Scopes: access.Scopes, CreatedBy: adminMember.ID})
	must(t, err)
	bearer := []string{"Authorization", "Bearer " + secret}
	walled := a.createPerson("Vera", "Vägg")
	erect(t, admin, url.Values{"wall_id": {newID()}, "contact_id": {walled}, "users": {a.me.ID}, "reason": {"Motpart i annat uppdrag"}})
	wall := a.walls(t)[0]

	signInAs(t, ctx, base, adminMember.Email)
	step(t, ctx, "open the tokens", chromedp.Navigate(base+"/admin/tokens"), chromedp.WaitVisible(chromedp.CSS(`table`)))
	confirmInBrowser(t, ctx, `form[action="/admin/tokens/`+tok.ID+`/revoke"] button`, "/admin/tokens", func() {
		wantStatus(t, a.as("").call(http.MethodGet, "/api/v1/contacts", "", bearer...), http.StatusOK)
	}, "Fakturasystemet")
	step(t, ctx, "the token is revoked", chromedp.WaitVisible(chromedp.CSS(`.alert.info`)))
	wantProblem(t, a.as("").call(http.MethodGet, "/api/v1/contacts", "", bearer...), http.StatusUnauthorized)

	step(t, ctx, "open the walls", chromedp.Navigate(base+"/admin/walls"), chromedp.WaitVisible(chromedp.CSS(`table`)))
	confirmInBrowser(t, ctx, `form[action="/admin/walls/`+wall.ID+`/lift"] button`, "/admin/walls", func() {
		wantStatus(t, a.get("/contacts/"+walled), http.StatusNotFound) // the wall still stands
	}, "Vera Vägg")
	step(t, ctx, "the wall is lifted", chromedp.WaitVisible(chromedp.CSS(`.alert.info`)))
	wantStatus(t, a.get("/contacts/"+walled), http.StatusOK)

	step(t, ctx, "sign out", chromedp.Click(chromedp.CSS(`.signout button`)), chromedp.WaitVisible(chromedp.CSS(`#email`)))
	dpoMember := a.member(access.RoleDPO)
	dpo := a.as(a.signIn(dpoMember.ID))
	person := a.createPerson("Gunnel", "Glömd")
	request := dpo.registerRequest(person, "erasure", date(0), "BankID")
	signInAs(t, ctx, base, dpoMember.Email)
	step(t, ctx, "open the request", chromedp.Navigate(base+"/gdpr/requests/"+request), chromedp.WaitVisible(chromedp.CSS(`#approve-erasure`)))
	confirmInBrowser(t, ctx, `#approve-erasure`, "/gdpr/requests/"+request, func() {
		wantContains(t, a.get("/contacts/"+person).Body.String(), "Gunnel Glömd")
	}, "Gunnel Glömd")
	step(t, ctx, "the certificate", chromedp.WaitVisible(chromedp.CSS(`#certificate-verified`)))
	wantAbsent(t, a.get("/contacts/"+person).Body.String(), "Gunnel", "Glömd")
}
