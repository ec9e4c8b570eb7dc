package documents

import (
	"context"
	"fmt"

	"github.com/jackc/pgx/v5"

	"github.com/klient-crm/klient/domain"
	"github.com/klient-crm/klient/domain/communication"
	"github.com/klient-crm/klient/domain/gdpr"
	"github.com/klient-crm/klient/eventstore"
	"github.com/klient-crm/klient/projections"
)

// erasedSQL blanks the list's rows of documents sealed with the erased
// subject's key; the bytes go in the same transaction, so a restored
// database that replays the erasure loses them again.
var erasedSQL = []string{
	`UPDATE documents_v1 SET name = '', sha256 = NULL, erased = true WHERE data_subject = $1`,
	`DELETE FROM document_blobs WHERE subject = $1`,
}

// queueSubjectErased applies gdpr.SubjectErased; false if d is another event.
func queueSubjectErased(b *pgx.Batch, d eventstore.Decoded) bool {
	e, ok := d.Event.(gdpr.SubjectErased)
	if !ok {
		return false
	}
	for _, sql := range erasedSQL {
		b.Queue(sql, e.SubjectID)
	}
	return true
}

// Eraser deletes a subject's documents for the erasure executor (the
// commands' DocumentEraser port).
type Eraser struct{ db DB }

// NewEraser returns the Eraser over db (a *pgxpool.Pool).
func NewEraser(db DB) Eraser { return Eraser{db: db} }

// DocumentsOf counts the stored documents sealed for subjectID or an entry
// key it owns.
func (e Eraser) DocumentsOf(ctx context.Context, subjectID string) (int64, error) {
	var n int64
	err := e.db.QueryRow(ctx, `SELECT count(*) FROM document_blobs WHERE `+ownedBy, subjectID).Scan(&n)
	if err != nil {
		return 0, domain.Internal(fmt.Errorf("documents: count blobs: %w", err))
	}
	return n, nil
}

// EraseDocuments deletes the bytes of every document sealed for
// subjectID, and only those: a matter's documents are sealed with the
// matter's key. It returns how many it deleted (none on a retry).
func (e Eraser) EraseDocuments(ctx context.Context, subjectID string) (int64, error) {
	return DeleteBlobs(ctx, e.db, subjectID)
}

// holdings are where the documents keep sealed fields' plaintext: a
// document's name and digest in the list; and its bytes, which do not
// come from the log (so they answer to no sealed field) but are the
// person's all the same, encrypted with their key until it is gone.
var holdings = []projections.Holding{
	{Fields: []string{communication.TypeDocumentAttached + ".name", communication.TypeDocumentAttached + ".sha256"},
		Table: "documents_v1", Of: "data_subject = $1", Columns: []string{"name", "sha256"}},
	{Table: "document_blobs", Of: "subject = $1", Held: "true"},
}

// Holdings declares what the documents keep of sealed fields.
func (Projector) Holdings() []projections.Holding { return holdings }

// SubjectRows counts the rows that hold subjectID's personal data (a
// document's name and digest in the list, its bytes in the store), by the
// declarations: what an erasure blanks or deletes, and zero once it has.
func SubjectRows(ctx context.Context, db DB, subjectID string) (int64, error) {
	n, err := projections.RowsHeld(ctx, db, holdings, subjectID)
	if err != nil {
		return 0, fmt.Errorf("documents: subject rows: %w", err)
	}
	return n, nil
}

// PersonalTables names the tables an erasure blanks or deletes rows in:
// document names. The runtime rewrites them once it has
// (projections.PersonalData).
func (Projector) PersonalTables() []string { return []string{"documents_v1"} }
