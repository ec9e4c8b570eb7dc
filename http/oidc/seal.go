package oidc

import (
	"crypto/aes"
	"crypto/cipher"
	"crypto/rand"
	"encoding/base64"
	"encoding/json"
	"errors"
	"time"
)

// flow is what Start must hand to Finish through the browser. Issued lets
// Finish refuse a flow that outlived flowTTL even if the browser kept the
// cookie longer than told.
type flow struct {
	State    string `json:"s"`
	Nonce    string `json:"n"`
	Verifier string `json:"v"`
	Issued   int64  `json:"t"`
}

// sealer encrypts and authenticates flows, so a browser can carry them but
// neither read the PKCE verifier nor forge a state.
type sealer struct {
	aead cipher.AEAD
	aad  []byte
}

// newSealer binds sealed flows to aad (the issuer and client), so a cookie
// made for one provider configuration cannot be opened by another.
func newSealer(key []byte, aad string) (*sealer, error) {
	if len(key) == 0 {
		key = make([]byte, 32)
		rand.Read(key) // never fails: see crypto/rand.Read
	}
	block, err := aes.NewCipher(key)
	if err != nil {
		return nil, err
	}
	aead, err := cipher.NewGCM(block)
	if err != nil {
		return nil, err
	}
	return &sealer{aead: aead, aad: []byte(aad)}, nil
}

func (s *sealer) seal(f flow) string {
	plain, _ := json.Marshal(f) // cannot fail: strings and an int
	nonce := make([]byte, s.aead.NonceSize())
	rand.Read(nonce)
	return base64.RawURLEncoding.EncodeToString(s.aead.Seal(nonce, nonce, plain, s.aad))
}

var errBadCookie = errors.New("flow cookie does not open")

func (s *sealer) open(value string) (flow, error) {
	var f flow
	raw, err := base64.RawURLEncoding.DecodeString(value)
	if err != nil || len(raw) < s.aead.NonceSize() {
		return f, errBadCookie
	}
	n := s.aead.NonceSize()
	plain, err := s.aead.Open(nil, raw[:n], raw[n:], s.aad)
	if err != nil || json.Unmarshal(plain, &f) != nil {
		return f, errBadCookie
	}
	return f, nil
}

// expired is checked against the sealed issue time, not the cookie's
// Max-Age, which only the browser enforces.
func (f flow) expired(now time.Time) bool {
	return now.Sub(time.Unix(f.Issued, 0)) > flowTTL
}
