package auth

import (
	"context"
	"net/http"
	"net/netip"
	"strconv"
	"strings"
	"time"

	"github.com/klient-crm/klient/crypto/credentials"
	"github.com/klient-crm/klient/domain"
	"github.com/klient-crm/klient/http/web"
)

// errThrottled answers a sign-in while its account or address is locked
// out after too many failures (429, with Retry-After).
var errThrottled = &domain.Error{Kind: domain.KindForbidden, Code: "auth.throttled",
	Message: "too many failed sign-ins; try again later", Err: web.ErrTooManyAttempts}

// loginKeys are the throttle keys of one attempt: the account typed (known
// or not, so guessing at unknown addresses is slowed too) and the client's
// address. Both are hashed by the credentials package before they are
// stored.
type loginKeys struct{ account, address string }

func (s *Handlers) keysOf(r *http.Request, email string) loginKeys {
	return loginKeys{account: credentials.AccountKey(email), address: credentials.AddressKey(s.clientAddr(r))}
}

// clientAddr is the client's address: the last one in
// Config.ClientAddressHeader when a proxy in front sets it (earlier ones
// are the client's own say, which anyone can forge), else the peer's.
func (s *Handlers) clientAddr(r *http.Request) netip.Addr {
	if h := s.Config().ClientAddressHeader; h != "" {
		values := r.Header.Values(h)
		if len(values) > 0 {
			parts := strings.Split(values[len(values)-1], ",")
			if a, err := netip.ParseAddr(strings.TrimSpace(parts[len(parts)-1])); err == nil {
				return a
			}
		}
	}
	return peerAddr(r)
}

func peerAddr(r *http.Request) netip.Addr {
	if ap, err := netip.ParseAddrPort(r.RemoteAddr); err == nil {
		return ap.Addr()
	}
	if a, err := netip.ParseAddr(r.RemoteAddr); err == nil {
		return a
	}
	return netip.IPv4Unspecified()
}

// lockedFor is how long the longer of the two lockouts still runs.
func (s *Handlers) lockedFor(ctx context.Context, k loginKeys) (time.Duration, error) {
	var wait time.Duration
	for _, key := range []string{k.account, k.address} {
		d, err := s.deps.Throttle.Check(ctx, key)
		if err != nil {
			return 0, err
		}
		wait = max(wait, d)
	}
	return wait, nil
}

// failed counts one failure against both keys.
func (s *Handlers) failed(ctx context.Context, k loginKeys) error {
	if err := s.deps.Throttle.Failed(ctx, k.account); err != nil {
		return err
	}
	return s.deps.Throttle.Failed(ctx, k.address)
}

// retryAfter is the Retry-After header value: whole seconds, rounded up.
func retryAfter(wait time.Duration) string {
	return strconv.Itoa(int((wait + time.Second - 1) / time.Second))
}
