package credentials

import (
	"crypto/rand"
	"crypto/sha256"
	"encoding/base64"
	"strings"
)

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
