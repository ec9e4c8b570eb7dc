package web

import (
	"errors"
	"fmt"
	"math"
	"net/url"
	"time"

	"github.com/klient-crm/klient/domain/communication"
)

// Config tunes the web edge. The zero value of a field means its default.
type Config struct {
	// TrustedOrigins may send state-changing requests besides the server's
	// own origin, e.g. "https://klient.example.se" behind a proxy that
	// rewrites Host.
	TrustedOrigins []string
	// ReadYourWrites bounds how long a handler waits for the contacts
	// projection to catch up with a write before it redirects anyway.
	ReadYourWrites time.Duration
	// MaxJSONBytes and MaxFormBytes cap request bodies.
	MaxJSONBytes int64
	MaxFormBytes int64
	// MaxUploadBytes is the largest document an upload may carry; the
	// domain refuses a larger file with its own message, so the request
	// body is capped a little above it.
	MaxUploadBytes int64
	// SecureCookies marks cookies Secure; set it whenever TLS is in front.
	SecureCookies bool
	// ClientAddressHeader names the header in which the reverse proxy in
	// front passes the client's address ("X-Forwarded-For", "X-Real-IP");
	// the last address in it, the one the proxy added, is used for the
	// sign-in throttle. Empty: the peer address, right when nothing sits
	// in front. Behind a proxy leave it empty and every client shares the
	// proxy's address, and so its lockout.
	ClientAddressHeader string
	// APIRate is how many requests a second one API token may send over
	// time, APIBurst how many at once after a quiet spell (auth.go).
	// A negative APIRate turns the limit off.
	APIRate  float64
	APIBurst int
}

// Defaults the product ships with.
const (
	DefaultReadYourWrites = 3 * time.Second
	DefaultMaxJSONBytes   = 1 << 20
	DefaultMaxFormBytes   = 256 << 10
	DefaultMaxUploadBytes = communication.DefaultMaxDocumentSize
)

func (c Config) WithDefaults() Config {
	if c.ReadYourWrites == 0 {
		c.ReadYourWrites = DefaultReadYourWrites
	}
	if c.MaxJSONBytes == 0 {
		c.MaxJSONBytes = DefaultMaxJSONBytes
	}
	if c.MaxFormBytes == 0 {
		c.MaxFormBytes = DefaultMaxFormBytes
	}
	if c.MaxUploadBytes == 0 {
		c.MaxUploadBytes = DefaultMaxUploadBytes
	}
	if c.APIRate == 0 {
		c.APIRate = DefaultAPIRate
	}
	if c.APIBurst == 0 {
		c.APIBurst = max(DefaultAPIBurst, int(math.Ceil(c.APIRate)))
	}
	return c
}

// Validate reports the first setting that cannot work, in words an operator
// can act on.
func (c Config) Validate() error {
	c = c.WithDefaults()
	if c.ReadYourWrites < 0 || c.ReadYourWrites > time.Minute {
		return fmt.Errorf("http: read-your-writes wait %v must be between 0 and 1m", c.ReadYourWrites)
	}
	if c.MaxJSONBytes < 1024 || c.MaxFormBytes < 1024 {
		return errors.New("http: body limits must be at least 1 KiB")
	}
	if c.APIRate > 0 && c.APIBurst < 1 {
		return errors.New("http: the API burst (KLIENT_API_BURST) must be at least 1")
	}
	if c.MaxUploadBytes < 1 {
		return errors.New("http: the upload limit must be at least 1 byte")
	}
	for _, o := range c.TrustedOrigins {
		if u, err := url.Parse(o); err != nil || u.Scheme == "" || u.Host == "" || u.Path != "" {
			return fmt.Errorf("http: trusted origin %q must look like https://host[:port]", o)
		}
	}
	return nil
}
