package documents_test

import (
	"context"
	"crypto/rand"
	"testing"

	"github.com/klient-crm/klient/projections/projtest"

	"github.com/klient-crm/klient/domain"
	"github.com/klient-crm/klient/domain/communication"
	"github.com/klient-crm/klient/internal/pgmigrate"
	"github.com/klient-crm/klient/projections"
	"github.com/klient-crm/klient/projections/documents"
)

// world is one test's database with the real event store, key ring,
// codec, blob store and a projections runtime holding the documents
// projector.
type world struct {
	*projtest.World
	blobs *documents.Store
}

func newWorld(t testing.TB) *world {
	t.Helper()
	w := &world{World: projtest.New(t, projtest.Config{Projectors: []projections.Projector{documents.NewProjector()},
		Events: communication.Events(), Migrations: []pgmigrate.Set{documents.Migrations()}})}
	var err error
	w.blobs, err = documents.NewStore(w.Pool, w.Keys, documents.Config{})
	must(t, err)
	return w
}

// caughtUp waits until the read model holds everything written so far.
func (w *world) caughtUp() {
	w.T.Helper()
	w.CaughtUp("documents")
}

// count is how many rows table holds.
func (w *world) count(table string) int {
	w.T.Helper()
	var n int
	must(w.T, w.Pool.QueryRow(context.Background(), `SELECT count(*) FROM `+table).Scan(&n))
	return n
}

func randomBytes(t testing.TB, n int) []byte {
	b := make([]byte, n)
	_, err := rand.Read(b)
	must(t, err)
	return b
}

var newID = projtest.NewID

var must = projtest.Must

// refusedWith fails unless err is a *domain.Error of kind with code.
func refusedWith(t testing.TB, err error, kind domain.Kind, code string) {
	t.Helper()
	if domain.KindOf(err) != kind || domainCode(err) != code {
		t.Fatalf("got %v, want %s %s", err, kind, code)
	}
}
