package http

import (
	"bytes"
	"context"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"sync"
	"testing"

	"github.com/go-chi/chi/v5"
	"github.com/klient-crm/klient/http/web"
)

// syncBuffer is a log sink several handler goroutines may write at once.
type syncBuffer struct {
	mu  sync.Mutex
	buf bytes.Buffer
}

func (b *syncBuffer) Write(p []byte) (int, error) {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.buf.Write(p)
}

func (b *syncBuffer) String() string {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.buf.String()
}

// frameworkServer builds the real router and middleware with no contact
// back end, for tests of the parts that do not need one; extra test routes
// can be added to the returned router.
func frameworkServer(t *testing.T) (*server, chi.Router, *syncBuffer) {
	t.Helper()
	logs := &syncBuffer{}
	s, err := newServer(web.Config{}, Deps{
		Ready:  func(context.Context) error { return nil },
		Logger: slog.New(slog.NewJSONHandler(logs, &slog.HandlerOptions{Level: slog.LevelDebug})),
	})
	if err != nil {
		t.Fatal(err)
	}
	r, err := s.router()
	if err != nil {
		t.Fatal(err)
	}
	return s, r, logs
}

// do sends one request through h and returns the recorded response.
func do(h http.Handler, req *http.Request) *httptest.ResponseRecorder {
	rec := httptest.NewRecorder()
	h.ServeHTTP(rec, req)
	return rec
}
