package http_test

import (
	"net/http"
	"strings"
	"testing"

	contactpages "github.com/klient-crm/klient/http/contacts"

	"github.com/klient-crm/klient/http/web"
)

// TestAPIRefusesBadInputAndWritesNothing sends each kind of mistake a
// client can make and checks the status, the message a person reads and
// that the event log did not grow.
func TestAPIRefusesBadInputAndWritesNothing(t *testing.T) {
	t.Parallel()
	a := newApp(t)
	existing := decode[contactpages.ContactJSON](t, a.call(http.MethodPost, "/api/v1/contacts", annaJSON))
	current := a.call(http.MethodGet, "/api/v1/contacts/"+existing.ID, "").Header().Get("ETag")
	person := func(details string) string {
		return `{"kind":"person","details":{"given_name":"Per","family_name":"Ek"` + details + `}}`
	}
	cases := []struct {
		name, method, path, body string
		headers                  []string
		status                   int
		field, message           string
	}{
		{"malformed JSON", "POST", "/api/v1/contacts", `{"kind":"person",`, nil, 400, "", "Innehållet är inte giltig JSON."},
		{"unknown field", "POST", "/api/v1/contacts", `{"kind":"person","nickname":"P","details":{}}`, nil, 400, "nickname", "Fältet är okänt."},
		{"unknown details field", "POST", "/api/v1/contacts", person(`,"nickname":"P"`), nil, 400, "details.nickname", "Fältet är okänt."},
		{"wrong type", "POST", "/api/v1/contacts", `{"kind":"person","details":{"given_name":42}}`, nil, 400, "details.given_name", "Fältet har fel typ."},
		{"bad personnummer check digit", "POST", "/api/v1/contacts", person(`,"personnummer":"19811218-9875"`), nil, 422, "details.personnummer", "Personnumrets kontrollsiffra stämmer inte."},
		{"bad organisationsnummer", "POST", "/api/v1/contacts", `{"kind":"organisation","details":{"name":"X AB","organisationsnummer":"556036-0794"}}`, nil, 422, "details.organisationsnummer", "Organisationsnumrets kontrollsiffra stämmer inte."},
		{"bad e-mail", "POST", "/api/v1/contacts", person(`,"emails":[{"address":"per.example.se"}]`), nil, 422, "details.emails[0].address", "Det här är inte en giltig e-postadress."},
		{"missing name", "POST", "/api/v1/contacts", `{"kind":"person","details":{"family_name":"Ek"}}`, nil, 422, "details.given_name", "Fältet måste fyllas i."},
		{"bad kind", "POST", "/api/v1/contacts", `{"kind":"robot","details":{}}`, nil, 422, "kind", "Typen måste vara person eller organisation."},
		{"not JSON", "POST", "/api/v1/contacts", `kind=person`, []string{"Content-Type", "text/plain"}, 415, "", "Innehållet måste skickas som application/json."},
		{"oversize body", "POST", "/api/v1/contacts", person(`,"personnummer":"` + strings.Repeat("1", web.DefaultMaxJSONBytes) + `"`), nil, 413, "", "Innehållet är för stort."},
		{"unknown id", "GET", "/api/v1/contacts/01926f2e-8a39-7d6e-9c31-000000000000", "", nil, 404, "", "Kontakten finns inte."},
		{"patch unknown id", "PATCH", "/api/v1/contacts/01926f2e-8a39-7d6e-9c31-000000000000", `{"version":0,"details":{}}`, nil, 404, "", "Kontakten finns inte."},
		{"stale version", "PATCH", "/api/v1/contacts/" + existing.ID, `{"version":7,"details":{"family_name":"Ek"}}`, nil, 409, "", "Kontakten har ändrats av någon annan"},
		{"no version", "PATCH", "/api/v1/contacts/" + existing.ID, `{"details":{"family_name":"Ek"}}`, nil, 428, "version", "Ange versionen du ändrar"},
		{"invalid change", "PATCH", "/api/v1/contacts/" + existing.ID, `{"details":{"personnummer":"12345"}}`, []string{"If-Match", current}, 422, "details.personnummer", "Ett personnummer skrivs"},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			before := a.events()
			p := wantProblem(t, a.call(c.method, c.path, c.body, c.headers...), c.status)
			if !problemSays(p, c.field, c.message) {
				t.Errorf("problem does not say %q at %q: %+v", c.message, c.field, p)
			}
			if after := a.events(); after != before {
				t.Errorf("refused request wrote %d events", after-before)
			}
		})
	}
}

// problemSays reports whether p carries message, at field when one is named.
func problemSays(p web.Problem, field, message string) bool {
	if field == "" {
		return strings.HasPrefix(p.Detail, message)
	}
	for _, e := range p.Errors {
		if e.Field == field && strings.HasPrefix(e.Message, message) {
			return true
		}
	}
	return false
}
