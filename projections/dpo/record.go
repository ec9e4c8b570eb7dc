package dpo

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"time"

	"github.com/jackc/pgx/v5"

	domaindpo "github.com/klient-crm/klient/domain/dpo"
)

// SavedRecord is the record of processing as the DPO last saved it.
type SavedRecord struct {
	domaindpo.ProcessingRecord
	EditedBy  string // staff ID
	Version   uint64
	UpdatedAt time.Time
}

// GetRecord reads the saved record; found is false before the first save.
func GetRecord(ctx context.Context, db DB) (rec SavedRecord, found bool, err error) {
	var raw []byte
	var v int64
	err = db.QueryRow(ctx, `SELECT record, representative, dpo_contact, edited_by, version, updated_at FROM dpo_record_v3
		WHERE id = $1`, domaindpo.RecordID).Scan(&raw, &rec.Representative, &rec.DPOContact, &rec.EditedBy, &v, &rec.UpdatedAt)
	if errors.Is(err, pgx.ErrNoRows) {
		return SavedRecord{}, false, nil
	}
	if err != nil {
		return SavedRecord{}, false, fmt.Errorf("dpo: record: %w", err)
	}
	representative, contact := rec.Representative, rec.DPOContact
	if err := json.Unmarshal(raw, &rec.ProcessingRecord); err != nil {
		return SavedRecord{}, false, fmt.Errorf("dpo: record: %w", err)
	}
	rec.Representative, rec.DPOContact, rec.Version = representative, contact, uint64(v)
	return rec, true, nil
}

// RecordVersions lists every saved version of the record, the latest
// first.
func RecordVersions(ctx context.Context, db DB) ([]SavedRecord, error) {
	rows, err := db.Query(ctx, `SELECT record, representative, dpo_contact, edited_by, version, updated_at
		FROM dpo_record_versions_v3 WHERE id = $1 ORDER BY version DESC`, domaindpo.RecordID)
	if err != nil {
		return nil, fmt.Errorf("dpo: record versions: %w", err)
	}
	out, err := pgx.CollectRows(rows, func(r pgx.CollectableRow) (SavedRecord, error) {
		var rec SavedRecord
		var raw []byte
		var v int64
		var representative, contact string
		if err := r.Scan(&raw, &representative, &contact, &rec.EditedBy, &v, &rec.UpdatedAt); err != nil {
			return rec, err
		}
		if err := json.Unmarshal(raw, &rec.ProcessingRecord); err != nil {
			return rec, err
		}
		rec.Representative, rec.DPOContact, rec.Version = representative, contact, uint64(v)
		return rec, nil
	})
	if err != nil {
		return nil, fmt.Errorf("dpo: record versions: %w", err)
	}
	return out, nil
}
