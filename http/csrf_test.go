package http_test

import (
	"net/http"
	"net/http/httptest"
	"strings"
	"sync/atomic"
	"testing"
)

func TestCrossOriginPostIsRefused(t *testing.T) {
	t.Parallel()
	_, r, _ := frameworkServer(t)
	var reached atomic.Int32
	r.Post("/test/write", func(w http.ResponseWriter, r *http.Request) { reached.Add(1) })
	cases := []struct {
		name   string
		header map[string]string
		want   int
	}{
		{"cross-site fetch", map[string]string{"Sec-Fetch-Site": "cross-site", "Origin": "https://evil.example"}, 403},
		{"old browser, foreign origin", map[string]string{"Origin": "https://evil.example"}, 403},
		{"same origin", map[string]string{"Sec-Fetch-Site": "same-origin", "Origin": "http://klient.test"}, 200},
		{"non-browser client", nil, 200},
	}
	for _, c := range cases {
		req := httptest.NewRequest(http.MethodPost, "http://klient.test/test/write", strings.NewReader("a=1"))
		for k, v := range c.header {
			req.Header.Set(k, v)
		}
		before := reached.Load()
		rec := do(r, req)
		if rec.Code != c.want {
			t.Errorf("%s: status %d, want %d", c.name, rec.Code, c.want)
		}
		if wrote := reached.Load() != before; wrote != (c.want == 200) {
			t.Errorf("%s: handler reached = %v", c.name, wrote)
		}
		if c.want == 403 && !strings.Contains(rec.Body.String(), "annan webbplats") {
			t.Errorf("%s: refusal does not explain itself in Swedish: %s", c.name, rec.Body)
		}
	}
}
