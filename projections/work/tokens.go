package work

import (
	"context"
	"crypto/rand"
	"crypto/sha256"
	"encoding/base64"
	"errors"
	"fmt"
	"strings"
	"time"

	"github.com/jackc/pgx/v5"
)

// tokenPrefix marks a calendar-feed token, so that one found in a log or
// a repository is recognised (and can be revoked) at a glance.
const tokenPrefix = "kcal_"

// CreateFeedToken makes a new secret feed token for staffID and revokes
// any earlier one: a staff member has one live feed URL, and making a new
// one is how a leaked URL is replaced. The token is returned once; only
// its SHA-256 is stored.
func CreateFeedToken(ctx context.Context, db DB, staffID string, now time.Time) (string, error) {
	if staffID == "" {
		return "", errors.New("work: CreateFeedToken needs a staff ID")
	}
	secret := make([]byte, 32)
	if _, err := rand.Read(secret); err != nil {
		return "", fmt.Errorf("work: feed token: %w", err)
	}
	token := tokenPrefix + base64.RawURLEncoding.EncodeToString(secret)
	if err := RevokeFeedToken(ctx, db, staffID, now); err != nil {
		return "", err
	}
	// Not one transaction with the revocation: a crash between the two
	// leaves the member with no feed, and they make another.
	_, err := db.Exec(ctx, `INSERT INTO calendar_tokens (token_hash, staff_id, created_at) VALUES ($1, $2, $3)`,
		tokenHash(token), staffID, now)
	if err != nil {
		return "", fmt.Errorf("work: store feed token: %w", err)
	}
	return token, nil
}

// RevokeFeedToken revokes staffID's feed token (if any): their feed URL
// stops working at once. Revoke it when a member is deactivated.
func RevokeFeedToken(ctx context.Context, db DB, staffID string, now time.Time) error {
	_, err := db.Exec(ctx, `UPDATE calendar_tokens SET revoked_at = $2 WHERE staff_id = $1 AND revoked_at IS NULL`, staffID, now)
	if err != nil {
		return fmt.Errorf("work: revoke feed token: %w", err)
	}
	return nil
}

// StaffForFeedToken returns whose feed token is, and whether it is live.
// The lookup is by hash, so the comparison never handles the secret.
func StaffForFeedToken(ctx context.Context, db DB, token string) (string, bool, error) {
	if !strings.HasPrefix(token, tokenPrefix) {
		return "", false, nil
	}
	var staffID string
	err := db.QueryRow(ctx, `SELECT staff_id FROM calendar_tokens WHERE token_hash = $1 AND revoked_at IS NULL`,
		tokenHash(token)).Scan(&staffID)
	if errors.Is(err, pgx.ErrNoRows) {
		return "", false, nil
	}
	if err != nil {
		return "", false, fmt.Errorf("work: look up feed token: %w", err)
	}
	return staffID, true, nil
}

func tokenHash(token string) []byte {
	h := sha256.Sum256([]byte(token))
	return h[:]
}
