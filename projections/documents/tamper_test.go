package documents_test

import (
	"bytes"
	"context"
	"errors"
	"io"
	"strings"
	"testing"

	"github.com/klient-crm/klient/domain"
	"github.com/klient-crm/klient/projections/documents"
)

// Every way of rearranging stored chunks is caught on reading: the
// associated data binds each chunk to its document, index and lastness.
func TestTamperedChunksDoNotOpen(t *testing.T) {
	t.Parallel()
	tampering := map[string][]string{
		"swapped": {
			`UPDATE document_blob_chunks c SET sealed = o.sealed FROM document_blob_chunks o
				WHERE c.document_id = $1 AND o.document_id = $1 AND c.chunk + o.chunk = 3 AND c.chunk IN (1, 2)`},
		"truncated": {`DELETE FROM document_blob_chunks WHERE document_id = $1 AND chunk = 3`},
		"cut short and relabelled": {
			`DELETE FROM document_blob_chunks WHERE document_id = $1 AND chunk > 1`,
			`UPDATE document_blob_chunks SET last = true WHERE document_id = $1 AND chunk = 1`},
		"moved from another document": {
			`UPDATE document_blob_chunks SET sealed = (SELECT sealed FROM document_blob_chunks
				WHERE document_id = $2 AND chunk = 2) WHERE document_id = $1 AND chunk = 2`},
		"bit flipped": {
			`UPDATE document_blob_chunks SET sealed = set_byte(sealed, 40, get_byte(sealed, 40) # 1)
				WHERE document_id = $1 AND chunk = 2`},
		"renumbered": {
			`DELETE FROM document_blob_chunks WHERE document_id = $1 AND chunk = 1`,
			`UPDATE document_blob_chunks SET chunk = chunk - 1 WHERE document_id = $1 AND chunk > 1`},
		"size changed": {`UPDATE document_blobs SET size = size - 1 WHERE document_id = $1`},
	}
	w := newWorld(t)
	for name, statements := range tampering {
		t.Run(name, func(t *testing.T) {
			id, other := put(t, w, 7*mib/2), put(t, w, 7*mib/2)
			for _, sql := range statements {
				args := []any{id}
				if strings.Contains(sql, "$2") {
					args = append(args, other)
				}
				_, err := w.Pool.Exec(context.Background(), sql, args...)
				must(t, err)
			}
			rc, err := w.blobs.Open(context.Background(), id, "matter-1")
			if err == nil {
				_, err = io.Copy(io.Discard, rc)
			}
			if !errors.Is(err, documents.ErrCorrupt) || domain.KindOf(err) != domain.KindInternal {
				t.Fatalf("read a tampered document: %v", err)
			}
		})
	}
}

// put stores n random bytes for subject matter-1 and returns the ID.
func put(t *testing.T, w *world, n int) string {
	t.Helper()
	id := newID()
	_, _, _, err := w.blobs.Put(context.Background(), id, "matter-1", bytes.NewReader(randomBytes(t, n)), 0)
	must(t, err)
	return id
}

// After the subject's key is shredded the bytes are still there, but they
// no longer open: the error says erased, not damaged.
func TestShreddedSubjectOpensAsErased(t *testing.T) {
	t.Parallel()
	w := newWorld(t)
	id := put(t, w, mib+10)
	_, err := w.Keys.Shred(context.Background(), "matter-1")
	must(t, err)
	_, err = w.blobs.Open(context.Background(), id, "matter-1")
	refusedWith(t, err, domain.KindErased, "document.erased")
	if errors.Is(err, documents.ErrCorrupt) {
		t.Fatal("erasure reported as damage")
	}
}
