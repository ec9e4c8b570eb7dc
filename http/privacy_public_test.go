package http_test

import (
	"encoding/base64"
	"net/http"
	"net/http/httptest"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/klient-crm/klient/http/web"
)

// withdrawalLinkOf creates a withdrawal link for consentID on the panel,
// as a lawyer does, and returns its path.
func (a *app) withdrawalLinkOf(id, consentID string) string {
	a.t.Helper()
	rec := a.postPanel(id, "/consents/"+consentID+"/link", nil)
	wantStatus(a.t, rec, http.StatusOK)
	m := regexp.MustCompile(`http://klient\.test(/consent/withdraw/[A-Za-z0-9_.-]+)`).FindStringSubmatch(rec.Body.String())
	if m == nil {
		a.t.Fatalf("no withdrawal link on the page: %s", rec.Body)
	}
	wantContains(a.t, rec.Body.String(), "Länken gäller till")
	return m[1]
}

// TestWithdrawalLink: a link shown once to staff names no one in clear;
// without sign-in it shows the purpose only and withdraws the consent on
// one click; a tampered, an expired and a used link each get their own
// 4xx page and write nothing.
func TestWithdrawalLink(t *testing.T) {
	t.Parallel()
	a := newApp(t)
	id := a.createPerson("Greta", "Länksdotter")
	consentID := a.giveConsent(id, "marketing")
	path := a.withdrawalLinkOf(id, consentID)
	token := strings.TrimPrefix(path, "/consent/withdraw/")
	payload, err := base64.RawURLEncoding.DecodeString(strings.Split(token, ".")[0])
	must(t, err)
	wantAbsent(t, string(payload)+token, "Greta", "Länksdotter")

	public := a.as("")
	page := public.get(path)
	wantStatus(t, page, http.StatusOK)
	wantContains(t, page.Body.String(), "Återkalla mitt samtycke", "Marknadsföring (nyhetsbrev, seminarier)")
	wantAbsent(t, page.Body.String(), "Greta", "Länksdotter", "Nyhetsbrev om arbetsrätt", id)
	english := httptest.NewRequest(http.MethodGet, "http://klient.test"+path, nil)
	english.AddCookie(&http.Cookie{Name: web.LangCookie, Value: "en"}) // chosen with the page's switch
	wantContains(t, public.send(english).Body.String(), "Withdraw my consent", "Marketing (newsletters, seminars)")

	before := a.events()
	tampered := path[:len(path)-2] + flip(path[len(path)-2]) + path[len(path)-1:]
	a.refusedUnwritten(t, public.get(tampered), http.StatusNotFound, before)
	rec := public.post(tampered, nil)
	a.refusedUnwritten(t, rec, http.StatusNotFound, before)
	wantContains(t, rec.Body.String(), "Länken är inte giltig.")

	expired, err := a.deps.People.Privacy.Links.Sign(id, consentID, time.Now().Add(-time.Minute))
	must(t, err)
	a.refusedUnwritten(t, public.get("/consent/withdraw/"+expired), http.StatusGone, before)
	rec = public.post("/consent/withdraw/"+expired, nil)
	a.refusedUnwritten(t, rec, http.StatusGone, before)
	wantContains(t, rec.Body.String(), "Länken har slutat gälla")

	rec = public.post(path, nil)
	wantStatus(t, rec, http.StatusOK)
	wantContains(t, rec.Body.String(), "Ditt samtycke är återkallat", "Marknadsföring")
	if n := a.events() - before; n != 1 {
		t.Errorf("the withdrawal wrote %d events, want 1", n)
	}
	c := a.privacyOfContact(id).Consents[0]
	if c.Active || c.History[len(c.History)-1].Via != "link" {
		t.Errorf("consent after the link: %+v", c)
	}
	wantContains(t, a.get("/contacts/"+id).Body.String(), "av personen via länk")

	before = a.events()
	a.refusedUnwritten(t, public.post(path, nil), http.StatusConflict, before)
	rec = public.get(path)
	a.refusedUnwritten(t, rec, http.StatusConflict, before)
	wantContains(t, rec.Body.String(), "Samtycket är redan återkallat")
	a.refusedUnwritten(t, a.postPanel(id, "/consents/"+consentID+"/link", nil), http.StatusConflict, before)
	wantAbsent(t, a.logs.String(), "Greta", "Länksdotter", token)
}

// flip changes one character of a token to another the alphabet allows.
func flip(c byte) string {
	if c == 'A' {
		return "B"
	}
	return "A"
}

// TestOneClickUnsubscribe: a campaign e-mail's List-Unsubscribe link is
// the withdrawal link, and a mail provider's RFC 8058 one-click POST
// (List-Unsubscribe=One-Click, sent by the provider's server: no cookie,
// no Origin, no Sec-Fetch-Site) withdraws the consent at once.
func TestOneClickUnsubscribe(t *testing.T) {
	t.Parallel()
	a := newApp(t)
	id := a.createPerson("Olle", "Avregistrerad")
	consentID := a.giveConsent(id, "marketing")
	path := a.withdrawalLinkOf(id, consentID)
	before := a.events()
	req := httptest.NewRequest(http.MethodPost, "http://klient.test"+path, strings.NewReader("List-Unsubscribe=One-Click"))
	req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	rec := a.as("").send(req)
	wantStatus(t, rec, http.StatusOK)
	if n := a.events() - before; n != 1 {
		t.Errorf("the one-click withdrawal wrote %d events, want 1", n)
	}
	if c := a.privacyOfContact(id).Consents[0]; c.Active {
		t.Errorf("consent after one click: %+v", c)
	}
}
