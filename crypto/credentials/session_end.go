package credentials

import (
	"context"
	"strings"
	"unicode/utf8"
)

// EndSession signs token's session out. Ending an unknown or already ended
// session is not an error: signing out twice is fine.
func (s *Store) EndSession(ctx context.Context, token string) error {
	if !wellFormed(token) {
		return nil
	}
	_, err := s.pool.Exec(ctx, `DELETE FROM credentials_sessions WHERE token_hash = $1`, sessionHash(token))
	return internal("end session", err)
}

// EndAllSessions signs staffID out everywhere (deactivation, a password
// change, a suspected theft) and returns how many sessions ended.
func (s *Store) EndAllSessions(ctx context.Context, staffID string) (int, error) {
	tag, err := s.pool.Exec(ctx, `DELETE FROM credentials_sessions WHERE staff_id = $1`, staffID)
	return int(tag.RowsAffected()), internal("end sessions", err)
}

// ListSessions returns staffID's live sessions, most recently seen first,
// so a member can see where they are signed in.
func (s *Store) ListSessions(ctx context.Context, staffID string) ([]Session, error) {
	rows, err := s.pool.Query(ctx, `SELECT id, staff_id, created_at, last_seen_at, user_agent, address
		FROM credentials_sessions WHERE staff_id = $1 ORDER BY last_seen_at DESC, id`, staffID)
	if err != nil {
		return nil, internal("list sessions", err)
	}
	defer rows.Close()
	now := s.now()
	var out []Session
	for rows.Next() {
		var sess Session
		if err := rows.Scan(&sess.ID, &sess.StaffID, &sess.CreatedAt, &sess.LastSeenAt, &sess.Meta.UserAgent, &sess.Meta.Address); err != nil {
			return nil, internal("list sessions", err)
		}
		if sess = s.deadlines(sess); now.Before(sess.IdleUntil) {
			out = append(out, sess)
		}
	}
	return out, internal("list sessions", rows.Err())
}

// DeleteExpiredSessions removes sessions past their idle or absolute
// timeout (retention: run it periodically) and returns how many.
func (s *Store) DeleteExpiredSessions(ctx context.Context) (int, error) {
	now := s.now()
	tag, err := s.pool.Exec(ctx, `DELETE FROM credentials_sessions
		WHERE last_seen_at <= $1 OR created_at <= $2`, now.Add(-s.idle), now.Add(-s.absolute))
	return int(tag.RowsAffected()), internal("delete expired sessions", err)
}

// clip bounds a client-supplied description (user agents can be long) at a
// character boundary.
func clip(s string) string {
	s = strings.ReplaceAll(strings.ToValidUTF8(s, ""), "\x00", "") // PostgreSQL text holds no NUL
	for len(s) > maxMetaLen {
		_, size := utf8.DecodeLastRuneInString(s)
		s = s[:len(s)-size]
	}
	return s
}
