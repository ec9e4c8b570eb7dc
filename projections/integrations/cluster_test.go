package integrations_test

import (
	"context"
	"testing"
	"time"

	"github.com/google/uuid"

	klientcrypto "github.com/klient-crm/klient/crypto"
	"github.com/klient-crm/klient/domain"
	"github.com/klient-crm/klient/domain/contact"
	"github.com/klient-crm/klient/domain/matter"
	"github.com/klient-crm/klient/eventstore"
	"github.com/klient-crm/klient/eventstore/esdb"
	"github.com/klient-crm/klient/eventstore/esdb/standin"
	"github.com/klient-crm/klient/internal/pgmigrate"
	"github.com/klient-crm/klient/internal/pgtest"
	"github.com/klient-crm/klient/projections"
	"github.com/klient-crm/klient/projections/contacts"
	"github.com/klient-crm/klient/projections/integrations"
	"github.com/klient-crm/klient/projections/matters"
	"github.com/klient-crm/klient/projections/projtest"
)

// TestFeedOnTheCluster (issue 18): the feed kept from an EventStoreDB
// cluster (the stand-in: three nodes, TLS) gives its entries in log order
// with cursors that page through them once each, and goes on after the
// cursor it gave when the leader is lost and another node leads: the
// cursor is the cluster's position in $all, not a row of ours.
func TestFeedOnTheCluster(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	pool := pgtest.NewPool(t)
	_, err := pgmigrate.Apply(ctx, pool, klientcrypto.Migrations(), projections.Migrations())
	projtest.Must(t, err)
	cluster := standin.NewCluster(t, 3, standin.Secure())
	connect, cancel := context.WithTimeout(ctx, 30*time.Second)
	defer cancel()
	store, err := esdb.New(connect, cluster.ConnectionString())
	projtest.Must(t, err)
	t.Cleanup(func() { _ = store.Close() })
	master, err := klientcrypto.LoadMasterKey("", t.TempDir())
	projtest.Must(t, err)
	keys, err := klientcrypto.NewKeyring(ctx, pool, master)
	projtest.Must(t, err)
	t.Cleanup(func() { keys.Close() })
	codec := eventstore.NewCodec(keys)
	projtest.Must(t, codec.Register(append(contact.Events(), matter.Events()...)...))
	rt, err := projections.New(projections.Config{Pool: pool, Store: store, Codec: codec, Projectors: []projections.Projector{
		contacts.NewProjector(), matters.NewProjector(), integrations.NewProjector()},
		Logger: projtest.QuietLogger(), LockRetry: 200 * time.Millisecond, PollInterval: 10 * time.Millisecond})
	projtest.Must(t, err)
	run, stop := context.WithCancel(ctx)
	done := make(chan struct{})
	go func() { _ = rt.Run(run); close(done) }()
	t.Cleanup(func() { stop(); <-done })

	var last eventstore.Position
	write := func(stream string, evs ...domain.Event) {
		t.Helper()
		envs := make([]eventstore.Envelope, len(evs))
		for i, ev := range evs {
			envs[i], err = codec.Encode(ctx, uuid.Must(uuid.NewV7()), ev, eventstore.Metadata{Actor: "staff-1", OccurredAt: time.Now()})
			projtest.Must(t, err)
		}
		res, err := store.Append(ctx, stream, eventstore.Any, envs)
		projtest.Must(t, err)
		last = res.LastPosition
	}
	caughtUp := func() {
		t.Helper()
		wait, cancel := context.WithTimeout(ctx, 30*time.Second)
		defer cancel()
		for _, name := range []string{"contacts", "matters", integrations.Name} {
			projtest.Must(t, rt.WaitFor(wait, name, last))
		}
	}
	lawyer := projtest.NewID()
	var people []string
	for _, name := range []string{"Alva", "Bror", "Cilla"} {
		id := projtest.NewID()
		people = append(people, id)
		write(contact.StreamName(id), contact.PersonRegistered{ContactID: id, Details: contact.PersonDetails{GivenName: name, FamilyName: "Kluster"}})
	}
	matterID := projtest.NewID()
	write(matter.StreamName(matterID),
		matter.MatterOpened{MatterID: matterID, MatterSubject: matter.Subject(matterID), Number: "2026-0099",
			PracticeArea: "processratt", ResponsibleLawyer: lawyer, File: "2026-0099",
			DetailsSubject: domain.EntryKey(matter.Subject(matterID), "details"), Details: matter.Details{Title: "Kluster ./. Bolaget"}},
		matter.PartyAdded{MatterID: matterID, PartyID: "p1", ContactID: people[0], Role: matter.RoleClient})
	caughtUp()

	reader := integrations.Reader{StaffID: lawyer, Areas: []string{"contact", "matter", "party"}}
	all, err := integrations.Read(ctx, pool, reader, integrations.Position{}, 100)
	projtest.Must(t, err)
	if want := "contact.registered contact.registered contact.registered matter.registered party.added"; kindsOf(all) != want {
		t.Fatalf("the feed on the cluster: %q, want %q", kindsOf(all), want)
	}
	for i := 1; i < len(all); i++ {
		if p, q := all[i-1].Position, all[i].Position; !(p.Commit < q.Commit || p.Commit == q.Commit && p.Prepare < q.Prepare) {
			t.Fatalf("entry %d at %+v does not follow %+v", i, q, p)
		}
	}
	// Pages of two meet every entry once.
	var paged []integrations.Entry
	after := integrations.Position{}
	for {
		page, err := integrations.Read(ctx, pool, reader, after, 2)
		projtest.Must(t, err)
		if len(page) == 0 {
			break
		}
		paged = append(paged, page...)
		after = page[len(page)-1].Position
	}
	if kindsOf(paged) != kindsOf(all) {
		t.Errorf("paged by cursor %q, want %q", kindsOf(paged), kindsOf(all))
	}

	// The leader is lost; the next node leads, and the feed goes on after
	// the cursor it gave with what is written then.
	cluster.LoseLeader()
	write(contact.StreamName(people[1]), contact.PersonDetailsChanged{ContactID: people[1],
		Details: contact.PersonDetails{GivenName: "Bror", FamilyName: "Nyledare"}})
	caughtUp()
	next, err := integrations.Read(ctx, pool, reader, after, 100)
	projtest.Must(t, err)
	if kindsOf(next) != "contact.changed" || next[0].ContactIDs[0] != people[1] {
		t.Errorf("after the cursor, with a new leader: %q %+v, want Bror's contact.changed", kindsOf(next), next)
	}
}
