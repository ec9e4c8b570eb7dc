package credentials

import (
	"context"
	"errors"
	"slices"
	"time"
	"unicode/utf8"

	"github.com/google/uuid"
	"github.com/jackc/pgx/v5"

	"github.com/klient-crm/klient/domain"
	"github.com/klient-crm/klient/domain/access"
)

const maxTokenName = 100

// A token always ends: DefaultTokenLifetime when its creator names no
// date, and never later than MaxTokenLifetime after it is made, so a
// forgotten integration's secret does not stay good for ever.
const (
	DefaultTokenLifetime = 90 * 24 * time.Hour
	MaxTokenLifetime     = 366 * 24 * time.Hour
)

// NewToken is what an administrator asks for. Whether CreatedBy may grant
// Roles (no more than their own, say) is the command's decision, not ours.
type NewToken struct {
	Name      string
	Roles     []access.Role
	Scopes    []access.Scope // at least one
	CreatedBy string         // staff ID
	ExpiresAt *time.Time     // nil: DefaultTokenLifetime from now
}

// Token is an API token as stored: never its secret.
type Token struct {
	ID    string
	Name  string
	Roles []access.Role
	// Scopes nil: the token was made before scopes existed and keeps every
	// scope until it expires (docs/integrations.md).
	Scopes     []access.Scope
	CreatedBy  string
	CreatedAt  time.Time
	ExpiresAt  time.Time
	RevokedAt  *time.Time
	RevokedBy  string
	LastUsedAt *time.Time // to within touchEvery
}

// Active reports whether t may be used at now.
func (t Token) Active(now time.Time) bool {
	return t.RevokedAt == nil && now.Before(t.ExpiresAt)
}

// Allows reports whether the token's scopes cover scope.
func (t Token) Allows(scope access.Scope) bool {
	return t.Scopes == nil || slices.Contains(t.Scopes, scope)
}

// CreateToken issues an API token and returns its secret, "klient_" and
// 43 base64url characters. The secret is shown to its creator once and
// never again: only its SHA-256 is kept.
func (s *Store) CreateToken(ctx context.Context, nt NewToken) (string, Token, error) {
	now := s.now()
	if err := nt.validate(now); err != nil {
		return "", Token{}, err
	}
	secret := TokenPrefix + newSecret()
	expires := now.Add(DefaultTokenLifetime)
	if nt.ExpiresAt != nil {
		expires = *nt.ExpiresAt
	}
	t := Token{ID: uuid.NewString(), Name: nt.Name, Roles: nt.Roles, Scopes: nt.Scopes, CreatedBy: nt.CreatedBy,
		CreatedAt: now, ExpiresAt: expires}
	_, err := s.pool.Exec(ctx, `INSERT INTO credentials_tokens
		(id, secret_hash, name, roles, scopes, created_by, created_at, expires_at) VALUES ($1, $2, $3, $4, $5, $6, $7, $8)`,
		t.ID, tokenHash(secret), t.Name, roleNames(t.Roles), scopeNames(t.Scopes), t.CreatedBy, t.CreatedAt, t.ExpiresAt)
	if err != nil {
		return "", Token{}, internal("create token", err)
	}
	return secret, t, nil
}

func (nt NewToken) validate(now time.Time) error {
	if n := utf8.RuneCountInString(nt.Name); n == 0 || n > maxTokenName || !utf8.ValidString(nt.Name) {
		return errTokenName()
	}
	if len(nt.Roles) == 0 {
		return errTokenRoles()
	}
	for _, r := range nt.Roles {
		if _, err := access.ParseRole(string(r)); err != nil {
			return errTokenRoles()
		}
	}
	if len(nt.Scopes) == 0 {
		return errTokenScopes()
	}
	for _, sc := range nt.Scopes {
		if _, err := access.ParseScope(string(sc)); err != nil {
			return errTokenScopes()
		}
	}
	if nt.ExpiresAt != nil && !nt.ExpiresAt.After(now) {
		return errTokenExpiry()
	}
	if nt.ExpiresAt != nil && nt.ExpiresAt.After(now.Add(MaxTokenLifetime)) {
		return errTokenExpiryMax()
	}
	if nt.CreatedBy == "" {
		return domain.Invalid("created_by", "a token records who created it")
	}
	return nil
}

func roleNames(roles []access.Role) []string {
	out := make([]string, len(roles))
	for i, r := range roles {
		out[i] = string(r)
	}
	return out
}

// scopeNames is nil for nil (a token made before scopes), so the column
// keeps that meaning.
func scopeNames(scopes []access.Scope) []string {
	if scopes == nil {
		return nil
	}
	out := make([]string, len(scopes))
	for i, sc := range scopes {
		out[i] = string(sc)
	}
	return out
}

func parseScopes(names []string) []access.Scope {
	if names == nil {
		return nil
	}
	out := make([]access.Scope, len(names))
	for i, n := range names {
		out[i] = access.Scope(n)
	}
	return out
}

func parseRoles(names []string) []access.Role {
	out := make([]access.Role, len(names))
	for i, n := range names {
		out[i] = access.Role(n)
	}
	return out
}

const tokenColumns = `id, name, roles, scopes, created_by, created_at, expires_at, revoked_at, coalesce(revoked_by, ''), last_used_at`

// LookupToken returns the active token whose secret this is. Unknown,
// malformed and revoked secrets all answer the same forbidden error, coded
// "auth.token_invalid"; an expired one says so ("auth.token_expired"), to
// the only one who can ask: whoever holds the secret, who should ask an
// administrator for a new token rather than look for a bug.
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
	if t.RevokedAt != nil {
		return Token{}, errTokenInvalid()
	}
	if !t.Active(now) {
		return Token{}, errTokenExpired()
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
	var roles, scopes []string
	err := row.Scan(&t.ID, &t.Name, &roles, &scopes, &t.CreatedBy, &t.CreatedAt, &t.ExpiresAt, &t.RevokedAt,
		&t.RevokedBy, &t.LastUsedAt)
	t.Roles, t.Scopes = parseRoles(roles), parseScopes(scopes)
	return t, err
}
