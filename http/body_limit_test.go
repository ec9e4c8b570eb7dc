package http_test

import (
	"encoding/json"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"

	"github.com/klient-crm/klient/http/web"
)

func TestOversizeJSONIs413Problem(t *testing.T) {
	t.Parallel()
	srv, r, _ := frameworkServer(t)
	reached := false
	r.With(web.LimitBody(web.DefaultMaxJSONBytes)).Post("/api/test/echo", func(w http.ResponseWriter, r *http.Request) {
		var v map[string]any
		if err := web.DecodeJSON(r, &v); err != nil {
			srv.WriteProblem(w, r, err)
			return
		}
		reached = true
	})
	body := `{"note":"` + strings.Repeat("x", web.DefaultMaxJSONBytes) + `"}`
	req := httptest.NewRequest(http.MethodPost, "/api/test/echo", strings.NewReader(body))
	req.Header.Set("Content-Type", "application/json")
	req.Header.Set("Accept-Language", "en")
	rec := do(r, req)
	var p web.Problem
	_ = json.Unmarshal(rec.Body.Bytes(), &p)
	if rec.Code != 413 || p.Status != 413 || p.Title != "Request too large" || p.Detail != "The body is too large." || reached {
		t.Errorf("oversize body: %d %+v reached=%v", rec.Code, p, reached)
	}
}

func TestOversizeFormIs413Page(t *testing.T) {
	t.Parallel()
	_, r, _ := frameworkServer(t)
	body := "return=/contacts&lang=en&pad=" + strings.Repeat("x", web.DefaultMaxFormBytes)
	req := httptest.NewRequest(http.MethodPost, "/lang", strings.NewReader(body))
	req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	rec := do(r, req)
	if rec.Code != 413 || !strings.Contains(rec.Body.String(), "För stor begäran") || rec.Header().Get("Set-Cookie") != "" {
		t.Errorf("oversize form: %d %s", rec.Code, rec.Body)
	}
}
