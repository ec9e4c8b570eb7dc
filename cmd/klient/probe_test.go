package main

import (
	"context"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync/atomic"
	"testing"
)

// TestProbe: the health check of the container exits 0 on a ready server
// and fails, in one line naming the answer, on a server that is not ready
// (503 during a rebuild) or not there.
func TestProbe(t *testing.T) {
	t.Parallel()
	var ready atomic.Bool
	ready.Store(true)
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if r.URL.Path != "/readyz" || !ready.Load() {
			http.Error(w, "not ready", http.StatusServiceUnavailable)
		}
	}))
	defer srv.Close()
	var out strings.Builder
	if err := runProbe(context.Background(), []string{"--url", srv.URL + "/readyz"}, &out); err != nil {
		t.Fatalf("ready server: %v", err)
	}
	ready.Store(false)
	err := runProbe(context.Background(), []string{"--url", srv.URL + "/readyz"}, &out)
	if err == nil || !strings.Contains(err.Error(), "503") {
		t.Fatalf("server not ready: %v", err)
	}
	srv.Close()
	if err := runProbe(context.Background(), []string{"--url", srv.URL + "/readyz", "--timeout", "1s"}, &out); err == nil {
		t.Fatal("no server: the probe passed")
	}
}

// TestProbeAsksLoopback: a server listening on every interface, as in the
// image (KLIENT_HTTP_ADDR=0.0.0.0:8080), is asked on loopback.
func TestProbeAsksLoopback(t *testing.T) {
	t.Parallel()
	cases := map[string]string{
		"0.0.0.0:8080":   "http://127.0.0.1:8080/readyz",
		":8080":          "http://127.0.0.1:8080/readyz",
		"[::]:8080":      "http://127.0.0.1:8080/readyz",
		"127.0.0.1:9000": "http://127.0.0.1:9000/readyz",
		"10.1.2.3:8080":  "http://10.1.2.3:8080/readyz",
	}
	for addr, want := range cases {
		if got, err := readyURL(addr); err != nil || got != want {
			t.Errorf("readyURL(%q) = %q, %v; want %q", addr, got, err, want)
		}
	}
	if _, err := readyURL("8080"); err == nil {
		t.Error("readyURL(8080): no error")
	}
}
