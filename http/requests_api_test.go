package http_test

import (
	"net/http"
	"net/url"
	"slices"
	"strings"
	"testing"

	requestpages "github.com/klient-crm/klient/http/requests"

	"github.com/klient-crm/klient/http/web"
)

// The access package holds the person's data, comes as an attachment in
// JSON and HTML, and every download is recorded in the access log as an
// export, from the request page and from the API alike.
func TestAccessPackageDownloadIsLogged(t *testing.T) {
	t.Parallel()
	a := newApp(t)
	person := a.createPerson("Ingrid", "Utdragsson")
	d := a.requestsOfficer()
	id := d.registerRequest(person, "access", date(-3), "BankID")
	for _, format := range []string{"json", "html"} {
		rec := d.get("/gdpr/requests/" + id + "/package?format=" + format)
		wantStatus(t, rec, http.StatusOK)
		if cd := rec.Header().Get("Content-Disposition"); !strings.HasPrefix(cd, "attachment") || strings.Contains(cd, "Ingrid") {
			t.Errorf("%s: Content-Disposition %q", format, cd)
		}
		wantContains(t, rec.Body.String(), "Ingrid", "Utdragsson")
	}
	rec := d.call(http.MethodGet, "/api/v1/subjects/"+person+"/export", "")
	wantStatus(t, rec, http.StatusOK)
	wantContains(t, rec.Body.String(), `"format"`, "Utdragsson")
	if n := len(a.exportsOf(person)); n != 3 {
		t.Errorf("%d exports in the access log, want 3", n)
	}
	wantStatus(t, d.get("/gdpr/requests/"+id+"/package?format=pdf"), http.StatusUnprocessableEntity)
	other := d.registerRequest(person, "objection", date(0), "")
	wantStatus(t, d.get("/gdpr/requests/"+other+"/package?format=json"), http.StatusConflict)
}

// The API registers a request, reads it and the register, and answers an
// erasure the law holds back with 409 and the hold's ground and dates;
// bad input writes nothing.
func TestRequestsAPI(t *testing.T) {
	t.Parallel()
	a := newApp(t)
	person, client := a.createPerson("Api", "Frågarsson"), a.createPerson("Öppen", "Ärendesson")
	d := a.requestsOfficer()
	before := a.events()
	for body, status := range map[string]int{
		`{"right":"access","channel":"email","extra":1}`:                            http.StatusBadRequest,
		`{"right":"everything","channel":"email"}`:                                  http.StatusUnprocessableEntity,
		`{"right":"access","channel":"email","received_at":"2999-01-01T00:00:00Z"}`: http.StatusUnprocessableEntity,
		`{"right":"access","channel":"email","verified_how":"a\u0007b"}`:            http.StatusUnprocessableEntity,
	} {
		wantProblem(t, d.call(http.MethodPost, "/api/v1/subjects/"+person+"/requests", body), status)
	}
	if a.events() != before {
		t.Fatal("refused requests wrote events")
	}
	rec := d.call(http.MethodPost, "/api/v1/subjects/"+person+"/requests",
		`{"right":"erasure","channel":"letter","requester_note":"Radera allt","verified_how":"BankID"}`)
	wantStatus(t, rec, http.StatusCreated)
	created := decode[requestpages.RequestJSON](t, rec)
	if !created.Verified || created.Status != "open" || created.DaysLeft < 27 {
		t.Errorf("created request: %+v", created)
	}
	list := decode[struct{ Items []requestpages.RequestJSON }](t, d.call(http.MethodGet, "/api/v1/requests?right=erasure", ""))
	if len(list.Items) != 1 || list.Items[0].ID != created.ID {
		t.Errorf("register: %+v", list.Items)
	}
	wantProblem(t, d.call(http.MethodGet, "/api/v1/requests?status=lost", ""), http.StatusBadRequest)

	m := a.openMatter("Pågående tvist", a.me.ID, client, nil, nil, nil)
	a.clearAndOpen(m.ID, "clear", "")
	open := d.registerRequest(client, "erasure", date(0), "BankID")
	before = a.events()
	rec = d.call(http.MethodPost, "/api/v1/requests/"+open+"/erasure", "")
	p := wantProblem(t, rec, http.StatusConflict)
	if !strings.Contains(p.Detail, "ärende") || a.events() != before {
		t.Errorf("open matter: %q, %d events written", p.Detail, a.events()-before)
	}
	// Its own title and code, and which matter holds it (issue 11, item 6:
	// it bore an edit conflict's title, "Ändrad av någon annan", and no
	// grounds).
	openHeld := decode[struct {
		Grounds   []string `json:"grounds"`
		MatterIDs []string `json:"matter_ids"`
	}](t, rec)
	if p.Title != "Radering väntar på ett öppet ärende" || p.Code != "gdpr.erasure.held_open_matter" ||
		len(openHeld.Grounds) == 0 || !slices.Contains(openHeld.MatterIDs, m.ID) {
		t.Errorf("the open matter's refusal: %+v, %+v", p, openHeld)
	}
	unverified := d.registerRequest(client, "erasure", date(0), "")
	p = wantProblem(t, d.call(http.MethodPost, "/api/v1/requests/"+unverified+"/erasure", ""), http.StatusConflict)
	if p.Title != "Identiteten är inte kontrollerad" || p.Code != "gdpr.request.unverified" {
		t.Errorf("an unverified request's refusal: %+v", p)
	}
	rec = a.confirmed("/matters/"+m.ID+"/close", url.Values{"version": {web.Uitoa(a.getMatter(m.ID).Version)}})
	wantStatus(t, rec, http.StatusSeeOther)
	held := d.call(http.MethodPost, "/api/v1/requests/"+open+"/erasure", "")
	wantStatus(t, held, http.StatusConflict)
	hp := decode[struct {
		Grounds   []string `json:"grounds"`
		HeldUntil string   `json:"held_until"`
		EraseOn   string   `json:"erase_on"`
	}](t, held)
	if len(hp.Grounds) == 0 || hp.HeldUntil <= date(0) || hp.EraseOn <= hp.HeldUntil {
		t.Errorf("held problem: %+v", hp)
	}

	rec = d.call(http.MethodPost, "/api/v1/requests/"+created.ID+"/erasure", "")
	wantStatus(t, rec, http.StatusOK)
	done := decode[requestpages.ErasureJSON](t, rec)
	cert := d.call(http.MethodGet, done.Certificate, "")
	wantStatus(t, cert, http.StatusOK)
	wantContains(t, cert.Body.String(), `"erasure_id": "`+created.ID+`"`, `"key_destruction"`)
	wantAbsent(t, cert.Body.String(), "Frågarsson")
	got := decode[requestpages.RequestJSON](t, d.call(http.MethodGet, "/api/v1/requests/"+created.ID, ""))
	if got.Status != "completed" || !got.SubjectErased || got.RequesterNote != "" {
		t.Errorf("erased request: %+v", got)
	}
	wantStatus(t, d.call(http.MethodPost, "/api/v1/requests/"+created.ID+"/erasure", ""), http.StatusGone)
}
