package web

import (
	"math"
	"net/http"
	"strconv"
	"sync"
	"time"

	"github.com/klient-crm/klient/domain"
)

// Each API token has a token bucket: it holds up to Burst requests and
// refills at Rate a second, so an integration may send a burst after a
// quiet spell but not more than Rate a second for long, and one runaway
// script cannot take the firm's database from everyone else. The buckets
// are in memory, one set per instance: behind a load balancer with n
// instances a token gets up to n times the rate, which is still bounded;
// sharing them through PostgreSQL would cost a write per request.
const (
	DefaultAPIRate  = 20.0 // requests a second, per token
	DefaultAPIBurst = 40
)

// errRateLimited: a token used faster than its bucket refills (429 with
// Retry-After).
var errRateLimited = &domain.Error{Kind: domain.KindForbidden, Code: "api.rate_limited",
	Message: "too many requests with this API token; wait and send again", Err: ErrTooManyAttempts}

// tokenBuckets are the buckets of the tokens seen, by token ID. A bucket
// refilled to the brim holds nothing worth keeping, so the map is swept
// of those now and then and stays as large as the tokens in recent use.
type tokenBuckets struct {
	rate  float64
	burst float64
	now   func() time.Time

	mu      sync.Mutex
	buckets map[string]*bucket
	swept   time.Time
}

type bucket struct {
	level float64 // requests it may still take
	at    time.Time
}

func newTokenBuckets(rate float64, burst int, now func() time.Time) *tokenBuckets {
	return &tokenBuckets{rate: rate, burst: float64(burst), now: now, buckets: map[string]*bucket{}}
}

// take takes one request from id's bucket; when it is empty, it returns
// how long until it holds one again.
func (b *tokenBuckets) take(id string) (ok bool, wait time.Duration) {
	now := b.now()
	b.mu.Lock()
	defer b.mu.Unlock()
	b.sweep(now)
	bk, seen := b.buckets[id]
	if !seen {
		bk = &bucket{level: b.burst, at: now}
		b.buckets[id] = bk
	}
	bk.level = math.Min(b.burst, bk.level+now.Sub(bk.at).Seconds()*b.rate)
	bk.at = now
	if bk.level >= 1 {
		bk.level--
		return true, 0
	}
	return false, time.Duration((1 - bk.level) / b.rate * float64(time.Second))
}

// sweep drops the buckets that have refilled, at most once a minute.
func (b *tokenBuckets) sweep(now time.Time) {
	if now.Sub(b.swept) < time.Minute {
		return
	}
	b.swept = now
	full := time.Duration(b.burst / b.rate * float64(time.Second))
	for id, bk := range b.buckets {
		if now.Sub(bk.at) >= full {
			delete(b.buckets, id)
		}
	}
}

// limitToken answers 429 with Retry-After (whole seconds, at least 1) and
// reports false when the principal's token has used up its bucket; a
// signed-in session is not limited here (sign-in has its own throttle).
func (s *Kit) limitToken(w http.ResponseWriter, r *http.Request, p Principal) bool {
	if p.TokenID == "" || s.tokenBuckets == nil {
		return true
	}
	ok, wait := s.tokenBuckets.take(p.TokenID)
	if ok {
		return true
	}
	w.Header().Set("Retry-After", strconv.Itoa(max(1, int(math.Ceil(wait.Seconds())))))
	s.Fail(w, r, errRateLimited)
	return false
}
