package credentials

import (
	"context"
	"crypto/sha256"
	"errors"
	"strings"
	"time"

	"github.com/jackc/pgx/v5"
)

// Throttle slows down password guessing per account and per address. Keys
// come from AccountKey and AddressKey; a key starting "addr:" gets the
// address policy, every other key the account policy. Keys are stored as
// their SHA-256, never as given.
//
// Check before verifying a password; then Failed or Succeeded. Check and
// Failed are separate calls, so a burst of parallel guesses can pass Check
// together before the first Failed lands; the hashing slots (at most a few
// argon2id hashes at once) bound how large that burst can be.
type Throttle struct{ s *Store }

// Throttle returns the store's login throttle.
func (s *Store) Throttle() *Throttle { return &Throttle{s: s} }

// Check returns how long key is still locked out, 0 when it may try.
func (t *Throttle) Check(ctx context.Context, key string) (time.Duration, error) {
	var until *time.Time
	err := t.s.pool.QueryRow(ctx, `SELECT locked_until FROM credentials_throttle WHERE key_hash = $1`,
		hashKey(key)).Scan(&until)
	if errors.Is(err, pgx.ErrNoRows) || (err == nil && until == nil) {
		return 0, nil
	}
	if err != nil {
		return 0, internal("read throttle", err)
	}
	return max(until.Sub(t.s.now()), 0), nil
}

// Failed records a failed attempt for key and starts or lengthens its
// lockout once the policy's free attempts are spent.
func (t *Throttle) Failed(ctx context.Context, key string) error {
	policy, h := t.policy(key), hashKey(key)
	err := pgx.BeginFunc(ctx, t.s.pool, func(tx pgx.Tx) error {
		st, err := lockThrottleRow(ctx, tx, h)
		if err != nil {
			return err
		}
		st = policy.next(st, t.s.now())
		_, err = tx.Exec(ctx, `UPDATE credentials_throttle SET failures = $2, last_failed_at = $3, locked_until = $4
			WHERE key_hash = $1`, h, st.failures, st.lastFailed, st.lockedUntil)
		return err
	})
	return internal("record failed sign-in", err)
}

// Succeeded forgets key's failures. Call it for the account key only: an
// attacker who owns one account must not be able to clear their address's
// record by signing in to it between guesses.
func (t *Throttle) Succeeded(ctx context.Context, key string) error {
	_, err := t.s.pool.Exec(ctx, `DELETE FROM credentials_throttle WHERE key_hash = $1`, hashKey(key))
	return internal("clear throttle", err)
}

// DeleteStale removes records that are no longer locked and old enough to
// be forgotten (retention: an address key is personal data, even hashed).
func (t *Throttle) DeleteStale(ctx context.Context) (int, error) {
	forget := max(t.s.account.Forget, t.s.address.Forget)
	now := t.s.now()
	tag, err := t.s.pool.Exec(ctx, `DELETE FROM credentials_throttle
		WHERE last_failed_at < $1 AND (locked_until IS NULL OR locked_until < $2)`, now.Add(-forget), now)
	return int(tag.RowsAffected()), internal("delete stale throttles", err)
}

func (t *Throttle) policy(key string) ThrottlePolicy {
	if strings.HasPrefix(key, "addr:") {
		return t.s.address
	}
	return t.s.account
}

// lockThrottleRow makes sure key's row exists and locks it, so concurrent
// failures for one key count one by one.
func lockThrottleRow(ctx context.Context, tx pgx.Tx, h []byte) (throttleState, error) {
	_, err := tx.Exec(ctx, `INSERT INTO credentials_throttle (key_hash, failures, last_failed_at)
		VALUES ($1, 0, 'epoch') ON CONFLICT (key_hash) DO NOTHING`, h)
	if err != nil {
		return throttleState{}, err
	}
	var st throttleState
	err = tx.QueryRow(ctx, `SELECT failures, last_failed_at, locked_until FROM credentials_throttle
		WHERE key_hash = $1 FOR UPDATE`, h).Scan(&st.failures, &st.lastFailed, &st.lockedUntil)
	return st, err
}

func hashKey(key string) []byte {
	sum := sha256.Sum256([]byte("klient.throttle:" + key))
	return sum[:]
}
