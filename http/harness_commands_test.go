package http_test

import (
	"fmt"
	"net/http"

	contactpages "github.com/klient-crm/klient/http/contacts"
)

// createPerson registers a person through the API as the app's member
// and returns the contact's ID.
func (a *app) createPerson(given, family string) string {
	a.t.Helper()
	body := fmt.Sprintf(`{"kind":"person","details":{"given_name":%q,"family_name":%q}}`, given, family)
	rec := a.call(http.MethodPost, "/api/v1/contacts", body)
	wantStatus(a.t, rec, http.StatusCreated)
	return decode[contactpages.ContactJSON](a.t, rec).ID
}
