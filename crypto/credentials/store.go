package credentials

import (
	"errors"
	"runtime"
	"time"

	"github.com/jackc/pgx/v5/pgxpool"
)

// Store is the credentials state of one Klient installation. It is safe
// for concurrent use by many goroutines and many instances.
type Store struct {
	pool     *pgxpool.Pool
	now      func() time.Time
	params   Params
	slots    chan struct{} // one token per argon2id hash allowed to run
	kdf      func(password, salt []byte, p Params) []byte
	dummy    string // a well-formed hash no password matches
	idle     time.Duration
	absolute time.Duration
	account  ThrottlePolicy
	address  ThrottlePolicy
}

// Option tunes a Store.
type Option func(*Store)

// WithClock replaces the wall clock (tests move time forward with it).
func WithClock(now func() time.Time) Option { return func(s *Store) { s.now = now } }

// WithPasswordParams sets the argon2id cost for new hashes. Hashes made
// with other parameters still verify and are upgraded on the next correct
// sign-in. Tests use cheap parameters; production keeps DefaultParams.
func WithPasswordParams(p Params) Option { return func(s *Store) { s.params = p } }

// WithHashConcurrency bounds how many argon2id hashes run at once.
func WithHashConcurrency(n int) Option {
	return func(s *Store) { s.slots = make(chan struct{}, max(n, 0)) }
}

// WithSessionTimeouts sets the idle and the absolute session lifetime.
func WithSessionTimeouts(idle, absolute time.Duration) Option {
	return func(s *Store) { s.idle, s.absolute = idle, absolute }
}

// WithThrottlePolicies sets the policies for account keys and address keys.
func WithThrottlePolicies(account, address ThrottlePolicy) Option {
	return func(s *Store) { s.account, s.address = account, address }
}

// New returns a Store over a database migrated with Migrations.
func New(pool *pgxpool.Pool, opts ...Option) (*Store, error) {
	if pool == nil {
		return nil, errors.New("credentials: no database pool")
	}
	s := &Store{
		pool: pool, now: time.Now, params: DefaultParams, kdf: argon2id,
		slots: make(chan struct{}, max(2, runtime.NumCPU())),
		idle:  DefaultIdleTimeout, absolute: DefaultAbsoluteTimeout,
		account: DefaultAccountThrottle, address: DefaultAddressThrottle,
	}
	for _, o := range opts {
		o(s)
	}
	if err := s.validate(); err != nil {
		return nil, err
	}
	s.dummy = dummyHash(s.params)
	return s, nil
}

func (s *Store) validate() error {
	switch {
	case s.now == nil:
		return errors.New("credentials: no clock")
	case cap(s.slots) < 1:
		return errors.New("credentials: hash concurrency must be at least 1")
	case s.idle <= 0 || s.absolute < s.idle:
		return errors.New("credentials: session timeouts need 0 < idle <= absolute")
	}
	if err := s.params.validate(); err != nil {
		return err
	}
	if err := s.account.validate(); err != nil {
		return err
	}
	return s.address.validate()
}
