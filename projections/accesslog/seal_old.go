package accesslog

import (
	"context"
	"errors"
	"fmt"
	"strings"

	"github.com/jackc/pgx/v5"

	"github.com/klient-crm/klient/domain"
)

// SealBatch is how many old entries SealOldPurposes seals per transaction:
// each batch commits whole, so a start stopped halfway goes on from there.
const SealBatch = 500

// Rewrite rewrites a table so that the row versions an UPDATE left behind
// leave its files (internal/pgrewrite's Tables, which this package may not
// import; the caller hands it in).
type Rewrite func(ctx context.Context, table string) error

// ErrRewriteDue is SealOldPurposes' error when every purpose is sealed but
// the table's rewrite did not finish: it is tried again at the next start.
var ErrRewriteDue = errors.New("the access log's rewrite after sealing its old purposes is still due")

// SealOldPurposes seals the purposes written before they were sealed
// (migration 0004), which are in the clear in access_log.purpose: each
// entry's purpose gets the sealed copies Record gives a new one (one per
// person read, under their PurposeKey, none for a person already erased;
// under the member's own ID when the entry names nobody), and the column
// is blanked in the same transaction, through the one UPDATE the trigger
// lets through while klient.accesslog_seal is on. Then rewrite rewrites
// access_log, since a blanked value stays in the table's pages until they
// are rewritten. It returns how many entries it sealed. Idempotent and
// resumable: it seals SealBatch entries per transaction, finds what is
// left by a partial index, and remembers a rewrite still due
// (access_log_rewrite_due) across a crash; with nothing left, it costs
// one index probe. `klient` runs it at every start (cmd/klient).
func SealOldPurposes(ctx context.Context, db DB, keys Keys, rewrite Rewrite) (int64, error) {
	var total int64
	for {
		n, err := sealBatch(ctx, db, keys)
		if err != nil {
			return total, domain.Internal(fmt.Errorf("accesslog: seal the old purposes: %w", err))
		}
		total += n
		if n < SealBatch {
			break
		}
	}
	rows, err := db.Query(ctx, `SELECT EXISTS (SELECT 1 FROM access_log_rewrite_due)`)
	if err != nil {
		return total, wrapSeal(err)
	}
	if due, err := pgx.CollectExactlyOneRow(rows, pgx.RowTo[bool]); err != nil || !due {
		return total, wrapSeal(err)
	}
	if err := rewrite(ctx, "access_log"); err != nil {
		return total, fmt.Errorf("accesslog: %w: %w", ErrRewriteDue, err)
	}
	_, err = db.Exec(ctx, `DELETE FROM access_log_rewrite_due`)
	return total, wrapSeal(err)
}

func wrapSeal(err error) error {
	if err != nil {
		return domain.Internal(fmt.Errorf("accesslog: seal the old purposes: %w", err))
	}
	return nil
}

// oldPurpose is an entry with its purpose still in the clear.
type oldPurpose struct {
	id       int64
	staff    string
	subjects []string
	purpose  string
}

// sealBatch seals and blanks up to SealBatch entries in one transaction.
func sealBatch(ctx context.Context, db DB, keys Keys) (int64, error) {
	var n int64
	err := pgx.BeginFunc(ctx, db, func(tx pgx.Tx) error {
		rows, err := tx.Query(ctx, `SELECT id, staff_id, subjects, purpose FROM access_log
			WHERE purpose <> '' ORDER BY id LIMIT $1 FOR UPDATE`, SealBatch)
		if err != nil {
			return err
		}
		old, err := pgx.CollectRows(rows, func(r pgx.CollectableRow) (oldPurpose, error) {
			var o oldPurpose
			return o, r.Scan(&o.id, &o.staff, &o.subjects, &o.purpose)
		})
		if err != nil || len(old) == 0 {
			return err
		}
		ids := make([]int64, len(old))
		for i, o := range old {
			ids[i] = o.id
			if err := sealCopies(ctx, tx, keys, o); err != nil {
				return err
			}
		}
		if _, err := tx.Exec(ctx, `SELECT set_config('klient.accesslog_seal', 'on', true)`); err != nil {
			return err
		}
		if _, err := tx.Exec(ctx, `UPDATE access_log SET purpose = NULL WHERE id = ANY($1)`, ids); err != nil {
			return err
		}
		if _, err := tx.Exec(ctx, `SELECT set_config('klient.accesslog_seal', 'off', true)`); err != nil {
			return err
		}
		_, err = tx.Exec(ctx, `INSERT INTO access_log_rewrite_due VALUES (true) ON CONFLICT DO NOTHING`)
		n = int64(len(old))
		return err
	})
	return n, err
}

// sealCopies writes o's sealed copies as Record would have. A copy already
// there (an earlier attempt's) is kept.
func sealCopies(ctx context.Context, tx pgx.Tx, keys Keys, o oldPurpose) error {
	purpose := strings.TrimSpace(o.purpose)
	owners := unique(o.subjects)
	if len(owners) == 0 {
		owners = []string{o.staff}
	}
	for _, owner := range owners {
		sealed, err := keys.Seal(ctx, PurposeKey(owner), []byte(purpose), purposeAD(o.id))
		if domain.IsKind(err, domain.KindErased) {
			continue // erased: the purpose about them goes with the column
		}
		if err != nil {
			return err
		}
		if _, err := tx.Exec(ctx, `INSERT INTO access_log_purposes (entry_id, owner, sealed) VALUES ($1, $2, $3)
			ON CONFLICT DO NOTHING`, o.id, owner, sealed); err != nil {
			return err
		}
	}
	return nil
}
