package gdpr_test

import (
	"bytes"
	"context"
	"errors"
	"testing"
	"time"

	"github.com/klient-crm/klient/commands/commandtest"
	gdprcmd "github.com/klient-crm/klient/commands/gdpr"
	"github.com/klient-crm/klient/domain/gdpr"
	"github.com/klient-crm/klient/eventstore"
)

// gdprWorld is commandtest.World (real store, key ring and codec) with the GDPR
// repositories on a clock the test can move.
type gdprWorld struct {
	*commandtest.World
	clock    time.Time
	subjects *gdprcmd.Subjects
	requests *gdprcmd.Requests
	links    *gdpr.WithdrawalLinks
}

func newGDPRWorld(t *testing.T) *gdprWorld {
	t.Helper()
	g := &gdprWorld{World: newWorld(t), clock: today}
	must(t, g.Codec.Register(gdpr.Events()...))
	now := func() time.Time { return g.clock }
	var err error
	g.subjects, err = gdprcmd.NewSubjects(g.Store, g.Codec, now, nil)
	must(t, err)
	g.requests, err = gdprcmd.NewRequests(g.Store, g.Codec, now)
	must(t, err)
	g.links, err = gdpr.NewWithdrawalLinks(bytes.Repeat([]byte{7}, gdpr.MinLinkKeyLength))
	must(t, err)
	return g
}

// person registers a contact and returns its (subject) ID.
func (g *gdprWorld) person(t *testing.T) string {
	t.Helper()
	d := tolvan()
	d.Personnummer = "" // a world registers several people: one personnummer is one contact
	return registerPerson(t, g.World, d).ContactID
}

// events reads stream name back; a stream never written is empty.
func (g *gdprWorld) events(t *testing.T, name string) []eventstore.Envelope {
	t.Helper()
	envs, err := g.Store.ReadStream(context.Background(), name, 0, 1000)
	if errors.Is(err, eventstore.ErrStreamNotFound) {
		return nil
	}
	must(t, err)
	return envs
}

// typesOf lists the event types of stream name.
func (g *gdprWorld) typesOf(t *testing.T, name string) []string {
	t.Helper()
	var out []string
	for _, env := range g.events(t, name) {
		out = append(out, env.Type)
	}
	return out
}

// noPlaintext fails if any stored event of stream name holds secret as
// written: a sealed field must reach the store only as ciphertext.
func (g *gdprWorld) noPlaintext(t *testing.T, name string, secrets ...string) {
	t.Helper()
	envs := g.events(t, name)
	if len(envs) == 0 {
		t.Fatalf("stream %s is empty: nothing to scan", name)
	}
	for _, env := range envs {
		for _, s := range secrets {
			if bytes.Contains(env.Data, []byte(s)) {
				t.Errorf("%s event %s holds %q in plaintext", name, env.Type, s)
			}
		}
	}
}

// decoded opens every event of stream name.
func (g *gdprWorld) decoded(t *testing.T, name string) []eventstore.Decoded {
	t.Helper()
	var out []eventstore.Decoded
	for _, env := range g.events(t, name) {
		d, err := g.Codec.Decode(context.Background(), env)
		must(t, err)
		out = append(out, d)
	}
	return out
}
