package credentials

import (
	"context"
	"errors"
	"time"

	"github.com/google/uuid"
	"github.com/jackc/pgx/v5"
	"github.com/klient-crm/klient/domain"
)

// Session lifetimes (OWASP ASVS level 2 asks for both). The idle timeout
// is enforced to within touchEvery: last_seen moves at most once a minute,
// so a session may end up to a minute early, never late.
const (
	DefaultIdleTimeout     = 30 * time.Minute
	DefaultAbsoluteTimeout = 12 * time.Hour
	touchEvery             = time.Minute
	maxMetaLen             = 256
)

// SessionMeta describes the device a session was started from, so a member
// can recognise their own sessions. It is deleted with the session.
type SessionMeta struct {
	UserAgent string
	Address   string
}

// Session is one signed-in browser.
type Session struct {
	ID          string // public handle: safe to log and to show; not the token
	StaffID     string
	CreatedAt   time.Time
	LastSeenAt  time.Time
	IdleUntil   time.Time // ends unless seen again before this
	AbsoluteEnd time.Time // ends at this time whatever happens
	Meta        SessionMeta
}

// CreateSession starts a session for staffID and returns its token (for
// the cookie; it is not stored) and the session. Call it at every sign-in
// and end the previous session, so a token planted before sign-in is
// worthless after it.
func (s *Store) CreateSession(ctx context.Context, staffID string, meta SessionMeta) (string, Session, error) {
	if staffID == "" {
		return "", Session{}, domain.Invalid("staff_id", "a session belongs to a staff member")
	}
	now := s.now()
	token := newSecret()
	sess := Session{ID: uuid.NewString(), StaffID: staffID, CreatedAt: now, LastSeenAt: now,
		Meta: SessionMeta{UserAgent: clip(meta.UserAgent), Address: clip(meta.Address)}}
	_, err := s.pool.Exec(ctx, `INSERT INTO credentials_sessions
		(id, token_hash, staff_id, created_at, last_seen_at, user_agent, address) VALUES ($1, $2, $3, $4, $4, $5, $6)`,
		sess.ID, sessionHash(token), staffID, now, sess.Meta.UserAgent, sess.Meta.Address)
	if err != nil {
		return "", Session{}, internal("create session", err)
	}
	return token, s.deadlines(sess), nil
}

// LookupSession returns the live session of token. An unknown, malformed,
// idle or too old token answers a forbidden error coded
// "auth.session_expired"; an expired session is deleted on the way.
func (s *Store) LookupSession(ctx context.Context, token string) (Session, error) {
	if !wellFormed(token) {
		return Session{}, errSessionExpired()
	}
	sess, err := s.loadSession(ctx, token)
	if err != nil {
		return Session{}, err
	}
	now, sess := s.now(), s.deadlines(sess)
	if !now.Before(sess.IdleUntil) {
		_, _ = s.pool.Exec(ctx, `DELETE FROM credentials_sessions WHERE id = $1`, sess.ID)
		return Session{}, errSessionExpired()
	}
	return s.touch(ctx, sess, now)
}

func (s *Store) loadSession(ctx context.Context, token string) (Session, error) {
	var sess Session
	err := s.pool.QueryRow(ctx, `SELECT id, staff_id, created_at, last_seen_at, user_agent, address
		FROM credentials_sessions WHERE token_hash = $1`, sessionHash(token)).
		Scan(&sess.ID, &sess.StaffID, &sess.CreatedAt, &sess.LastSeenAt, &sess.Meta.UserAgent, &sess.Meta.Address)
	if errors.Is(err, pgx.ErrNoRows) {
		return Session{}, errSessionExpired()
	}
	return sess, internal("read session", err)
}

// touch records that the session was seen, at most once per touchEvery:
// most requests then cost one read and no write.
func (s *Store) touch(ctx context.Context, sess Session, now time.Time) (Session, error) {
	if now.Sub(sess.LastSeenAt) < touchEvery {
		return sess, nil
	}
	_, err := s.pool.Exec(ctx, `UPDATE credentials_sessions SET last_seen_at = $2
		WHERE id = $1 AND last_seen_at < $2`, sess.ID, now)
	if err != nil {
		return Session{}, internal("touch session", err)
	}
	sess.LastSeenAt = now
	return s.deadlines(sess), nil
}

func (s *Store) deadlines(sess Session) Session {
	sess.AbsoluteEnd = sess.CreatedAt.Add(s.absolute)
	sess.IdleUntil = sess.LastSeenAt.Add(s.idle)
	if sess.AbsoluteEnd.Before(sess.IdleUntil) {
		sess.IdleUntil = sess.AbsoluteEnd
	}
	return sess
}

// errSessionExpired carries its catalogue code as a literal, so http/i18n's
// scan finds it.
func errSessionExpired() error {
	return domain.Forbidden("the session has ended; sign in again").WithCode("auth.session_expired")
}
