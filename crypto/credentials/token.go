package credentials

import (
	"context"
	"crypto/rand"
	"crypto/sha256"
	"encoding/base64"
	"errors"
	"fmt"
	"slices"
	"strings"
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

// Session tokens and API token secrets are 32 random bytes, base64url
// without padding: 256 bits, more than any guessing can reach, which is
// why a single SHA-256 (not a slow hash) protects them at rest.
const (
	secretBytes = 32
	secretLen   = 43 // base64url length of 32 bytes, unpadded

	// TokenPrefix marks API token secrets, so secret scanners (and people)
	// recognise a leaked one.
	TokenPrefix = "klient_"
)

func newSecret() string {
	b := make([]byte, secretBytes)
	_, _ = rand.Read(b) // crypto/rand.Read never fails (Go 1.24+)
	return base64.RawURLEncoding.EncodeToString(b)
}

// wellFormed reports whether s could be a secret we issued, so garbage is
// refused without a database round trip.
func wellFormed(s string) bool {
	if len(s) != secretLen {
		return false
	}
	_, err := base64.RawURLEncoding.Strict().DecodeString(s)
	return err == nil
}

// hashSecret is what the tables store. The purpose label keeps a session
// token's hash from ever matching an API token's.
func hashSecret(purpose, secret string) []byte {
	sum := sha256.Sum256([]byte("klient." + purpose + ":" + secret))
	return sum[:]
}

func sessionHash(token string) []byte { return hashSecret("session", token) }

func tokenHash(secret string) []byte { return hashSecret("token", secret) }

// tokenBody strips the prefix of an API token secret; ok is false for
// anything not shaped like one.
func tokenBody(secret string) (string, bool) {
	body, ok := strings.CutPrefix(secret, TokenPrefix)
	return body, ok && wellFormed(body)
}

// The token's errors, as people see them. Each carries its catalogue code
// as a literal, so http/i18n's scan finds it. Messages never quote the
// token or the account.

func errTokenInvalid() error {
	return domain.Forbidden("the API token is unknown, revoked or expired").WithCode("auth.token_invalid")
}

func errTokenExpired() error {
	return domain.Forbidden("the API token has expired; ask an administrator for a new one").WithCode("auth.token_expired")
}

func errTokenName() error {
	return domain.Invalid("name", "a token needs a name of 1 to %d characters", maxTokenName).
		WithCode("credentials.token.name")
}

func errTokenRoles() error {
	return domain.Invalid("roles", "a token needs at least one known role").WithCode("credentials.token.roles")
}

func errTokenExpiry() error {
	return domain.Invalid("expires_at", "a token's expiry must lie in the future").WithCode("credentials.token.expiry")
}

func errTokenScopes() error {
	return domain.Invalid("scopes", "a token needs at least one known scope").WithCode("credentials.token.scopes")
}

func errTokenExpiryMax() error {
	return domain.Invalid("expires_at", "a token may be valid for at most a year").WithCode("credentials.token.expiry_max")
}

func errTokenNotFound() error {
	return domain.NotFound("there is no such API token").WithCode("credentials.token.not_found")
}

// internal wraps a database failure (nil stays nil). pgx errors may quote
// the values of a statement, so the cause stays in Err, for the log's
// scrubbing, and out of Message.
func internal(what string, err error) error {
	if err == nil {
		return nil
	}
	return domain.Internal(fmt.Errorf("credentials: %s: %w", what, err))
}
