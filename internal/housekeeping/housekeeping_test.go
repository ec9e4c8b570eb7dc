package housekeeping

import (
	"bytes"
	"context"
	"log/slog"
	"strings"
	"testing"
	"time"

	"github.com/klient-crm/klient/crypto/credentials"
	"github.com/klient-crm/klient/internal/apptest"
)

// A sweep removes a session past its timeouts and logs the counts alone;
// a sweep that fails says so; the job stops with its context.
func TestSweep(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	a := apptest.New(t)
	past, err := credentials.New(a.Pool, credentials.WithClock(func() time.Time { return time.Now().AddDate(0, 0, -2) }))
	apptest.Must(t, err)
	_, _, err = past.CreateSession(ctx, "staff-1", credentials.SessionMeta{UserAgent: "Gunnars webbläsare"})
	apptest.Must(t, err)
	var logs bytes.Buffer
	s := Sweeper{Pool: a.Pool, Secrets: a.Secrets, Log: slog.New(slog.NewJSONHandler(&logs, nil)), Clock: apptest.Now}
	s.Sweep(ctx)
	if out := logs.String(); !strings.Contains(out, `"msg":"housekeeping","expired_sessions":1,"stale_throttles":0,"abandoned_uploads":0`) ||
		strings.Contains(out, "failed") || strings.Contains(out, "Gunnar") {
		t.Fatalf("log:\n%s", out)
	}
	logs.Reset()
	a.Pool.Close()
	s.Sweep(ctx)
	if !strings.Contains(logs.String(), "housekeeping failed") {
		t.Fatalf("a sweep over a closed pool:\n%s", logs.String())
	}
	cancelled, cancel := context.WithCancel(ctx)
	cancel()
	s.Run(cancelled) // sweeps once and returns at once
}
