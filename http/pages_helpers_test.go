package http_test

import (
	"html"
	"net/http"
	"net/http/httptest"
	"net/url"
	"regexp"
	"strings"
	"testing"

	"github.com/klient-crm/klient/http/web"
)

// post sends a form the way a browser on Klient's own pages does.
func (a *app) post(path string, form url.Values, headers ...string) *httptest.ResponseRecorder {
	a.t.Helper()
	req := httptest.NewRequest(http.MethodPost, "http://klient.test"+path, strings.NewReader(form.Encode()))
	req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	req.Header.Set("Sec-Fetch-Site", "same-origin")
	req.Header.Set("Origin", "http://klient.test")
	for i := 0; i+1 < len(headers); i += 2 {
		req.Header.Set(headers[i], headers[i+1])
	}
	return a.send(req)
}

// confirmed sends a form the way a person does who then confirms an
// action that cannot be undone: when the first POST answers with the
// confirmation page, its form is sent back as it stands (the question is
// the confirmation tests' to check). Any other answer (a 404, a refusal)
// is returned as it came.
func (a *app) confirmed(path string, form url.Values) *httptest.ResponseRecorder {
	a.t.Helper()
	rec := a.post(path, form)
	if rec.Code != http.StatusOK || !strings.Contains(rec.Body.String(), `id="confirm-form"`) {
		return rec
	}
	return a.post(path, confirmForm(a.t, rec.Body.String()))
}

// confirmForm is the form of a confirmation page, as its button sends it.
func confirmForm(t testing.TB, page string) url.Values {
	t.Helper()
	_, form, ok := strings.Cut(page, `id="confirm-form"`)
	form, _, _ = strings.Cut(form, "</form>")
	if !ok {
		t.Fatal("no confirmation form in the page")
	}
	v := url.Values{}
	for _, m := range regexp.MustCompile(`<input type="hidden" name="([^"]*)" value="([^"]*)">`).FindAllStringSubmatch(form, -1) {
		v.Add(html.UnescapeString(m[1]), html.UnescapeString(m[2]))
	}
	return v
}

func (a *app) get(path string) *httptest.ResponseRecorder {
	a.t.Helper()
	return a.send(httptest.NewRequest(http.MethodGet, "http://klient.test"+path, nil))
}

// send serves req with the app's session cookie, if it has one.
func (a *app) send(req *http.Request) *httptest.ResponseRecorder {
	if a.cookie != "" {
		req.AddCookie(&http.Cookie{Name: web.SessionCookieDev, Value: a.cookie})
	}
	rec := httptest.NewRecorder()
	a.handler.ServeHTTP(rec, req)
	return rec
}

// hidden reads the value of a hidden input from a page.
func hidden(t testing.TB, page, name string) string {
	t.Helper()
	m := regexp.MustCompile(`name="` + regexp.QuoteMeta(name) + `" value="([^"]*)"`).FindStringSubmatch(page)
	if m == nil {
		t.Fatalf("no hidden %s in page", name)
	}
	return m[1]
}

// personForm is the new-person form as a person fills it: the second
// e-mail row left blank, the third filled.
func personForm(id string) url.Values {
	return url.Values{
		"kind": {"person"}, "contact_id": {id},
		"given_name": {"Åsa"}, "family_name": {"Lindqvist"}, "personnummer": {"811218-9876"},
		"emails[0].address": {"asa@example.se"}, "emails[0].label": {"arbete"},
		"emails[1].address": {""}, "emails[1].label": {""},
		"emails[2].address": {"asa.privat@example.se"}, "emails[2].label": {""},
		"phones[0].number": {"08-123 456 78"}, "phones[0].label": {""},
		"addresses[0].label": {""}, "addresses[0].street": {"Sveavägen 12"}, "addresses[0].postal_code": {"113 50"},
		"addresses[0].city": {"Stockholm"}, "addresses[0].country": {""},
	}
}
