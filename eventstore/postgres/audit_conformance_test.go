package postgres

import (
	"testing"

	"github.com/klient-crm/klient/eventstore/storetest"
)

// TestAuditConformance runs the tamper-evidence suite both stores pass;
// the tampering is done with SQL, as a database administrator would.
func TestAuditConformance(t *testing.T) {
	storetest.RunAudit(t, func(t *testing.T) storetest.Audit {
		s := newTestStore(t)
		l := &auditedLog{store: s}
		flip := func(t *testing.T, stream string, version uint64) {
			l.exec(t, `UPDATE events SET data = set_byte(data, 5, get_byte(data, 5) # 1) WHERE stream = $1 AND version = $2`, stream, int64(version))
		}
		return storetest.Audit{Store: s, Log: s,
			FlipDataByte: flip,
			Delete: func(t *testing.T, stream string, version uint64) {
				l.exec(t, `DELETE FROM events WHERE stream = $1 AND version = $2`, stream, int64(version))
			},
			Swap: func(t *testing.T, stream string, a, b uint64) {
				const aside = 1 << 40 // the unique (stream, version) allows no direct exchange
				move := func(from, to int64) {
					l.exec(t, `UPDATE events SET version = $3 WHERE stream = $1 AND version = $2`, stream, from, to)
				}
				move(int64(a), aside)
				move(int64(b), int64(a))
				move(aside, int64(b))
			},
			Forge: func(t *testing.T, stream string, version uint64) {
				flip(t, stream, version)
				l.rehash(t, stream)
			},
		}
	})
}
