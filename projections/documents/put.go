package documents

import (
	"context"
	"errors"
	"fmt"
	"io"

	"github.com/jackc/pgx/v5/pgconn"

	"github.com/klient-crm/klient/domain"
	"github.com/klient-crm/klient/domain/communication"
)

// Put reads r to its end and stores it as document docID, sealed with
// subject's key. It returns the plaintext's size and SHA-256, and its
// content type as sniffed from its first bytes (communication.Sniff).
//
// It is all or nothing, but not one transaction: reading an upload takes
// as long as the client's line, and an open transaction would hold back
// the event store's read horizon (and so every projection) meanwhile. So
// each chunk commits on its own, the document becomes readable only when
// Put marks it complete, and any failure deletes what was written.
//
// A file of more than limit bytes (limit <= 0:
// communication.DefaultMaxDocumentSize) is a KindInvalid error with code
// document.too_large, and nothing stays stored; so is an upload that
// breaks off (document.read_failed). An ID already stored is a
// KindConflict (document.id.taken).
func (s *Store) Put(ctx context.Context, docID, subject string, r io.Reader, limit int64) (int64, []byte, string, error) {
	if docID == "" || subject == "" || r == nil {
		return 0, nil, "", domain.Internal(errors.New("documents: Put needs a document ID, a subject and a reader"))
	}
	if limit <= 0 {
		limit = communication.DefaultMaxDocumentSize
	}
	if _, err := s.pool.Exec(ctx, `INSERT INTO document_blobs (document_id, subject) VALUES ($1, $2)`, docID, subject); err != nil {
		return 0, nil, "", putFailure(err)
	}
	u := newUpload(s, docID, subject, r, limit)
	if err := u.store(ctx); err != nil {
		// The request's context may be what failed; the cleanup must run.
		_ = DeleteBlob(context.WithoutCancel(ctx), s.pool, docID)
		return 0, nil, "", putFailure(err)
	}
	return u.size, u.hash.Sum(nil), communication.Sniff(u.head), nil
}

// store writes every chunk, then the totals, which make it readable.
func (u *upload) store(ctx context.Context) error {
	for last := false; !last; {
		chunk, isLast, err := u.next()
		if err != nil {
			return err
		}
		if err := u.write(ctx, chunk, isLast); err != nil {
			return err
		}
		last = isLast
	}
	_, err := u.owner.pool.Exec(ctx, `UPDATE document_blobs SET size = $2, chunks = $3, complete = true
		WHERE document_id = $1`, u.docID, u.size, int64(u.index))
	return err
}

// write seals one chunk and inserts it.
func (u *upload) write(ctx context.Context, chunk []byte, last bool) error {
	sealed, err := u.owner.sealer.Seal(ctx, u.subject, chunk, chunkAD(u.docID, u.index, last))
	if err != nil {
		return err
	}
	_, err = u.owner.pool.Exec(ctx, `INSERT INTO document_blob_chunks (document_id, chunk, last, sealed)
		VALUES ($1, $2, $3, $4)`, u.docID, int64(u.index), last, sealed)
	u.index++
	return err
}

// putFailure passes the store's own refusals through and names the rest.
func putFailure(err error) error {
	var pgErr *pgconn.PgError
	switch {
	case errors.As(err, &pgErr) && pgErr.Code == "23505":
		return domain.Conflict("another document is already stored under this ID").WithCode("document.id.taken")
	case errors.As(err, new(*domain.Error)):
		return err
	}
	return domain.Internal(fmt.Errorf("documents: put: %w", err))
}
