package credentials

import (
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"net/netip"
	"strings"
	"time"
)

// ThrottlePolicy says when a key is locked out and for how long: the
// Free-th failure locks it for Base, each further failure doubles the
// lockout, never beyond Max. A key with no failure for Forget starts afresh.
type ThrottlePolicy struct {
	Free   int
	Base   time.Duration
	Max    time.Duration
	Forget time.Duration
}

// DefaultAccountThrottle: the fifth failure locks the account for 30 s,
// then 1, 2, 4, 8 and at most 15 minutes: about 100 guesses a day against
// one account, while a member who mistypes a few times waits seconds.
// Forget is longer than Max, so a persistent guesser never starts afresh.
var DefaultAccountThrottle = ThrottlePolicy{Free: 5, Base: 30 * time.Second, Max: 15 * time.Minute, Forget: time.Hour}

// DefaultAddressThrottle is looser: a whole office may sit behind one
// address, so it takes 20 failures (spraying many accounts) to lock it.
var DefaultAddressThrottle = ThrottlePolicy{Free: 20, Base: time.Minute, Max: 15 * time.Minute, Forget: time.Hour}

func (p ThrottlePolicy) validate() error {
	if p.Free < 1 || p.Base <= 0 || p.Max < p.Base || p.Forget < p.Max {
		return errors.New("credentials: throttle policy needs Free >= 1 and 0 < Base <= Max <= Forget")
	}
	return nil
}

// throttleState is one key's row.
type throttleState struct {
	failures    int
	lastFailed  time.Time
	lockedUntil *time.Time
}

// next is the state after one more failure at now.
func (p ThrottlePolicy) next(st throttleState, now time.Time) throttleState {
	if now.Sub(st.lastFailed) >= p.Forget {
		st = throttleState{}
	}
	st.failures++
	st.lastFailed = now
	if st.failures >= p.Free {
		until := now.Add(p.lockout(st.failures - p.Free))
		st.lockedUntil = &until
	}
	return st
}

func (p ThrottlePolicy) lockout(extra int) time.Duration {
	d := p.Base
	for ; extra > 0 && d < p.Max; extra-- {
		d *= 2
	}
	return min(d, p.Max)
}

// AccountKey is the throttle key of the account signed in to, given as a
// staff ID or as the e-mail address typed (so unknown addresses are
// throttled too). The identifier is normalised and hashed: no e-mail
// address is kept in the clear, in the table or in a log line.
func AccountKey(identifier string) string {
	sum := sha256.Sum256([]byte(strings.ToLower(strings.TrimSpace(identifier))))
	return "account:" + hex.EncodeToString(sum[:])
}

// AddressKey is the throttle key of a client address. An IPv6 client is
// throttled by its /64, since one subscriber usually holds a whole /64.
func AddressKey(addr netip.Addr) string {
	addr = addr.Unmap()
	if addr.Is6() {
		prefix, _ := addr.Prefix(64) // cannot fail: 64 fits an IPv6 address
		return "addr:" + prefix.String()
	}
	return "addr:" + addr.String()
}
