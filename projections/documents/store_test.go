package documents_test

import (
	"bytes"
	"context"
	"crypto/sha256"
	"errors"
	"io"
	"testing"
	"testing/iotest"

	"github.com/klient-crm/klient/domain"
	"github.com/klient-crm/klient/projections/documents"
)

const mib = 1 << 20

// A 3.5 MiB file goes in as four chunks and comes out equal, read through
// a one-byte-at-a-time reader so the stream is exercised chunk by chunk.
func TestPutOpenRoundTrip(t *testing.T) {
	t.Parallel()
	w := newWorld(t)
	ctx := context.Background()
	plain := randomBytes(t, 7*mib/2)
	id, subject := newID(), "matter-"+newID()
	size, sum, ctype, err := w.blobs.Put(ctx, id, subject, iotest.HalfReader(bytes.NewReader(plain)), 25*mib)
	must(t, err)
	want := sha256.Sum256(plain)
	if size != int64(len(plain)) || !bytes.Equal(sum, want[:]) || ctype != "application/octet-stream" {
		t.Fatalf("Put = %d, %x, %q", size, sum, ctype)
	}
	if n := w.count("document_blob_chunks"); n != 4 {
		t.Fatalf("%d chunks, want 4", n)
	}
	got := readAll(t, w, id, subject)
	if got := sha256.Sum256(got); got != want {
		t.Fatal("the document came back different")
	}
	if _, err := w.blobs.Open(ctx, id, "someone-else"); domain.KindOf(err) != domain.KindNotFound {
		t.Fatalf("Open for another subject: %v", err)
	}
}

func TestPutExactChunksAndTinyFiles(t *testing.T) {
	t.Parallel()
	w := newWorld(t)
	for _, n := range []int{0, 1, mib - 1, mib, mib + 1, 2 * mib} {
		id, plain := newID(), randomBytes(t, n)
		size, _, _, err := w.blobs.Put(context.Background(), id, "c-1", bytes.NewReader(plain), 25*mib)
		must(t, err)
		if got := readAll(t, w, id, "c-1"); size != int64(n) || !bytes.Equal(got, plain) {
			t.Fatalf("%d bytes: stored %d, read back %d", n, size, len(got))
		}
	}
}

func TestPutOverLimitStoresNothing(t *testing.T) {
	t.Parallel()
	w := newWorld(t)
	_, _, _, err := w.blobs.Put(context.Background(), newID(), "c-1", bytes.NewReader(randomBytes(t, 3*mib/2)), mib)
	refusedWith(t, err, domain.KindInvalid, "document.too_large")
	_, _, _, err = w.blobs.Put(context.Background(), newID(), "c-1", bytes.NewReader(randomBytes(t, mib+1)), mib)
	refusedWith(t, err, domain.KindInvalid, "document.too_large")
	if n := w.count("document_blobs") + w.count("document_blob_chunks"); n != 0 {
		t.Fatalf("%d rows stored for refused files", n)
	}
	_, _, _, err = w.blobs.Put(context.Background(), newID(), "c-1", bytes.NewReader(randomBytes(t, mib)), mib)
	must(t, err) // exactly the limit is allowed
}

func TestPutBrokenUploadAndTakenID(t *testing.T) {
	t.Parallel()
	w := newWorld(t)
	broken := io.MultiReader(bytes.NewReader(randomBytes(t, 3*mib/2)), iotest.ErrReader(errors.New("connection reset")))
	_, _, _, err := w.blobs.Put(context.Background(), newID(), "c-1", broken, 25*mib)
	refusedWith(t, err, domain.KindInvalid, "document.read_failed")
	if n := w.count("document_blob_chunks"); n != 0 {
		t.Fatalf("%d chunks of a broken upload stored", n)
	}
	id := newID()
	_, _, _, err = w.blobs.Put(context.Background(), id, "c-1", bytes.NewReader([]byte("a")), 0)
	must(t, err)
	_, _, _, err = w.blobs.Put(context.Background(), id, "c-1", bytes.NewReader([]byte("b")), 0)
	refusedWith(t, err, domain.KindConflict, "document.id.taken")
}

func TestDeleteBlobs(t *testing.T) {
	t.Parallel()
	w := newWorld(t)
	ctx := context.Background()
	keep, gone1, gone2 := newID(), newID(), newID()
	for id, subject := range map[string]string{keep: "c-keep", gone1: "c-gone", gone2: "c-gone"} {
		_, _, _, err := w.blobs.Put(ctx, id, subject, bytes.NewReader([]byte("hej")), 0)
		must(t, err)
	}
	n, err := documents.DeleteBlobs(ctx, w.Pool, "c-gone")
	if err != nil || n != 2 {
		t.Fatalf("DeleteBlobs = %d, %v", n, err)
	}
	if _, err := w.blobs.Open(ctx, gone1, "c-gone"); domain.KindOf(err) != domain.KindNotFound {
		t.Fatalf("Open after DeleteBlobs: %v", err)
	}
	must(t, w.blobs.Delete(ctx, keep))
	must(t, w.blobs.Delete(ctx, keep)) // again: no error
	if n := w.count("document_blob_chunks"); n != 0 {
		t.Fatalf("%d chunks left", n)
	}
}

func readAll(t *testing.T, w *world, id, subject string) []byte {
	t.Helper()
	rc, err := w.blobs.Open(context.Background(), id, subject)
	must(t, err)
	defer rc.Close()
	got, err := io.ReadAll(iotest.OneByteReader(rc))
	must(t, err)
	return got
}

func domainCode(err error) string {
	var e *domain.Error
	if errors.As(err, &e) {
		return e.Code
	}
	return ""
}
