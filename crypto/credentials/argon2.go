package credentials

import (
	"crypto/rand"
	"encoding/base64"
	"errors"
	"fmt"
	"strings"

	"golang.org/x/crypto/argon2"
)

// Params is the cost of one argon2id hash.
type Params struct {
	Time      uint32 // passes over memory
	MemoryKiB uint32
	Threads   uint8
}

// DefaultParams: t=2, m=64 MiB, p=2. RFC 9106 recommends 64 MiB when
// 2 GiB is out of reach; two lanes use both cores of our 2-core server, so
// one sign-in costs about 60-100 ms of wall time on an idle machine and
// 64 MiB of memory, which is what makes a GPU or ASIC attack on a stolen
// table expensive. Two passes keep the time within a sign-in's budget while
// staying above OWASP's floor (19 MiB, t=2). With hash concurrency 2, a
// burst of sign-ins holds at most 128 MiB.
var DefaultParams = Params{Time: 2, MemoryKiB: 64 * 1024, Threads: 2}

const (
	saltLen = 16
	keyLen  = 32
	// maxMemoryKiB refuses a stored hash that would make us allocate more
	// than 1 GiB: the table is data, and data can be tampered with.
	maxMemoryKiB = 1 << 20
)

func (p Params) validate() error {
	if p.Time < 1 || p.Threads < 1 || p.MemoryKiB < 8*uint32(p.Threads) || p.MemoryKiB > maxMemoryKiB {
		return fmt.Errorf("credentials: argon2id parameters out of range: %+v", p)
	}
	return nil
}

func argon2id(password, salt []byte, p Params) []byte {
	return argon2.IDKey(password, salt, p.Time, p.MemoryKiB, p.Threads, keyLen)
}

// phc is one decoded hash: $argon2id$v=19$m=65536,t=2,p=2$<salt>$<key>.
type phc struct {
	params Params
	salt   []byte
	key    []byte
}

var b64 = base64.RawStdEncoding

func (h phc) String() string {
	return fmt.Sprintf("$argon2id$v=%d$m=%d,t=%d,p=%d$%s$%s", argon2.Version,
		h.params.MemoryKiB, h.params.Time, h.params.Threads, b64.EncodeToString(h.salt), b64.EncodeToString(h.key))
}

func parsePHC(s string) (phc, error) {
	parts := strings.Split(s, "$")
	if len(parts) != 6 || parts[1] != "argon2id" || parts[2] != fmt.Sprintf("v=%d", argon2.Version) {
		return phc{}, errors.New("credentials: stored hash is not argon2id v=19")
	}
	var h phc
	_, err := fmt.Sscanf(parts[3], "m=%d,t=%d,p=%d", &h.params.MemoryKiB, &h.params.Time, &h.params.Threads)
	if err != nil {
		return phc{}, fmt.Errorf("credentials: stored hash parameters: %w", err)
	}
	if h.salt, err = b64.DecodeString(parts[4]); err != nil || len(h.salt) < 8 {
		return phc{}, errors.New("credentials: stored hash salt")
	}
	if h.key, err = b64.DecodeString(parts[5]); err != nil || len(h.key) < 16 {
		return phc{}, errors.New("credentials: stored hash key")
	}
	return h, h.params.validate()
}

func newSalt() []byte {
	salt := make([]byte, saltLen)
	_, _ = rand.Read(salt) // crypto/rand.Read never fails (Go 1.24+)
	return salt
}

// dummyHash is a hash with the store's parameters that no password
// matches: its key is random, not derived. Verifying against it costs
// exactly what verifying a real hash costs.
func dummyHash(p Params) string {
	key := make([]byte, keyLen)
	_, _ = rand.Read(key)
	return phc{params: p, salt: newSalt(), key: key}.String()
}
