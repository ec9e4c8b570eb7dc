package documents

import (
	"context"
	"errors"
	"fmt"
	"io"

	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgconn"

	"github.com/klient-crm/klient/domain"
	"github.com/klient-crm/klient/domain/communication"
)

// Put reads r to its end and stores it as document docID, sealed with
// subject's key, in one transaction: either the whole file is stored or
// nothing is. It returns the plaintext's size and SHA-256, and its content
// type as sniffed from its first bytes (communication.Sniff). A file of
// more than limit bytes (limit <= 0: communication.DefaultMaxDocumentSize)
// is a KindInvalid error with code document.too_large, and nothing is
// stored; so is an upload that breaks off (document.read_failed). An ID
// already stored is a KindConflict (document.id.taken).
func (s *Store) Put(ctx context.Context, docID, subject string, r io.Reader, limit int64) (int64, []byte, string, error) {
	if docID == "" || subject == "" || r == nil {
		return 0, nil, "", domain.Internal(errors.New("documents: Put needs a document ID, a subject and a reader"))
	}
	if limit <= 0 {
		limit = communication.DefaultMaxDocumentSize
	}
	u := newUpload(s, docID, subject, r, limit)
	err := pgx.BeginFunc(ctx, s.pool, func(tx pgx.Tx) error { return u.store(ctx, tx) })
	if err != nil {
		return 0, nil, "", putFailure(err)
	}
	return u.size, u.hash.Sum(nil), communication.Sniff(u.head), nil
}

// store writes the head row, then every chunk, then the totals.
func (u *upload) store(ctx context.Context, tx pgx.Tx) error {
	if _, err := tx.Exec(ctx, `INSERT INTO document_blobs (document_id, subject) VALUES ($1, $2)`, u.docID, u.subject); err != nil {
		return err
	}
	for last := false; !last; {
		chunk, isLast, err := u.next()
		if err != nil {
			return err
		}
		if err := u.write(ctx, tx, chunk, isLast); err != nil {
			return err
		}
		last = isLast
	}
	_, err := tx.Exec(ctx, `UPDATE document_blobs SET size = $2, chunks = $3 WHERE document_id = $1`, u.docID, u.size, int64(u.index))
	return err
}

// write seals one chunk and inserts it.
func (u *upload) write(ctx context.Context, tx pgx.Tx, chunk []byte, last bool) error {
	sealed, err := u.owner.sealer.Seal(ctx, u.subject, chunk, chunkAD(u.docID, u.index, last))
	if err != nil {
		return err
	}
	_, err = tx.Exec(ctx, `INSERT INTO document_blob_chunks (document_id, chunk, last, sealed) VALUES ($1, $2, $3, $4)`,
		u.docID, int64(u.index), last, sealed)
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
