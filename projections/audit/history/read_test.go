package history

import (
	"context"
	"errors"
	"testing"
	"time"

	"github.com/google/uuid"

	klientcrypto "github.com/klient-crm/klient/crypto"
	"github.com/klient-crm/klient/domain"
	"github.com/klient-crm/klient/domain/access"
	"github.com/klient-crm/klient/eventstore"
	"github.com/klient-crm/klient/eventstore/postgres"
	"github.com/klient-crm/klient/internal/pgmigrate"
	"github.com/klient-crm/klient/internal/pgtest"
)

// TestWallsOnAtPositions: on the real store, a wall folds to absent before
// its erection, standing between erection and lifting, and lifted after;
// walls in front of other records are left out; a stream that does not
// exist is ErrNoStream.
func TestWallsOnAtPositions(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	r, store, codec := newReader(t)
	matterID := uuid.NewString()
	target := access.Target{Kind: access.TargetMatter, ID: matterID}
	wall, other := uuid.NewString(), uuid.NewString()
	before := appendOne(t, store, codec, "staff-"+uuid.NewString(), access.StaffMemberDeactivated{StaffID: "s-0"})
	erected := appendOne(t, store, codec, access.WallStreamName(wall), access.WallErected{WallID: wall, Target: target, Users: []string{"s-1"}, ReasonSubject: access.WallReasonSubject(target), Reason: "jäv"})
	appendOne(t, store, codec, access.WallStreamName(other), access.WallErected{WallID: other, Target: access.Target{Kind: access.TargetContact, ID: "c-1"}, ReasonSubject: "c-1", Reason: "annat"})
	lifted := appendOne(t, store, codec, access.WallStreamName(wall), access.WallLifted{WallID: wall})
	streams := []string{access.WallStreamName(wall), access.WallStreamName(other)}

	for name, c := range map[string]struct {
		at       eventstore.Position
		n        int
		standing bool
	}{"before": {before, 0, false}, "erected": {erected, 1, true}, "lifted": {lifted, 1, false}} {
		walls, err := r.WallsOn(ctx, streams, []access.Target{target}, Cutoff{Pos: &c.at})
		if err != nil || len(walls) != c.n || (c.n == 1 && (walls[0].Active != c.standing || walls[0].Reason != "jäv")) {
			t.Errorf("%s: %+v, %v", name, walls, err)
		}
	}
	if _, err := r.Read(ctx, "task-"+uuid.NewString(), Cutoff{}, false); !errors.Is(err, ErrNoStream) {
		t.Errorf("a missing stream: %v", err)
	}
}

func newReader(t *testing.T) (*Reader, *postgres.Store, *eventstore.Codec) {
	t.Helper()
	ctx := context.Background()
	pool := pgtest.NewPool(t)
	_, err := pgmigrate.Apply(ctx, pool, postgres.Migrations(), klientcrypto.Migrations())
	must(t, err)
	store, err := postgres.New(ctx, pool)
	must(t, err)
	t.Cleanup(func() { store.Close() })
	master, err := klientcrypto.LoadMasterKey("", t.TempDir())
	must(t, err)
	keys, err := klientcrypto.NewKeyring(ctx, pool, master)
	must(t, err)
	t.Cleanup(func() { keys.Close() })
	codec := eventstore.NewCodec(keys)
	must(t, codec.Register(access.Events()...))
	r, err := NewReader(store, codec)
	must(t, err)
	return r, store, codec
}

// appendOne appends ev to stream and returns its position.
func appendOne(t *testing.T, store *postgres.Store, codec *eventstore.Codec, stream string, ev domain.Event) eventstore.Position {
	t.Helper()
	ctx := context.Background()
	env, err := codec.Encode(ctx, uuid.Must(uuid.NewV7()), ev, eventstore.Metadata{Actor: "test", OccurredAt: time.Now()})
	must(t, err)
	res, err := store.Append(ctx, stream, eventstore.Any, []eventstore.Envelope{env})
	must(t, err)
	return res.LastPosition
}

func must(t *testing.T, err error) {
	t.Helper()
	if err != nil {
		t.Fatal(err)
	}
}
