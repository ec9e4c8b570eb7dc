package credentials

import (
	"testing"
	"time"
)

func TestLockoutDoublesToTheCap(t *testing.T) {
	t.Parallel()
	p := DefaultAccountThrottle
	want := []time.Duration{30 * time.Second, time.Minute, 2 * time.Minute, 4 * time.Minute,
		8 * time.Minute, 15 * time.Minute, 15 * time.Minute}
	for extra, w := range want {
		if got := p.lockout(extra); got != w {
			t.Errorf("lockout(%d) = %v; want %v", extra, got, w)
		}
	}
	if got := p.lockout(1 << 20); got != p.Max {
		t.Errorf("a huge failure count: %v; want the cap", got)
	}
}

func TestPolicyValidation(t *testing.T) {
	t.Parallel()
	for _, p := range []ThrottlePolicy{
		{Free: 0, Base: time.Second, Max: time.Minute, Forget: time.Hour},
		{Free: 3, Base: time.Minute, Max: time.Second, Forget: time.Hour},
		{Free: 3, Base: time.Second, Max: time.Hour, Forget: time.Minute},
	} {
		if p.validate() == nil {
			t.Errorf("%+v accepted", p)
		}
	}
}
