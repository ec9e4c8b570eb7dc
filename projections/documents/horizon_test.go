package documents_test

import (
	"bytes"
	"context"
	"io"
	"testing"
	"time"

	"github.com/google/uuid"

	"github.com/klient-crm/klient/domain"
	"github.com/klient-crm/klient/eventstore"
	"github.com/klient-crm/klient/projections/documents"
)

// pausedReader yields head, then waits for release before the rest.
type pausedReader struct {
	head, rest io.Reader
	paused     chan struct{}
	release    chan struct{}
}

func (p *pausedReader) Read(b []byte) (int, error) {
	if n, err := p.head.Read(b); n > 0 || err != io.EOF {
		return n, err
	}
	if p.paused != nil {
		close(p.paused)
		p.paused = nil
		<-p.release
	}
	return p.rest.Read(b)
}

// While an upload waits on a slow client, events appended meanwhile are
// readable at once (no transaction holds the read horizon back), and the
// half-stored document cannot be opened.
func TestSlowUploadHoldsNothingBack(t *testing.T) {
	t.Parallel()
	w := newWorld(t)
	ctx := context.Background()
	file := randomBytes(t, 3*mib)
	r := &pausedReader{head: bytes.NewReader(file[:2*mib]), rest: bytes.NewReader(file[2*mib:]),
		paused: make(chan struct{}), release: make(chan struct{})}
	paused := r.paused
	id, done := newID(), make(chan error, 1)
	go func() { _, _, _, err := w.blobs.Put(ctx, id, "matter-1", r, 0); done <- err }()
	<-paused

	env := eventstore.Envelope{ID: uuid.Must(uuid.NewV7()), Type: "test.Happened", SchemaVersion: 1, Data: []byte(`{}`)}
	res, err := w.Store.Append(ctx, "test-1", eventstore.NoStream, []eventstore.Envelope{env})
	must(t, err)
	deadline := time.Now().Add(5 * time.Second)
	for !readable(t, w, res.LastPosition) {
		if time.Now().After(deadline) {
			t.Fatal("an event appended during an upload stays unreadable: the upload holds the read horizon")
		}
		time.Sleep(20 * time.Millisecond)
	}
	if _, err := w.blobs.Open(ctx, id, "matter-1"); domain.KindOf(err) != domain.KindNotFound {
		t.Fatalf("Open of a half-stored document: %v", err)
	}
	close(r.release)
	must(t, <-done)
	if got := readAll(t, w, id, "matter-1"); !bytes.Equal(got, file) {
		t.Fatal("the completed upload reads back different")
	}
}

func readable(t *testing.T, w *world, pos eventstore.Position) bool {
	envs, err := w.Store.ReadAll(context.Background(), eventstore.Start, 10)
	must(t, err)
	return len(envs) > 0 && envs[len(envs)-1].Position == pos
}

func TestDeleteAbandonedUploads(t *testing.T) {
	t.Parallel()
	w := newWorld(t)
	ctx := context.Background()
	_, err := w.Pool.Exec(ctx, `INSERT INTO document_blobs (document_id, subject, stored_at) VALUES
		('dead', 's', now() - interval '2 hours'), ('running', 's', now())`)
	must(t, err)
	kept := put(t, w, 10)
	n, err := documents.DeleteAbandoned(ctx, w.Pool, time.Hour)
	if err != nil || n != 1 {
		t.Fatalf("DeleteAbandoned = %d, %v", n, err)
	}
	if got := w.count("document_blobs"); got != 2 {
		t.Fatalf("%d blobs left, want the running upload and %s", got, kept)
	}
}
