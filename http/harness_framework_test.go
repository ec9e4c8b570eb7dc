package http_test

import (
	"bytes"
	"context"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"

	"github.com/go-chi/chi/v5"

	klienthttp "github.com/klient-crm/klient/http"
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
func frameworkServer(t *testing.T) (*klienthttp.TestServer, chi.Router, *syncBuffer) {
	t.Helper()
	return frameworkServerWith(t)
}

// frameworkServerWith is frameworkServer with its few deps changed by
// edits.
func frameworkServerWith(t *testing.T, edits ...func(*klienthttp.Deps)) (*klienthttp.TestServer, chi.Router, *syncBuffer) {
	t.Helper()
	logs := &syncBuffer{}
	deps := klienthttp.Deps{
		Ready:  func(context.Context) error { return nil },
		Logger: slog.New(slog.NewJSONHandler(logs, &slog.HandlerOptions{Level: slog.LevelDebug})),
	}
	for _, edit := range edits {
		edit(&deps)
	}
	s, err := klienthttp.NewUncheckedServer(web.Config{}, deps)
	if err != nil {
		t.Fatal(err)
	}
	return s, s.Router, logs
}

// do sends one request through h and returns the recorded response.
func do(h http.Handler, req *http.Request) *httptest.ResponseRecorder {
	rec := httptest.NewRecorder()
	h.ServeHTTP(rec, req)
	return rec
}

// docSection is what follows heading in the repository's file name (to
// its end): the specification a test checks the code against.
func docSection(t testing.TB, name, heading string) string {
	t.Helper()
	raw, err := os.ReadFile(filepath.Join("..", name))
	must(t, err)
	_, section, ok := strings.Cut(string(raw), heading)
	if !ok {
		t.Fatalf("%s has no section %q", name, heading)
	}
	return section
}
