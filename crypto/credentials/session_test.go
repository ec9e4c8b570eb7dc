package credentials_test

import (
	"context"
	"errors"
	"strings"
	"testing"
	"time"

	"github.com/klient-crm/klient/crypto/credentials"
	"github.com/klient-crm/klient/domain"
)

func expectExpired(t *testing.T, f fixture, token string) {
	t.Helper()
	_, err := f.store.LookupSession(context.Background(), token)
	var de *domain.Error
	if !errors.As(err, &de) || de.Kind != domain.KindForbidden || de.Code != "auth.session_expired" {
		t.Fatalf("LookupSession = %v; want forbidden auth.session_expired", err)
	}
}

func TestSessionIdleTimeout(t *testing.T) {
	t.Parallel()
	f, ctx := newFixture(t), context.Background()
	token, created, err := f.store.CreateSession(ctx, "staff-1", credentials.SessionMeta{UserAgent: "Firefox"})
	must(t, err)
	if len(token) != 43 || created.StaffID != "staff-1" || created.ID == "" {
		t.Fatalf("CreateSession = %q, %+v", token, created)
	}
	for range 4 { // active for 2 h: each request within the idle timeout keeps it alive
		f.clock.Advance(29 * time.Minute)
		sess, err := f.store.LookupSession(ctx, token)
		if err != nil || sess.ID != created.ID || sess.Meta.UserAgent != "Firefox" {
			t.Fatalf("LookupSession = %+v, %v", sess, err)
		}
	}
	f.clock.Advance(30 * time.Minute)
	expectExpired(t, f, token)
	f.clock.Advance(-30 * time.Minute) // an expired session is gone, not just hidden
	expectExpired(t, f, token)
}

func TestSessionAbsoluteTimeout(t *testing.T) {
	t.Parallel()
	f, ctx := newFixture(t), context.Background()
	token, _, err := f.store.CreateSession(ctx, "staff-1", credentials.SessionMeta{})
	must(t, err)
	for range 12*4 - 1 {
		f.clock.Advance(15 * time.Minute)
		_, err := f.store.LookupSession(ctx, token)
		must(t, err)
	}
	f.clock.Advance(15 * time.Minute)
	expectExpired(t, f, token)
}

func TestSessionTouchedAtMostOncePerMinute(t *testing.T) {
	t.Parallel()
	f, ctx := newFixture(t), context.Background()
	token, created, err := f.store.CreateSession(ctx, "staff-1", credentials.SessionMeta{})
	must(t, err)
	f.clock.Advance(30 * time.Second)
	sess, err := f.store.LookupSession(ctx, token)
	if err != nil || !sess.LastSeenAt.Equal(created.LastSeenAt) {
		t.Fatalf("after 30 s last seen moved: %+v, %v", sess, err)
	}
	f.clock.Advance(31 * time.Second)
	sess, err = f.store.LookupSession(ctx, token)
	if err != nil || !sess.LastSeenAt.Equal(f.clock.Now()) || !sess.IdleUntil.Equal(f.clock.Now().Add(30*time.Minute)) {
		t.Fatalf("after 61 s: %+v, %v; want last seen now", sess, err)
	}
}

func TestEndSessions(t *testing.T) {
	t.Parallel()
	f, ctx := newFixture(t), context.Background()
	a, _, _ := f.store.CreateSession(ctx, "staff-1", credentials.SessionMeta{})
	b, _, _ := f.store.CreateSession(ctx, "staff-1", credentials.SessionMeta{})
	other, _, _ := f.store.CreateSession(ctx, "staff-2", credentials.SessionMeta{})
	must(t, f.store.EndSession(ctx, a))
	must(t, f.store.EndSession(ctx, a)) // twice is fine
	expectExpired(t, f, a)
	if n, err := f.store.EndAllSessions(ctx, "staff-1"); n != 1 || err != nil {
		t.Fatalf("EndAllSessions = %d, %v; want 1", n, err)
	}
	expectExpired(t, f, b)
	if _, err := f.store.LookupSession(ctx, other); err != nil {
		t.Fatalf("another member's session ended too: %v", err)
	}
}

func TestDeleteExpiredSessions(t *testing.T) {
	t.Parallel()
	f, ctx := newFixture(t), context.Background()
	_, _, _ = f.store.CreateSession(ctx, "staff-1", credentials.SessionMeta{})
	f.clock.Advance(20 * time.Minute)
	live, _, _ := f.store.CreateSession(ctx, "staff-2", credentials.SessionMeta{})
	f.clock.Advance(15 * time.Minute)
	if n, err := f.store.DeleteExpiredSessions(ctx); n != 1 || err != nil {
		t.Fatalf("DeleteExpiredSessions = %d, %v; want 1", n, err)
	}
	if _, err := f.store.LookupSession(ctx, live); err != nil {
		t.Fatalf("a live session was deleted: %v", err)
	}
}

func TestSessionTableHoldsOnlyHashes(t *testing.T) {
	t.Parallel()
	f, ctx := newFixture(t), context.Background()
	long := strings.Repeat("Mozilla/5.0 ", 100) + "\x00"
	token, sess, err := f.store.CreateSession(ctx, "staff-1", credentials.SessionMeta{UserAgent: long})
	must(t, err)
	if text := f.tableText(t, "credentials_sessions"); strings.Contains(text, token) || strings.Contains(text, token[:16]) {
		t.Fatal("the session token is stored readable")
	}
	if len(sess.Meta.UserAgent) > 256 {
		t.Fatalf("user agent kept at %d bytes", len(sess.Meta.UserAgent))
	}
	for _, bad := range []string{"", "short", token + "x", strings.Repeat("*", 43)} {
		expectExpired(t, f, bad)
	}
}
