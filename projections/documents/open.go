package documents

import (
	"context"
	"errors"
	"fmt"
	"io"

	"github.com/jackc/pgx/v5"

	"github.com/klient-crm/klient/domain"
)

// Open returns document docID's plaintext as a stream that reads and opens
// one chunk at a time, so a download never holds the whole file. subject
// is the data subject the read model names for the document; a document
// stored for another subject, or whose upload is still running, is not
// found. Open itself opens the first
// chunk, so that an erased subject (KindErased, code document.erased), a
// missing document (KindNotFound) and a damaged first chunk (ErrCorrupt)
// are known before anything is sent. Damage further on surfaces as Read's
// error; the reader never returns bytes that did not open.
func (s *Store) Open(ctx context.Context, docID, subject string) (io.ReadCloser, error) {
	var stored string
	var size int64
	err := s.pool.QueryRow(ctx, `SELECT subject, size FROM document_blobs
		WHERE document_id = $1 AND complete`, docID).Scan(&stored, &size)
	if errors.Is(err, pgx.ErrNoRows) || (err == nil && stored != subject) {
		return nil, notFound()
	}
	if err != nil {
		return nil, domain.Internal(fmt.Errorf("documents: open: %w", err))
	}
	rd := &reader{ctx: ctx, store: s, docID: docID, subject: subject, size: size}
	if err := rd.fetch(); err != nil {
		return nil, err
	}
	return rd, nil
}

// reader streams one document's chunks in order.
type reader struct {
	ctx            context.Context
	store          *Store
	docID, subject string
	size           int64  // as Put recorded it
	next           uint32 // the chunk to fetch next
	seen           int64  // plaintext opened so far
	buf            []byte // opened, not yet read
	done           bool   // the last chunk was opened
	err            error  // sticky: a damaged document stays damaged
}

func (r *reader) Read(p []byte) (int, error) {
	for len(r.buf) == 0 {
		switch {
		case r.err != nil:
			return 0, r.err
		case r.done:
			return 0, io.EOF
		}
		r.err = r.fetch()
	}
	n := copy(p, r.buf)
	r.buf = r.buf[n:]
	return n, nil
}

// Close releases the buffered chunk; no connection is held between reads.
func (r *reader) Close() error {
	r.buf, r.done = nil, true
	return nil
}

// fetch opens the next chunk. The associated data is rebuilt from where
// the chunk is asked for, not from where it claims to be: a chunk out of
// place does not open. A file whose last chunk never comes was cut short.
func (r *reader) fetch() error {
	var sealed []byte
	var last bool
	err := r.store.pool.QueryRow(r.ctx, `SELECT sealed, last FROM document_blob_chunks
		WHERE document_id = $1 AND chunk = $2`, r.docID, int64(r.next)).Scan(&sealed, &last)
	if errors.Is(err, pgx.ErrNoRows) {
		return corrupt(r.docID, r.next, errors.New("chunk missing"))
	}
	if err != nil {
		return domain.Internal(fmt.Errorf("documents: read chunk: %w", err))
	}
	plain, err := r.store.sealer.Open(r.ctx, r.subject, sealed, chunkAD(r.docID, r.next, last))
	if err != nil {
		return openFailure(r.docID, r.next, err)
	}
	r.seen += int64(len(plain))
	if last && r.seen != r.size {
		return corrupt(r.docID, r.next, errors.New("size differs from the stored size"))
	}
	r.buf, r.done = plain, last
	r.next++
	return nil
}
