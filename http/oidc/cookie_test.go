package oidc

import (
	"net/url"
	"testing"
	"time"
)

func TestSealedFlowOpensOnlyUntouchedAndForItsProvider(t *testing.T) {
	t.Parallel()
	key := make([]byte, 32)
	a, _ := newSealer(key, "issuer-a client")
	b, _ := newSealer(key, "issuer-b client")
	want := flow{State: "s", Nonce: "n", Verifier: "v", Issued: 42}
	sealed := a.seal(want)
	if got, err := a.open(sealed); err != nil || got != want {
		t.Fatalf("open = %+v, %v", got, err)
	}
	flipped := []byte(sealed)
	flipped[len(flipped)/2] ^= 'A' ^ 'B'
	for name, err := range map[string]error{
		"tampered":       second(a.open(string(flipped))),
		"other provider": second(b.open(sealed)),
		"garbage":        second(a.open("%%%")),
	} {
		if err != errBadCookie {
			t.Errorf("%s: err = %v", name, err)
		}
	}
}

func second[T any](_ T, err error) error { return err }

func TestFlowExpiresAfterItsTTL(t *testing.T) {
	t.Parallel()
	issued := time.Unix(1_700_000_000, 0)
	f := flow{Issued: issued.Unix()}
	if f.expired(issued.Add(flowTTL)) || !f.expired(issued.Add(flowTTL+time.Second)) {
		t.Error("flow must live exactly flowTTL")
	}
}

func TestEachProcessDrawsItsOwnKeyWhenNoneIsGiven(t *testing.T) {
	t.Parallel()
	a, _ := newSealer(nil, "x")
	b, _ := newSealer(nil, "x")
	if _, err := b.open(a.seal(flow{State: "s"})); err == nil {
		t.Error("two random keys opened each other's flows")
	}
}

func TestFlowCookieIsSecureBehindHTTPS(t *testing.T) {
	t.Parallel()
	p := &Provider{cookiePath: "/cb", cookieSecure: true}
	if c := p.flowCookie("v", 1); !c.Secure {
		t.Error("an https redirect URL must make the cookie Secure")
	}
}

func TestFlowCookieFollowsTheCallbackPath(t *testing.T) {
	t.Parallel()
	for raw, want := range map[string]string{"https://k.example.se": "/", "https://k.example.se/auth/oidc/callback": "/auth/oidc/callback"} {
		u, _ := url.Parse(raw)
		if got := cookiePath(u); got != want {
			t.Errorf("cookiePath(%s) = %q, want %q", raw, got, want)
		}
	}
}
