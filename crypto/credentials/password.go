package credentials

import (
	"context"
	"crypto/subtle"
	"errors"
	"fmt"

	"github.com/jackc/pgx/v5"
	"github.com/klient-crm/klient/domain"
	"golang.org/x/text/unicode/norm"
)

// SetPassword checks password against the policy (CheckPassword) and stores
// its argon2id hash for staffID, replacing any earlier one. Ending the
// member's other sessions after a change is the caller's decision.
func (s *Store) SetPassword(ctx context.Context, staffID, password string) error {
	if staffID == "" {
		return domain.Invalid("staff_id", "a password belongs to a staff member")
	}
	if err := CheckPassword(password); err != nil {
		return err
	}
	encoded, err := s.hashNew(ctx, password)
	if err != nil {
		return err
	}
	_, err = s.pool.Exec(ctx, `INSERT INTO credentials_passwords (staff_id, hash, changed_at) VALUES ($1, $2, $3)
		ON CONFLICT (staff_id) DO UPDATE SET hash = excluded.hash, changed_at = excluded.changed_at`,
		staffID, encoded, s.now())
	return internal("store password", err)
}

// VerifyPassword reports whether password is staffID's. A member without a
// password gets false after the same argon2id work as a real check. A
// correct password hashed with outdated parameters is re-hashed.
func (s *Store) VerifyPassword(ctx context.Context, staffID, password string) (bool, error) {
	encoded, found, err := s.storedHash(ctx, staffID)
	if err != nil {
		return false, err
	}
	if !found {
		encoded = s.dummy
	}
	ok, err := s.verify(ctx, encoded, password)
	if err != nil || !ok || !found {
		return false, err
	}
	s.upgrade(ctx, staffID, encoded, password)
	return true, nil
}

// VerifyDummy burns the time of one password check. Call it when the
// e-mail address typed at sign-in matches no account, so that an unknown
// address and a wrong password cannot be told apart by timing.
func (s *Store) VerifyDummy(ctx context.Context, password string) {
	_, _ = s.verify(ctx, s.dummy, password)
}

// DeletePassword removes staffID's password (when an account is removed).
func (s *Store) DeletePassword(ctx context.Context, staffID string) error {
	_, err := s.pool.Exec(ctx, `DELETE FROM credentials_passwords WHERE staff_id = $1`, staffID)
	return internal("delete password", err)
}

func (s *Store) storedHash(ctx context.Context, staffID string) (string, bool, error) {
	var encoded string
	err := s.pool.QueryRow(ctx, `SELECT hash FROM credentials_passwords WHERE staff_id = $1`, staffID).Scan(&encoded)
	if errors.Is(err, pgx.ErrNoRows) {
		return "", false, nil
	}
	return encoded, err == nil, internal("read password", err)
}

func (s *Store) verify(ctx context.Context, encoded, password string) (bool, error) {
	h, err := parsePHC(encoded)
	if err != nil {
		return false, domain.Internal(err)
	}
	key, err := s.derive(ctx, password, h.salt, h.params)
	if err != nil {
		return false, err
	}
	return subtle.ConstantTimeCompare(key, h.key) == 1, nil
}

func (s *Store) hashNew(ctx context.Context, password string) (string, error) {
	salt := newSalt()
	key, err := s.derive(ctx, password, salt, s.params)
	if err != nil {
		return "", err
	}
	return phc{params: s.params, salt: salt, key: key}.String(), nil
}

// derive runs argon2id on the NFKC form of password (so "å" typed as one
// code point or as "a" plus a ring verifies the same) once a hashing slot
// is free.
func (s *Store) derive(ctx context.Context, password string, salt []byte, p Params) ([]byte, error) {
	select {
	case s.slots <- struct{}{}:
	case <-ctx.Done():
		return nil, domain.Internal(fmt.Errorf("credentials: waiting to hash: %w", ctx.Err()))
	}
	defer func() { <-s.slots }()
	return s.kdf([]byte(norm.NFKC.String(password)), salt, p), nil
}

// upgrade re-hashes a correct password whose hash predates the current
// parameters. It is best effort: failing leaves the old, still valid hash,
// and a concurrent password change wins (the update matches the old hash).
func (s *Store) upgrade(ctx context.Context, staffID, encoded, password string) {
	if h, err := parsePHC(encoded); err != nil || h.params == s.params {
		return
	}
	fresh, err := s.hashNew(ctx, password)
	if err != nil {
		return
	}
	_, _ = s.pool.Exec(ctx, `UPDATE credentials_passwords SET hash = $3 WHERE staff_id = $1 AND hash = $2`,
		staffID, encoded, fresh)
}
