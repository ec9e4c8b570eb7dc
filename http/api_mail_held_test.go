package http_test

import (
	"context"
	"net/http"
	"net/http/httptest"
	"net/smtp"
	"strings"
	"testing"

	"github.com/klient-crm/klient/crypto/credentials"
	"github.com/klient-crm/klient/domain/access"
	"github.com/klient-crm/klient/http/casework"
)

// The filing queue by API (issue 15), with the page's rules: e-mail a
// lawyer sends for a number that is no matter waits in their queue and
// nobody else's; a number of no matter of theirs is refused in Swedish
// (422) exactly as a matter they are walled from, with nothing
// written; their own matter's number files it in that matter's log; a
// discarded one is gone (204, then 404); another member's message is not
// found, like an unknown ID; a read-only token may list but not file.
func TestHeldMailAPI(t *testing.T) {
	t.Parallel()
	a := newApp(t)
	client := a.createPerson("Åsa", "Öberg")
	m := a.openMatter("Öberg ./. Bolaget AB", a.me.ID, client, nil, nil, nil)
	colleague, _ := a.lawyer()
	walled := a.openMatter("Kvist ./. Staten", colleague.ID, a.createPerson("Karl", "Kvist"), nil, nil, nil)
	a.wallMatter(walled.ID, a.me.ID)
	addr := a.mailListener()
	secret, _, err := a.creds.CreateToken(context.Background(), credentials.NewToken{Name: "E-post", Roles: []access.Role{access.RoleLawyer},
		Scopes: []access.Scope{access.ScopeCommunicationsWrite, access.ScopeDocumentsWrite}, CreatedBy: a.me.ID})
	must(t, err)
	for _, subject := range []string{"Avtalsutkast från motparten", "Nyhetsbrev"} {
		msg := "From: motpart@exempel.se\r\nTo: arende+1999-0001@klient.example\r\nSubject: " + subject +
			"\r\nMessage-ID: <" + strings.ReplaceAll(subject, " ", ".") + "@exempel.se>\r\n\r\nSe bifogat utkast.\r\n"
		must(t, smtp.SendMail(addr, smtp.PlainAuth("", "x", secret, "127.0.0.1"), "motpart@exempel.se",
			[]string{"arende+1999-0001@klient.example"}, []byte(msg)))
	}
	mine := a.scopedToken(a.me.ID, []access.Role{access.RoleLawyer}, access.ScopeCommunicationsRead, access.ScopeCommunicationsWrite)
	readOnly := a.scopedToken(a.me.ID, []access.Role{access.RoleLawyer}, access.ScopeCommunicationsRead)
	other := a.scopedToken(colleague.ID, []access.Role{access.RoleLawyer}, access.ScopeCommunicationsRead, access.ScopeCommunicationsWrite)
	api := a.as("")

	type list struct{ Items []casework.HeldMailJSON }
	held := decode[list](t, api.call(http.MethodGet, "/api/v1/mail/held", "", readOnly...)).Items
	if len(held) != 2 {
		t.Fatalf("the queue holds %+v, want the two messages", held)
	}
	bySubject := map[string]casework.HeldMailJSON{}
	for _, h := range held {
		bySubject[h.Subject] = h
		if h.Reason != "unknown_matter" || !strings.Contains(h.From, "motpart@exempel.se") || !strings.Contains(h.Text, "Se bifogat utkast.") {
			t.Errorf("held %+v, want from motpart@exempel.se for a number that is no matter", h)
		}
	}
	draft, news := bySubject["Avtalsutkast från motparten"], bySubject["Nyhetsbrev"]
	if got := decode[list](t, api.call(http.MethodGet, "/api/v1/mail/held", "", other...)).Items; len(got) != 0 {
		t.Errorf("a colleague's queue holds %+v", got)
	}

	before := a.events()
	file := func(id, number string, token []string) *httptest.ResponseRecorder {
		return api.call(http.MethodPost, "/api/v1/mail/held/"+id+"/file", `{"number":"`+number+`"}`, token...)
	}
	none := wantProblem(t, file(draft.ID, "1999-0002", mine), http.StatusUnprocessableEntity)
	if len(none.Errors) != 1 || none.Errors[0].Field != "number" || none.Errors[0].Message != "Inget ärende som du arbetar med har det numret." {
		t.Errorf("a number of no matter: %+v", none)
	}
	behind := wantProblem(t, file(draft.ID, walled.Number, mine), http.StatusUnprocessableEntity)
	if behind.Detail != none.Detail || behind.Code != none.Code || len(behind.Errors) != 1 || behind.Errors[0] != none.Errors[0] {
		t.Errorf("a walled matter answers %+v, a number of no matter %+v: they must be alike", behind, none)
	}
	wantProblem(t, file(draft.ID, m.Number, other), http.StatusNotFound)
	wantProblem(t, file(newID(), m.Number, mine), http.StatusNotFound)
	wantProblem(t, api.call(http.MethodPost, "/api/v1/mail/held/"+draft.ID+"/discard", "", other...), http.StatusNotFound)
	if p := wantProblem(t, file(draft.ID, m.Number, readOnly), http.StatusForbidden); p.Code != "auth.token_scope" {
		t.Errorf("a read-only token's filing: %+v", p)
	}
	if n := a.events() - before; n != 0 {
		t.Fatalf("refused filings wrote %d events", n)
	}

	rec := file(draft.ID, " "+m.Number+" ", mine)
	wantStatus(t, rec, http.StatusOK)
	if got := decode[casework.HeldMailFiledJSON](t, rec); got.MatterID != m.ID {
		t.Errorf("filed under %q, want the matter %s", got.MatterID, m.ID)
	}
	rec = a.call(http.MethodGet, "/api/v1/communications?matter_id="+m.ID, "")
	wantStatus(t, rec, http.StatusOK)
	wantContains(t, rec.Body.String(), "Avtalsutkast från motparten")

	wantStatus(t, api.call(http.MethodPost, "/api/v1/mail/held/"+news.ID+"/discard", "", mine...), http.StatusNoContent)
	wantProblem(t, api.call(http.MethodPost, "/api/v1/mail/held/"+news.ID+"/discard", "", mine...), http.StatusNotFound)
	if got := decode[list](t, api.call(http.MethodGet, "/api/v1/mail/held", "", mine...)).Items; len(got) != 0 {
		t.Errorf("after filing and discarding the queue holds %+v", got)
	}
}
