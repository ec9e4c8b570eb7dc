package gdpr

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"time"

	"github.com/jackc/pgx/v5"
)

// Certificates lists the latest limit certificates (at most 500), newest
// first: the DPO's register of erasures carried out.
func Certificates(ctx context.Context, db DB, limit int) ([]ErasureCertificate, error) {
	limit = min(max(limit, 1), maxLimit)
	rows, err := db.Query(ctx, `SELECT `+certificateColumns+` FROM gdpr_erasure_certificates
		ORDER BY started_at DESC, erasure_id LIMIT $1`, limit)
	if err != nil {
		return nil, fmt.Errorf("gdpr: certificates: %w", err)
	}
	out, err := pgx.CollectRows(rows, func(r pgx.CollectableRow) (ErasureCertificate, error) { return scanCertificate(r) })
	if err != nil {
		return nil, fmt.Errorf("gdpr: certificates: %w", err)
	}
	return out, nil
}

func scanCertificate(row pgx.Row) (ErasureCertificate, error) {
	var c ErasureCertificate
	var erased, destroyed, verified *time.Time
	var events, rows, residue []byte
	var keyID int64
	err := row.Scan(&c.ErasureID, &c.SubjectHash, &c.ExecutedBy, &c.ApprovedBy, &c.StartedAt, &erased,
		&events, &rows, &c.DocumentsDeleted, &c.HeldMailDestroyed, &c.Key.Fingerprint, &keyID, &destroyed, &residue, &verified)
	if err != nil {
		return c, err
	}
	c.ErasedAt, c.Key.DestroyedAt, c.VerifiedAt = orZero(erased), orZero(destroyed), orZero(verified)
	c.Key.KeyID = uint32(keyID)
	return c, errors.Join(unmarshalCounts(events, &c.EventsUnreadable), unmarshalCounts(rows, &c.RowsErased),
		unmarshalCounts(residue, &c.ResidualRows))
}

// unmarshalCounts reads a jsonb map of counts; NULL leaves *into nil.
func unmarshalCounts(b []byte, into *map[string]int64) error {
	if len(b) == 0 {
		return nil
	}
	return json.Unmarshal(b, into)
}
