package documents

import (
	"context"
	"errors"
	"fmt"
	"time"

	"github.com/jackc/pgx/v5"

	"github.com/klient-crm/klient/domain"
)

// Document is one line of a documents list, and what a download needs.
type Document struct {
	ID              string
	MatterID        string // also set for an entry's document when the entry is filed under a matter
	CommunicationID string
	DataSubject     string // pass it to Store.Open
	Name            string // empty when Erased
	SHA256          []byte // of the plaintext; nil when Erased
	Size            int64
	ContentType     string // sniffed and allowed: serve it as is, with nosniff
	UploadedBy      string // staff ID
	UploadedAt      time.Time
	Erased          bool
	Version         uint64 // the expected version for RemoveDocument
}

const documentColumns = `id, matter_id, communication_id, data_subject, name, sha256, size, content_type,
	uploaded_by, uploaded_at, erased, version`

// ForMatter lists a matter's documents, its entries' included, newest
// first. Removed documents are left out; erased ones are listed, nameless.
func ForMatter(ctx context.Context, db DB, matterID string) ([]Document, error) {
	return list(ctx, db, `matter_id = $1`, matterID)
}

// ForCommunication lists the documents of one log entry, newest first.
func ForCommunication(ctx context.Context, db DB, communicationID string) ([]Document, error) {
	return list(ctx, db, `communication_id = $1`, communicationID)
}

func list(ctx context.Context, db DB, where, id string) ([]Document, error) {
	if id == "" {
		return nil, nil
	}
	rows, err := db.Query(ctx, `SELECT `+documentColumns+` FROM documents_v1
		WHERE `+where+` AND NOT removed ORDER BY uploaded_at DESC, id DESC`, id)
	if err != nil {
		return nil, domain.Internal(fmt.Errorf("documents: list: %w", err))
	}
	return pgx.CollectRows(rows, func(r pgx.CollectableRow) (Document, error) { return scanDocument(r) })
}

// Get returns one document. A removed or unknown one is KindNotFound (code
// document.not_found); an erased one is KindErased (document.erased), with
// what is left of it.
func Get(ctx context.Context, db DB, id string) (Document, error) {
	doc, err := scanDocument(db.QueryRow(ctx, `SELECT `+documentColumns+` FROM documents_v1
		WHERE id = $1 AND NOT removed`, id))
	switch {
	case errors.Is(err, pgx.ErrNoRows):
		return Document{}, notFound()
	case err != nil:
		return Document{}, domain.Internal(fmt.Errorf("documents: get: %w", err))
	case doc.Erased:
		return doc, domain.Erased("this document's data subject has been erased").WithCode("document.erased")
	}
	return doc, nil
}

func scanDocument(row pgx.Row) (Document, error) {
	var d Document
	var v int64
	err := row.Scan(&d.ID, &d.MatterID, &d.CommunicationID, &d.DataSubject, &d.Name, &d.SHA256, &d.Size,
		&d.ContentType, &d.UploadedBy, &d.UploadedAt, &d.Erased, &v)
	d.Version = uint64(v)
	return d, err
}
