package contact_test

import (
	"bytes"
	"context"
	"errors"
	"strings"
	"sync"
	"testing"

	"github.com/google/uuid"

	contactcmd "github.com/klient-crm/klient/commands/contact"
	"github.com/klient-crm/klient/domain"
	"github.com/klient-crm/klient/domain/contact"
)

// holderOf is the contact a refusal names as holding the number.
func holderOf(t *testing.T, err error) string {
	t.Helper()
	var taken *contact.NumberTaken
	if !errors.As(err, &taken) {
		t.Fatalf("refusal %v names no holder", err)
	}
	return taken.Holder
}

// The issue: 19121212-1212 registered three times without a word. The
// second registration, written another way, is refused with the first
// contact's ID, and nothing of it is written.
func TestSecondRegistrationOfANumberIsRefused(t *testing.T) {
	t.Parallel()
	w := newWorld(t)
	first := registerPerson(t, w, tolvan())
	h, err := contactcmd.NewRegisterPersonHandler(w.Contacts)
	must(t, err)
	again := tolvan()
	again.GivenName, again.Personnummer = "Tolvan Andra", "191212121212"
	id := uuid.NewString()
	_, err = h.Handle(context.Background(), contactcmd.RegisterPerson{Actor: staff, ContactID: id, Details: again})
	refusedWith(t, err, domain.KindConflict, "contact.number.taken")
	if holder := holderOf(t, err); holder != first.ContactID {
		t.Fatalf("refusal names %s, want the first contact %s", holder, first.ContactID)
	}
	if got := w.Types(t, id); len(got) != 0 {
		t.Fatalf("stream %v, want nothing written", got)
	}
	// An organisation may share its digits with a person: a sole trader's
	// organisationsnummer is their personnummer, and they are two contacts.
	org := exempelAB()
	org.Organisationsnummer = "121212-1212"
	registerOrganisation(t, w, org)
}

// Two registrations of one personnummer at the same moment: one wins.
func TestSimultaneousRegistrationsOfOneNumberOneWins(t *testing.T) {
	t.Parallel()
	w := newWorld(t)
	h, err := contactcmd.NewRegisterPersonHandler(w.Contacts)
	must(t, err)
	const n = 6
	ids, errs := make([]string, n), make([]error, n)
	var wg sync.WaitGroup
	for i := range n {
		ids[i] = uuid.NewString()
		wg.Go(func() {
			_, errs[i] = h.Handle(context.Background(), contactcmd.RegisterPerson{Actor: staff, ContactID: ids[i], Details: tolvan()})
		})
	}
	wg.Wait()
	winners := 0
	for i := range n {
		switch {
		case errs[i] == nil:
			winners++
		case !domain.IsKind(errs[i], domain.KindConflict):
			t.Fatalf("attempt %d: %v, want a conflict", i, errs[i])
		default:
			if got := w.Types(t, ids[i]); len(got) != 0 {
				t.Fatalf("refused attempt %d wrote %v", i, got)
			}
		}
	}
	if winners != 1 {
		t.Fatalf("%d registrations won, want exactly one: %v", winners, errs)
	}
}

// A change to a number another contact holds is refused; a number given
// up by a change, or by an erasure, is free again.
func TestChangingToAHeldNumber(t *testing.T) {
	t.Parallel()
	w := newWorld(t)
	ctx := context.Background()
	holder := registerPerson(t, w, tolvan())
	other := tolvan()
	other.GivenName, other.Personnummer = "Tolva", "19850312-4128"
	second := registerPerson(t, w, other)
	change, err := contactcmd.NewChangeContactDetailsHandler(w.Contacts)
	must(t, err)

	other.Personnummer = "19121212-1212"
	_, err = change.HandlePerson(ctx, contactcmd.ChangePersonDetails{Actor: staff, ContactID: second.ContactID,
		ExpectedVersion: second.Version, Details: other})
	refusedWith(t, err, domain.KindConflict, "contact.number.taken")
	if holderOf(t, err) != holder.ContactID || len(w.Types(t, second.ContactID)) != 1 {
		t.Fatalf("refusal %v; stream %v", err, w.Types(t, second.ContactID))
	}

	// The holder gives the number up: the other may take it.
	freed := tolvan()
	freed.Personnummer = ""
	moved, err := change.HandlePerson(ctx, contactcmd.ChangePersonDetails{Actor: staff, ContactID: holder.ContactID,
		ExpectedVersion: holder.Version, Details: freed})
	must(t, err)
	took, err := change.HandlePerson(ctx, contactcmd.ChangePersonDetails{Actor: staff, ContactID: second.ContactID,
		ExpectedVersion: second.Version, Details: other})
	must(t, err)
	// And back: now the first is refused.
	freed.Personnummer = "19121212-1212"
	_, err = change.HandlePerson(ctx, contactcmd.ChangePersonDetails{Actor: staff, ContactID: holder.ContactID,
		ExpectedVersion: moved.Version, Details: freed})
	refusedWith(t, err, domain.KindConflict, "contact.number.taken")

	// An erased holder holds nothing.
	_, err = w.Keyring.Shred(ctx, took.ContactID)
	must(t, err)
	registerPerson(t, w, tolvan())
}

// The claim streams hold no number: their names are a keyed hash, their
// events only the holder's ID.
func TestNumberClaimKeepsTheNumberOut(t *testing.T) {
	t.Parallel()
	w := newWorld(t)
	ctx := context.Background()
	res := registerPerson(t, w, tolvan())
	key, err := w.Keyring.IndexKey(ctx, contactcmd.NumberKeyName)
	must(t, err)
	stream := contact.NumberStream(contact.NumberDigest(key, contact.KindPerson, "19121212-1212"))
	if strings.Contains(stream, "121212") {
		t.Fatalf("stream name %s holds the number", stream)
	}
	envs, err := w.Store.ReadStream(ctx, stream, 0, 10)
	must(t, err)
	if len(envs) != 1 || envs[0].Type != contact.TypeNumberClaimed || !bytes.Contains(envs[0].Data, []byte(res.ContactID)) ||
		bytes.Contains(envs[0].Data, []byte("121212")) {
		t.Fatalf("claim stream %+v", envs)
	}
	// Another installation's key names another stream: the hash cannot be
	// recomputed without the key.
	if other := contact.NumberDigest(bytes.Repeat([]byte{1}, 32), contact.KindPerson, "19121212-1212"); other == contact.NumberDigest(key, contact.KindPerson, "19121212-1212") {
		t.Fatal("the digest does not depend on the key")
	}
}

// A change refused as stale claims nothing: the number stays free.
func TestStaleChangeClaimsNoNumber(t *testing.T) {
	t.Parallel()
	w := newWorld(t)
	ctx := context.Background()
	d := tolvan()
	d.Personnummer = ""
	res := registerPerson(t, w, d)
	change, err := contactcmd.NewChangeContactDetailsHandler(w.Contacts)
	must(t, err)
	d.Personnummer = "19121212-1212"
	_, err = change.HandlePerson(ctx, contactcmd.ChangePersonDetails{Actor: staff, ContactID: res.ContactID,
		ExpectedVersion: res.Version + 1, Details: d})
	refusedWith(t, err, domain.KindConflict, "contact.changed_meanwhile")
	registerPerson(t, w, tolvan())
}
