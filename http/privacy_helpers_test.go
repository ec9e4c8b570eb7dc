package http_test

import (
	"fmt"
	"net/http"
	"net/http/httptest"
	"net/url"
	"testing"

	contactpages "github.com/klient-crm/klient/http/contacts"

	"github.com/klient-crm/klient/domain/access"
)

// dpo returns the app acting as a new data-protection officer.
func (a *app) dpo() *app {
	a.t.Helper()
	return a.as(a.signIn(a.member(access.RoleDPO).ID))
}

// privacyOfContact reads a person's register entries through the API.
func (a *app) privacyOfContact(id string) contactpages.PrivacyJSON {
	a.t.Helper()
	rec := a.call(http.MethodGet, "/api/v1/contacts/"+id+"/privacy", "")
	wantStatus(a.t, rec, http.StatusOK)
	return decode[contactpages.PrivacyJSON](a.t, rec)
}

// giveConsent records a consent to purpose through the API and returns
// its ID.
func (a *app) giveConsent(id, purpose string) string {
	a.t.Helper()
	consentID := newID()
	body := fmt.Sprintf(`{"consent_id":%q,"purpose":%q,"scope":"Nyhetsbrev om arbetsrätt","how":"form","where":"Webbformulär på byrans.se"}`,
		consentID, purpose)
	wantStatus(a.t, a.call(http.MethodPost, "/api/v1/contacts/"+id+"/consents", body), http.StatusCreated)
	return consentID
}

// refusedUnwritten fails unless rec has status and the log grew by nothing
// since before.
func (a *app) refusedUnwritten(t testing.TB, rec *httptest.ResponseRecorder, status, before int) {
	t.Helper()
	wantStatus(t, rec, status)
	if n := a.events() - before; n != 0 {
		t.Errorf("a refused request wrote %d events", n)
	}
}

// postPanel sends one panel form and returns the response.
func (a *app) postPanel(id, form string, values url.Values) *httptest.ResponseRecorder {
	a.t.Helper()
	return a.confirmed("/contacts/"+id+form, values)
}
