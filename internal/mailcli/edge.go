package mailcli

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"strings"

	"github.com/klient-crm/klient/crypto/credentials"
	"github.com/klient-crm/klient/http/i18n"
	"github.com/klient-crm/klient/http/web"
)

// staffAPI is the web edge in this process, signed in as one member by a
// session of its own that ends with the command: a verb goes through the
// same routes, rights, walls, access log and commands as the JSON API
// and the pages, and its refusals are theirs, in the member's language.
type staffAPI struct {
	h     http.Handler
	token string
	lang  i18n.Lang
}

// edge opens the web edge and a session for as; end ends the session.
func (e Env) edge(ctx context.Context, as Member, lang i18n.Lang) (api staffAPI, end func(), err error) {
	h, err := e.Edge(ctx)
	if err != nil {
		return staffAPI{}, nil, err
	}
	token, _, err := e.Sessions.CreateSession(ctx, as.ID, credentials.SessionMeta{UserAgent: "klient mail (CLI)"})
	if err != nil {
		return staffAPI{}, nil, err
	}
	end = func() { _ = e.Sessions.EndSession(context.WithoutCancel(ctx), token) }
	return staffAPI{h: h, token: token, lang: lang}, end, nil
}

// call sends one request; an answer of 400 or more is the problem's words
// in one line, else the body is decoded into out (or returned whole when
// out is nil).
func (c staffAPI) call(ctx context.Context, method, path string, in, out any) ([]byte, error) {
	var body io.Reader
	if in != nil {
		b, err := json.Marshal(in)
		if err != nil {
			return nil, err
		}
		body = bytes.NewReader(b)
	}
	r := httptest.NewRequestWithContext(ctx, method, "http://localhost"+path, body)
	r.RemoteAddr = "127.0.0.1:0"
	r.Header.Set("Accept-Language", string(c.lang))
	if in != nil {
		r.Header.Set("Content-Type", "application/json")
	}
	for _, name := range []string{web.SessionCookieDev, web.SessionCookieSecure} {
		r.AddCookie(&http.Cookie{Name: name, Value: c.token})
	}
	w := httptest.NewRecorder()
	c.h.ServeHTTP(w, r)
	if w.Code >= 400 {
		return nil, problemError(w)
	}
	if out != nil {
		return nil, json.Unmarshal(w.Body.Bytes(), out)
	}
	return w.Body.Bytes(), nil
}

// problemError is a problem answer in one line: what went wrong and each
// field's complaint ("Rad 3: okänt fält …").
func problemError(w *httptest.ResponseRecorder) error {
	var p web.Problem
	if err := json.Unmarshal(w.Body.Bytes(), &p); err != nil || p.Title == "" {
		return fmt.Errorf("HTTP %d", w.Code)
	}
	words := []string{p.Detail}
	if p.Detail == "" {
		words[0] = p.Title
	}
	for _, e := range p.Errors {
		if e.Message != "" && e.Message != p.Detail {
			words = append(words, e.Message)
		}
	}
	msg := strings.Join(words, " ")
	if after := w.Header().Get("Retry-After"); after != "" {
		msg += " (Retry-After: " + after + " s)"
	}
	return errors.New(oneLine(msg))
}
