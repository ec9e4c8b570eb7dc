package crypto

import (
	"bytes"
	"container/list"
	"context"
	"encoding/binary"
	"errors"
	"fmt"
	"log/slog"
	"strings"
	"sync"
	"sync/atomic"

	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgxpool"
	"github.com/tink-crypto/tink-go/v2/aead"
	"github.com/tink-crypto/tink-go/v2/keyset"
	"github.com/tink-crypto/tink-go/v2/tink"

	"github.com/klient-crm/klient/domain"
)

// DefaultCacheSize is how many subjects' keys a Keyring keeps unwrapped.
const DefaultCacheSize = 10_000

// Keyring seals and opens personal data with per-subject keys kept in
// PostgreSQL, and shreds them on erasure. It implements eventstore.Sealer.
// It is safe for concurrent use, also by several instances on one database.
type Keyring struct {
	pool   *pgxpool.Pool
	master tink.AEAD
	cache  *keyCache
	log    *slog.Logger

	// listening is true while this instance hears other instances' Shreds;
	// only then may keys be cached.
	listening atomic.Bool
	stop      context.CancelFunc
	done      chan struct{}
	closeOnce sync.Once
}

// Option tunes a Keyring.
type Option func(*Keyring)

// WithCacheSize bounds the key cache to n subjects (n >= 1).
func WithCacheSize(n int) Option {
	return func(k *Keyring) {
		if n >= 1 {
			k.cache = newKeyCache(n)
		}
	}
}

// WithLogger sets where the Keyring reports listener trouble.
func WithLogger(l *slog.Logger) Option {
	return func(k *Keyring) {
		if l != nil {
			k.log = l
		}
	}
}

// NewKeyring starts a Keyring on a key store migrated with Migrations. It
// returns once it listens for other instances' Shreds; Close stops it.
func NewKeyring(ctx context.Context, pool *pgxpool.Pool, master tink.AEAD, opts ...Option) (*Keyring, error) {
	if pool == nil || master == nil {
		return nil, errors.New("crypto: NewKeyring needs a pool and a master AEAD")
	}
	if err := checkSchema(ctx, pool); err != nil {
		return nil, err
	}
	k := &Keyring{pool: pool, master: master, cache: newKeyCache(DefaultCacheSize), log: slog.Default()}
	for _, opt := range opts {
		opt(k)
	}
	listenCtx, stop := context.WithCancel(context.WithoutCancel(ctx))
	k.stop, k.done = stop, make(chan struct{})
	ready := make(chan error, 1)
	go k.runListener(listenCtx, ready)
	select {
	case err := <-ready:
		if err != nil {
			k.Close()
			return nil, fmt.Errorf("crypto: listen for shreds: %w", err)
		}
	case <-ctx.Done():
		k.Close()
		return nil, ctx.Err()
	}
	return k, nil
}

func checkSchema(ctx context.Context, pool *pgxpool.Pool) error {
	var ready bool
	err := pool.QueryRow(ctx, `SELECT to_regclass('keystore_subject_keys') IS NOT NULL
		AND to_regclass('keystore_tombstones') IS NOT NULL`).Scan(&ready)
	if err != nil {
		return fmt.Errorf("crypto: check key store schema: %w", err)
	}
	if !ready {
		return errors.New("crypto: key store tables missing: apply crypto.Migrations() first")
	}
	return nil
}

// Close stops listening for other instances' Shreds. The pool stays open:
// it belongs to the caller.
func (k *Keyring) Close() error {
	k.closeOnce.Do(func() {
		k.stop()
		<-k.done
	})
	return nil
}

// Seal encrypts plaintext with subject's key, creating the key on first use.
// The ciphertext opens only for the same subject and associated data.
func (k *Keyring) Seal(ctx context.Context, subject string, plaintext, associatedData []byte) ([]byte, error) {
	p, err := k.primitive(ctx, subject, true)
	if err != nil {
		return nil, err
	}
	ct, err := p.Encrypt(plaintext, boundAD(subject, associatedData))
	if err != nil {
		return nil, domain.Internal(err)
	}
	return ct, nil
}

// Open decrypts what Seal produced for subject and associatedData. After a
// Shred it returns a *domain.Error of kind erased; a ciphertext that does not
// open is a loud internal error (ErrOpenFailed), never "erased".
func (k *Keyring) Open(ctx context.Context, subject string, ciphertext, associatedData []byte) ([]byte, error) {
	p, err := k.primitive(ctx, subject, false)
	if err != nil {
		return nil, err
	}
	pt, err := p.Decrypt(ciphertext, boundAD(subject, associatedData))
	if err != nil {
		return nil, domain.Internal(ErrOpenFailed)
	}
	return pt, nil
}

// boundAD prefixes the caller's associated data with the length-delimited
// subject, so a ciphertext moved to another subject never opens, whatever
// the caller passes (and "ab"+"c" cannot pass for "a"+"bc").
func boundAD(subject string, ad []byte) []byte {
	out := make([]byte, 0, 4+len(subject)+len(ad))
	out = binary.BigEndian.AppendUint32(out, uint32(len(subject)))
	out = append(out, subject...)
	return append(out, ad...)
}

// primitive answers from the cache, else from the key store (which re-reads
// the tombstone), creating the key when create is set.
func (k *Keyring) primitive(ctx context.Context, subject string, create bool) (tink.AEAD, error) {
	if subject == "" {
		return nil, invalidSubject()
	}
	if p, ok := k.cache.get(subject); ok {
		if p == nil {
			return nil, erased()
		}
		return p, nil
	}
	epoch := k.cache.currentEpoch()
	rec, err := k.loadOrCreate(ctx, subject, create)
	if err != nil {
		return nil, err
	}
	if rec.shredded {
		k.cache.putErased(subject)
		return nil, erased()
	}
	p, err := k.unwrap(subject, rec.wrapped)
	if err != nil {
		return nil, err
	}
	if k.listening.Load() {
		k.cache.putKey(subject, p, epoch)
	}
	return p, nil
}

func (k *Keyring) loadOrCreate(ctx context.Context, subject string, create bool) (keyRecord, error) {
	rec, err := k.load(ctx, subject)
	switch {
	case err != nil || rec.shredded || rec.wrapped != nil:
		return rec, err
	case !create:
		return rec, domain.Internal(ErrNoKey)
	}
	return k.create(ctx, subject)
}

// Prefetch loads into the cache, in one round trip, the keys of those
// subjects that are not cached yet: the projections open a batch of events
// sealed for hundreds of people, and one key-store read each was most of
// the time spent opening them. Subjects without a key are left alone (Open
// reports them as before); erased ones are cached as erased. Nothing is
// cached while this instance cannot hear other instances' Shreds.
func (k *Keyring) Prefetch(ctx context.Context, subjects []string) error {
	if !k.listening.Load() {
		return nil
	}
	missing := make([]string, 0, len(subjects))
	for _, s := range subjects {
		if _, ok := k.cache.get(s); !ok && s != "" {
			missing = append(missing, s)
		}
	}
	if len(missing) == 0 {
		return nil
	}
	epoch := k.cache.currentEpoch()
	rows, err := k.pool.Query(ctx, loadManySQL, missing)
	if err != nil {
		return domain.Internal(fmt.Errorf("crypto: read key store: %w", err))
	}
	var subject string
	var rec keyRecord
	_, err = pgx.ForEachRow(rows, []any{&subject, &rec.wrapped, &rec.shredded}, func() error {
		switch {
		case rec.shredded:
			k.cache.putErased(subject)
		case rec.wrapped != nil:
			p, err := k.unwrap(subject, rec.wrapped)
			if err != nil {
				return err
			}
			k.cache.putKey(subject, p, epoch)
		}
		return nil
	})
	if err != nil {
		return domain.Internal(fmt.Errorf("crypto: prefetch keys: %w", err))
	}
	return nil
}

// Epoch changes whenever a key may have been destroyed since: a Shred here
// or (heard by the listener) elsewhere, or a cache purge. Whoever keeps
// opened plaintext beyond one call (the projections' shared feed) notes it
// before opening and throws the plaintext away when it has moved.
func (k *Keyring) Epoch() uint64 { return k.cache.currentEpoch() }

// keyRecord is one subject's state in the key store.
type keyRecord struct {
	wrapped  []byte // nil: no key
	shredded bool
}

// loadSQL always returns one row, so a missing key and a tombstone are told
// apart in one round trip.
// A subject of a family ("<owner>/<entry>", domain.EntryKey) counts as shredded
// once its owner is: the owner's Shred took the entry keys that existed with
// it, and no entry key is created after.
const loadSQL = `SELECT k.keyset, EXISTS (SELECT 1 FROM keystore_tombstones t
		WHERE t.subject IN (s.subject, split_part(s.subject, '/', 1)))
	FROM (SELECT $1::text AS subject) s
	LEFT JOIN keystore_subject_keys k USING (subject)`

// loadManySQL is loadSQL for many subjects at once.
const loadManySQL = `SELECT s.subject, k.keyset, EXISTS (SELECT 1 FROM keystore_tombstones t
		WHERE t.subject IN (s.subject, split_part(s.subject, '/', 1)))
	FROM unnest($1::text[]) s(subject)
	LEFT JOIN keystore_subject_keys k USING (subject)`

// lockSQL serialises key creation and shredding of one family (an owner
// and its entry keys lock on the owner), so a Seal racing a Shred can never
// leave a key behind its tombstone or its owner's.
const lockSQL = `SELECT pg_advisory_xact_lock(hashtextextended('klient.keystore:' || split_part($1, '/', 1), 0))`

// insertSQL: the first instance to insert wins; everyone then reads its key.
const insertSQL = `INSERT INTO keystore_subject_keys (subject, keyset, key_id)
	SELECT $1, $2, $3 WHERE NOT EXISTS (SELECT 1 FROM keystore_tombstones
		WHERE subject IN ($1, split_part($1, '/', 1)))
	ON CONFLICT (subject) DO NOTHING`

func (k *Keyring) load(ctx context.Context, subject string) (keyRecord, error) {
	return scanRecord(k.pool.QueryRow(ctx, loadSQL, subject))
}

func scanRecord(row pgx.Row) (keyRecord, error) {
	var rec keyRecord
	if err := row.Scan(&rec.wrapped, &rec.shredded); err != nil {
		return keyRecord{}, domain.Internal(fmt.Errorf("crypto: read key store: %w", err))
	}
	return rec, nil
}

// create makes a fresh keyset and stores it unless another goroutine or
// instance got there first, then returns whatever is stored.
func (k *Keyring) create(ctx context.Context, subject string) (rec keyRecord, err error) {
	wrapped, keyID, err := k.newWrappedKeyset(subject)
	if err != nil {
		return keyRecord{}, err
	}
	err = pgx.BeginFunc(ctx, k.pool, func(tx pgx.Tx) error {
		if _, err := tx.Exec(ctx, lockSQL, subject); err != nil {
			return err
		}
		if _, err := tx.Exec(ctx, insertSQL, subject, wrapped, int64(keyID)); err != nil {
			return err
		}
		rec, err = scanRecord(tx.QueryRow(ctx, loadSQL, subject))
		return err
	})
	if err != nil {
		return keyRecord{}, domain.Internal(fmt.Errorf("crypto: create key: %w", err))
	}
	return rec, nil
}

// newWrappedKeyset returns a fresh AES256-GCM keyset encrypted by the master
// AEAD with the subject as associated data, and its primary key ID.
func (k *Keyring) newWrappedKeyset(subject string) ([]byte, uint32, error) {
	handle, err := keyset.NewHandle(aead.AES256GCMKeyTemplate())
	if err != nil {
		return nil, 0, domain.Internal(fmt.Errorf("crypto: new keyset: %w", err))
	}
	var buf bytes.Buffer
	if err := handle.WriteWithAssociatedData(keyset.NewBinaryWriter(&buf), k.master, []byte(subject)); err != nil {
		return nil, 0, domain.Internal(fmt.Errorf("crypto: wrap keyset: %w", err))
	}
	return buf.Bytes(), handle.KeysetInfo().GetPrimaryKeyId(), nil
}

// unwrap fails for a keyset moved to another subject's row, or read with
// another master key.
func (k *Keyring) unwrap(subject string, wrapped []byte) (tink.AEAD, error) {
	r := keyset.NewBinaryReader(bytes.NewReader(wrapped))
	handle, err := keyset.ReadWithAssociatedData(r, k.master, []byte(subject))
	if err != nil {
		return nil, domain.Internal(fmt.Errorf("crypto: unwrap keyset (wrong master key?): %w", err))
	}
	p, err := aead.New(handle)
	if err != nil {
		return nil, domain.Internal(fmt.Errorf("crypto: keyset primitive: %w", err))
	}
	return p, nil
}

// keyCache is a bounded LRU of unwrapped primitives, plus "erased" marks
// (tombstones are permanent, so an erased answer never goes stale).
//
// epoch closes the race between a slow load and a Shred: a loader notes the
// epoch before reading the database and its result is cached only if no
// eviction happened meanwhile, so a key read just before a Shred committed
// cannot be put back after the Shred evicted it.
type keyCache struct {
	mu    sync.Mutex
	max   int
	order *list.List // front = most recently used
	items map[string]*list.Element
	epoch uint64
}

type cacheEntry struct {
	subject   string
	primitive tink.AEAD // nil when erased
}

func newKeyCache(max int) *keyCache {
	return &keyCache{max: max, order: list.New(), items: make(map[string]*list.Element)}
}

// get returns the subject's primitive (nil if erased) and whether it was cached.
func (c *keyCache) get(subject string) (tink.AEAD, bool) {
	c.mu.Lock()
	defer c.mu.Unlock()
	el, ok := c.items[subject]
	if !ok {
		return nil, false
	}
	c.order.MoveToFront(el)
	return el.Value.(*cacheEntry).primitive, true
}

// currentEpoch is noted by a loader before it reads the key store.
func (c *keyCache) currentEpoch() uint64 {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.epoch
}

// putKey caches a primitive loaded since epoch, unless something was
// evicted in between.
func (c *keyCache) putKey(subject string, p tink.AEAD, epoch uint64) {
	c.mu.Lock()
	defer c.mu.Unlock()
	if epoch == c.epoch {
		c.insert(subject, p)
	}
}

// putErased marks subject erased, whatever happened meanwhile.
func (c *keyCache) putErased(subject string) {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.insert(subject, nil)
}

func (c *keyCache) insert(subject string, p tink.AEAD) {
	if el, ok := c.items[subject]; ok {
		el.Value.(*cacheEntry).primitive = p
		c.order.MoveToFront(el)
		return
	}
	c.items[subject] = c.order.PushFront(&cacheEntry{subject: subject, primitive: p})
	for c.order.Len() > c.max {
		oldest := c.order.Back()
		c.order.Remove(oldest)
		delete(c.items, oldest.Value.(*cacheEntry).subject)
	}
}

// evict forgets subject and invalidates loads in flight.
func (c *keyCache) evict(subject string) {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.epoch++
	if el, ok := c.items[subject]; ok {
		c.order.Remove(el)
		delete(c.items, subject)
	}
}

// evictFamily is evict for an owner and every entry key it owns (domain.EntryKey).
func (c *keyCache) evictFamily(owner string) {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.epoch++
	prefix := owner + "/"
	for subject, el := range c.items {
		if subject == owner || strings.HasPrefix(subject, prefix) {
			c.order.Remove(el)
			delete(c.items, subject)
		}
	}
}

// purge forgets everything and invalidates loads in flight.
func (c *keyCache) purge() {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.epoch++
	c.order.Init()
	clear(c.items)
}

func (c *keyCache) len() int {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.order.Len()
}
