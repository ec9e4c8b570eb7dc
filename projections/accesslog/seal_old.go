package accesslog

import (
	"context"
	"errors"
	"fmt"
	"strings"

	"github.com/jackc/pgx/v5"

	"github.com/klient-crm/klient/domain"
)

// SealBatch is how many entries SealOldPurposes seals per transaction:
// each batch commits whole, so a start stopped halfway goes on from there.
const SealBatch = 500

// Upgrade is what SealOldPurposes works with beside the database.
type Upgrade struct {
	Keys Keys
	// Rewrite rewrites a table so that the row versions an UPDATE left
	// behind leave its files (internal/pgrewrite's Tables, which this
	// package may not import).
	Rewrite func(ctx context.Context, table string) error
	// Retire destroys a key nothing is sealed under any more, journalled
	// as an erasure's is: a backup taken before still holds copies under
	// it, and a restore must not open them again.
	Retire func(ctx context.Context, key string) error
}

// ErrRewriteDue is SealOldPurposes' error when every purpose is sealed but
// a table's rewrite or a key's destruction did not finish: it is tried again at the next start.
var ErrRewriteDue = errors.New("the access log's rewrite after sealing its old purposes is still due")

// SealOldPurposes brings the purposes written before each copy had a key
// of its own (migration 0006) where Record puts a new one:
//
//   - a purpose in the clear in access_log.purpose (written before 0004)
//     gets the sealed copies Record gives a new one (one per person read,
//     under PurposeEntryKey, none for a person already erased; under the
//     member's own ID when the entry names nobody), and the column is
//     blanked in the same transaction;
//   - a copy sealed under its owner's shared key (PurposeKey, written
//     between 0004 and 0006) is resealed under its own; one whose owner
//     is erased is left as it is, unreadable either way. The shared key
//     is then destroyed (u.Retire): nothing is sealed under it any more,
//     and in a backup taken before it would open what a redaction took.
//
// Both go through the one UPDATE each the trigger lets through while
// klient.accesslog_seal is on. Then u.Rewrite rewrites each table changed,
// since a replaced value stays in the table's pages until they are
// rewritten. It returns how many entries and copies it changed.
// Idempotent and resumable: SealBatch per transaction, what is left found
// by partial indexes, the rewrites and keys still due remembered across a
// crash (access_log_upgrade_due); with nothing left it costs three index
// probes. `klient` runs it at every start (cmd/klient).
func SealOldPurposes(ctx context.Context, db DB, u Upgrade) (int64, error) {
	var total int64
	for _, batch := range []func(context.Context, pgx.Tx, Keys) (int, error){sealClearBatch, resealSharedBatch} {
		for {
			var n int
			err := pgx.BeginFunc(ctx, db, func(tx pgx.Tx) (err error) {
				n, err = batch(ctx, tx, u.Keys)
				return err
			})
			if err != nil {
				return total, domain.Internal(fmt.Errorf("accesslog: seal the old purposes: %w", err))
			}
			total += int64(n)
			if n < SealBatch {
				break
			}
		}
	}
	// The keys first: once they are gone, what the rewrite would remove
	// cannot be read anyway.
	rows, err := db.Query(ctx, `SELECT step, name FROM access_log_upgrade_due ORDER BY step = 'rewrite', name`)
	if err != nil {
		return total, wrapSeal(err)
	}
	due, err := pgx.CollectRows(rows, func(r pgx.CollectableRow) ([2]string, error) {
		var d [2]string
		return d, r.Scan(&d[0], &d[1])
	})
	if err != nil {
		return total, wrapSeal(err)
	}
	for _, d := range due {
		step, name := d[0], d[1]
		if step == "retire" {
			err = u.Retire(ctx, name)
		} else {
			err = u.Rewrite(ctx, name)
		}
		if err != nil {
			return total, fmt.Errorf("accesslog: %w: %w", ErrRewriteDue, err)
		}
		if _, err := db.Exec(ctx, `DELETE FROM access_log_upgrade_due WHERE step = $1 AND name = $2`, step, name); err != nil {
			return total, wrapSeal(err)
		}
	}
	return total, nil
}

func wrapSeal(err error) error {
	if err != nil {
		return domain.Internal(fmt.Errorf("accesslog: seal the old purposes: %w", err))
	}
	return nil
}

// sealing raises (or lowers) the flag the trigger lets SealOldPurposes'
// UPDATEs through by, for tx alone.
func sealing(ctx context.Context, tx pgx.Tx, on bool) error {
	value := "off"
	if on {
		value = "on"
	}
	_, err := tx.Exec(ctx, `SELECT set_config('klient.accesslog_seal', $1, true)`, value)
	return err
}

// upgradeDue notes a step left to do once the purposes are sealed.
func upgradeDue(ctx context.Context, tx pgx.Tx, step, name string) error {
	_, err := tx.Exec(ctx, `INSERT INTO access_log_upgrade_due VALUES ($1, $2) ON CONFLICT DO NOTHING`, step, name)
	return err
}

// oldPurpose is an entry with its purpose still in the clear.
type oldPurpose struct {
	id       int64
	staff    string
	subjects []string
	purpose  string
}

// sealClearBatch seals and blanks up to SealBatch purposes in the clear.
func sealClearBatch(ctx context.Context, tx pgx.Tx, keys Keys) (int, error) {
	rows, err := tx.Query(ctx, `SELECT id, staff_id, subjects, purpose FROM access_log
		WHERE purpose <> '' ORDER BY id LIMIT $1 FOR UPDATE`, SealBatch)
	if err != nil {
		return 0, err
	}
	old, err := pgx.CollectRows(rows, func(r pgx.CollectableRow) (oldPurpose, error) {
		var o oldPurpose
		return o, r.Scan(&o.id, &o.staff, &o.subjects, &o.purpose)
	})
	if err != nil || len(old) == 0 {
		return 0, err
	}
	ids := make([]int64, len(old))
	for i, o := range old {
		ids[i] = o.id
		if err := sealCopies(ctx, tx, keys, o.id, owners(unique(o.subjects), o.staff), strings.TrimSpace(o.purpose)); err != nil {
			return 0, err
		}
	}
	if err := sealing(ctx, tx, true); err != nil {
		return 0, err
	}
	if _, err := tx.Exec(ctx, `UPDATE access_log SET purpose = NULL WHERE id = ANY($1)`, ids); err != nil {
		return 0, err
	}
	if err := sealing(ctx, tx, false); err != nil {
		return 0, err
	}
	return len(old), upgradeDue(ctx, tx, "rewrite", "access_log")
}

// sharedCopy is a copy of a purpose sealed under its owner's shared key.
type sharedCopy struct {
	entryID int64
	owner   string
	sealed  []byte
}

// resealSharedBatch reseals up to SealBatch copies under their own keys.
func resealSharedBatch(ctx context.Context, tx pgx.Tx, keys Keys) (int, error) {
	rows, err := tx.Query(ctx, `SELECT entry_id, owner, sealed FROM access_log_purposes
		WHERE NOT own_key ORDER BY entry_id, owner LIMIT $1 FOR UPDATE`, SealBatch)
	if err != nil {
		return 0, err
	}
	shared, err := pgx.CollectRows(rows, func(r pgx.CollectableRow) (sharedCopy, error) {
		var c sharedCopy
		return c, r.Scan(&c.entryID, &c.owner, &c.sealed)
	})
	if err != nil || len(shared) == 0 {
		return 0, err
	}
	if err := sealing(ctx, tx, true); err != nil {
		return 0, err
	}
	for _, c := range shared {
		sealed := c.sealed // an erased owner's: unreadable under either key
		pt, err := keys.Open(ctx, PurposeKey(c.owner), c.sealed, purposeAD(c.entryID))
		if err == nil {
			sealed, err = keys.Seal(ctx, PurposeEntryKey(c.owner, c.entryID), pt, purposeAD(c.entryID))
		}
		if err != nil && !domain.IsKind(err, domain.KindErased) {
			return 0, err
		}
		if _, err := tx.Exec(ctx, `UPDATE access_log_purposes SET sealed = $3, own_key = true WHERE entry_id = $1 AND owner = $2`,
			c.entryID, c.owner, sealed); err != nil {
			return 0, err
		}
		if err := upgradeDue(ctx, tx, "retire", PurposeKey(c.owner)); err != nil {
			return 0, err
		}
	}
	if err := sealing(ctx, tx, false); err != nil {
		return 0, err
	}
	return len(shared), upgradeDue(ctx, tx, "rewrite", "access_log_purposes")
}
