package credentials

import (
	"context"
	"errors"

	"github.com/jackc/pgx/v5"
)

const tokenColumns = `id, name, roles, created_by, created_at, expires_at, revoked_at, coalesce(revoked_by, ''), last_used_at`

// LookupToken returns the active token whose secret this is. Unknown,
// malformed, revoked and expired secrets all answer the same forbidden
// error, coded "auth.token_invalid".
func (s *Store) LookupToken(ctx context.Context, secret string) (Token, error) {
	if _, ok := tokenBody(secret); !ok {
		return Token{}, errTokenInvalid()
	}
	t, err := scanToken(s.pool.QueryRow(ctx, `SELECT `+tokenColumns+` FROM credentials_tokens WHERE secret_hash = $1`,
		tokenHash(secret)))
	if errors.Is(err, pgx.ErrNoRows) {
		return Token{}, errTokenInvalid()
	}
	if err != nil {
		return Token{}, internal("read token", err)
	}
	now := s.now()
	if !t.Active(now) {
		return Token{}, errTokenInvalid()
	}
	if t.LastUsedAt == nil || now.Sub(*t.LastUsedAt) >= touchEvery {
		_, err = s.pool.Exec(ctx, `UPDATE credentials_tokens SET last_used_at = $2 WHERE id = $1`, t.ID, now)
		t.LastUsedAt = &now
	}
	return t, internal("touch token", err)
}

// RevokeToken ends token id at once, recording who revoked it. Revoking a
// revoked token keeps the first revocation and is not an error.
func (s *Store) RevokeToken(ctx context.Context, id, by string) error {
	tag, err := s.pool.Exec(ctx, `UPDATE credentials_tokens
		SET revoked_at = coalesce(revoked_at, $2), revoked_by = coalesce(revoked_by, $3) WHERE id = $1`,
		id, s.now(), by)
	if err != nil {
		return internal("revoke token", err)
	}
	if tag.RowsAffected() == 0 {
		return errTokenNotFound()
	}
	return nil
}

// ListTokens returns every token, newest first, active or not; never a
// secret (there is none to return).
func (s *Store) ListTokens(ctx context.Context) ([]Token, error) {
	rows, err := s.pool.Query(ctx, `SELECT `+tokenColumns+` FROM credentials_tokens ORDER BY created_at DESC, id`)
	if err != nil {
		return nil, internal("list tokens", err)
	}
	tokens, err := pgx.CollectRows(rows, func(r pgx.CollectableRow) (Token, error) { return scanToken(r) })
	return tokens, internal("list tokens", err)
}

func scanToken(row pgx.Row) (Token, error) {
	var t Token
	var roles []string
	err := row.Scan(&t.ID, &t.Name, &roles, &t.CreatedBy, &t.CreatedAt, &t.ExpiresAt, &t.RevokedAt,
		&t.RevokedBy, &t.LastUsedAt)
	t.Roles = parseRoles(roles)
	return t, err
}
