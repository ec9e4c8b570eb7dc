package documents

import (
	"fmt"

	"github.com/jackc/pgx/v5"

	"github.com/klient-crm/klient/domain/communication"
	"github.com/klient-crm/klient/eventstore"
)

func queue(b *pgx.Batch, d eventstore.Decoded) error {
	switch e := d.Event.(type) {
	case communication.DocumentAttached:
		queueAttached(b, d, e)
	case communication.DocumentRemoved:
		b.Queue(`UPDATE documents_v1 SET removed = true, version = $2 WHERE id = $1 AND version < $2`,
			e.DocumentID, int64(d.Version))
		b.Queue(`DELETE FROM document_blobs WHERE document_id = $1`, e.DocumentID)
	default:
		return fmt.Errorf("documents: no projection for event type %s", d.Type)
	}
	return nil
}

const attachedSQL = `INSERT INTO documents_v1 (id, matter_id, communication_id, data_subject, name, sha256,
		size, content_type, uploaded_by, uploaded_at, erased, version)
	VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12)
	ON CONFLICT (id) DO NOTHING`

// queueAttached inserts the row; an erased subject leaves name and digest
// blank and marks the row, so the list can say the file was erased.
func queueAttached(b *pgx.Batch, d eventstore.Decoded, e communication.DocumentAttached) {
	erased := d.IsErased(e.DataSubject)
	name, sum := e.Name, e.SHA256
	if erased {
		name, sum = "", nil
	}
	at := d.Metadata.OccurredAt
	if at.IsZero() {
		at = d.RecordedAt
	}
	b.Queue(attachedSQL, e.DocumentID, e.MatterID, e.CommunicationID, e.DataSubject, name, sum,
		e.Size, e.ContentType, e.UploadedBy, at, erased, int64(d.Version))
}
