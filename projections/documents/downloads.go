package documents

import (
	"context"
	"fmt"
	"strings"
	"time"

	"github.com/jackc/pgx/v5"

	"github.com/klient-crm/klient/domain"
)

// Download is one fetch of a document's bytes by someone at the firm.
type Download struct {
	ID            int64 // assigned by RecordDownload
	DocumentID    string
	StaffID       string
	At            time.Time // zero: the database's now()
	CorrelationID string    // the request's, to match the access log
}

// RecordDownload writes down that d.StaffID is fetching d.DocumentID. The
// HTTP edge calls it before it sends the first byte, so that no download
// goes unrecorded; pass a transaction as db to tie it to other writes.
func RecordDownload(ctx context.Context, db DB, d Download) error {
	if strings.TrimSpace(d.DocumentID) == "" || strings.TrimSpace(d.StaffID) == "" {
		return domain.Invalid("download", "a download names the document and who fetched it").WithCode("document.download.incomplete")
	}
	var at any // nil: the database's clock, the same for every instance
	if !d.At.IsZero() {
		at = d.At
	}
	_, err := db.Exec(ctx, `INSERT INTO document_downloads (document_id, staff_id, at, correlation_id)
		VALUES ($1, $2, coalesce($3::timestamptz, now()), $4)`, d.DocumentID, d.StaffID, at, d.CorrelationID)
	if err != nil {
		return domain.Internal(fmt.Errorf("documents: record download: %w", err))
	}
	return nil
}

// Downloads lists who fetched document documentID, newest first.
func Downloads(ctx context.Context, db DB, documentID string) ([]Download, error) {
	rows, err := db.Query(ctx, `SELECT id, document_id, staff_id, at, correlation_id FROM document_downloads
		WHERE document_id = $1 ORDER BY at DESC, id DESC`, documentID)
	if err != nil {
		return nil, domain.Internal(fmt.Errorf("documents: downloads: %w", err))
	}
	return pgx.CollectRows(rows, func(r pgx.CollectableRow) (Download, error) {
		var d Download
		err := r.Scan(&d.ID, &d.DocumentID, &d.StaffID, &d.At, &d.CorrelationID)
		return d, err
	})
}
