package catalogue

import (
	"context"
	"errors"
	"testing"

	"github.com/klient-crm/klient/eventstore"
	"github.com/klient-crm/klient/eventstore/postgres"
	"github.com/klient-crm/klient/internal/pgmigrate"
)

// Every event type registers once, with well-formed personal fields, as
// the codec of `klient` and of the web edge's tests registers them.
func TestEventsRegister(t *testing.T) {
	t.Parallel()
	if err := eventstore.NewCodec(noKeys{}).Register(Events()...); err != nil {
		t.Fatal(err)
	}
}

// noKeys seals nothing: registering needs no key.
type noKeys struct{}

func (noKeys) Seal(context.Context, string, []byte, []byte) ([]byte, error) {
	return nil, errors.New("no keys")
}

func (noKeys) Open(context.Context, string, []byte, []byte) ([]byte, error) {
	return nil, errors.New("no keys")
}

// Each projector and each migration set is listed once; the event
// store's set comes first, and only where the database holds the log.
func TestListsNameEachOnce(t *testing.T) {
	t.Parallel()
	seen := map[string]bool{}
	for _, p := range Projectors() {
		if seen[p.Name()] {
			t.Errorf("projector %s listed twice", p.Name())
		}
		seen[p.Name()] = true
	}
	withLog, without := DatabaseMigrations(true), DatabaseMigrations(false)
	if withLog[0].Component != postgres.Migrations().Component || without[0].Component != postgres.ClusterCheckpointMigrations().Component ||
		len(withLog) != len(without) {
		t.Fatalf("with the log: %v; without: %v", components(withLog), components(without))
	}
	seen = map[string]bool{}
	for _, s := range append(append(withLog, without[0]), KeyStoreMigrations()...) {
		if seen[s.Component] {
			t.Errorf("migrations of %s listed twice", s.Component)
		}
		seen[s.Component] = true
	}
}

func components(sets []pgmigrate.Set) []string {
	var out []string
	for _, s := range sets {
		out = append(out, s.Component)
	}
	return out
}
