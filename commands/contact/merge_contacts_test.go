package contact_test

import (
	"context"
	"slices"
	"testing"

	contactcmd "github.com/klient-crm/klient/commands/contact"
	"github.com/klient-crm/klient/domain"
	"github.com/klient-crm/klient/domain/contact"
)

// Issue 14: merge two contacts as events, the details chosen field by
// field; the merged contact keeps its stream, records where it went and
// refuses changes; its number goes with the survivor.
func TestMergeContacts(t *testing.T) {
	t.Parallel()
	w := newWorld(t)
	ctx := context.Background()
	h, err := contactcmd.NewMergeContactsHandler(w.Contacts)
	must(t, err)
	keep := tolvan()
	keep.Personnummer = ""
	survivor := registerPerson(t, w, keep)
	away := registerPerson(t, w, tolvan()) // the one with the personnummer

	chosen := tolvan() // the survivor takes the other's number and address
	chosen.Emails = []contact.Email{{Address: "tolvan@exempel.se"}, {Address: "tolvan.privat@exempel.se"}}
	res, err := h.Handle(ctx, contactcmd.MergeContacts{Actor: staff, SurvivorID: survivor.ContactID, SurvivorVersion: survivor.Version,
		MergedID: away.ContactID, MergedVersion: away.Version, Person: &chosen})
	must(t, err)
	if got := w.Types(t, away.ContactID); !slices.Equal(got, []string{contact.TypePersonRegistered, contact.TypeContactMerged}) {
		t.Fatalf("merged stream %v", got)
	}
	if got := w.Types(t, survivor.ContactID); !slices.Equal(got, []string{contact.TypePersonRegistered, contact.TypeContactAbsorbed, contact.TypePersonDetailsChanged}) {
		t.Fatalf("survivor stream %v", got)
	}
	// The merged contact refuses changes; the survivor holds the number.
	archive, err := contactcmd.NewArchiveContactHandler(w.Contacts)
	must(t, err)
	_, err = archive.Handle(ctx, contactcmd.ArchiveContact{Actor: staff, ContactID: away.ContactID, ExpectedVersion: res.Merged.Version})
	refusedWith(t, err, domain.KindConflict, "contact.merged")
	reg, err := contactcmd.NewRegisterPersonHandler(w.Contacts)
	must(t, err)
	_, err = reg.Handle(ctx, contactcmd.RegisterPerson{Actor: staff, Details: tolvan()})
	refusedWith(t, err, domain.KindConflict, "contact.number.taken")
	if holderOf(t, err) != survivor.ContactID {
		t.Fatalf("the number is held by %s, want the survivor", holderOf(t, err))
	}
}

// Bad input: a merge of a contact into itself, into an erased one, into
// one already merged away, or across kinds: a clear error, nothing
// written.
func TestMergeRefusals(t *testing.T) {
	t.Parallel()
	w := newWorld(t)
	ctx := context.Background()
	h, err := contactcmd.NewMergeContactsHandler(w.Contacts)
	must(t, err)
	nameless := func(given string) contact.PersonDetails {
		d := tolvan()
		d.GivenName, d.Personnummer = given, ""
		return d
	}
	a := registerPerson(t, w, nameless("A"))
	b := registerPerson(t, w, nameless("B"))
	erased := registerPerson(t, w, nameless("E"))
	_, err = w.Keyring.Shred(ctx, erased.ContactID)
	must(t, err)
	org := registerOrganisation(t, w, exempelAB())
	merge := func(survivor, merged contactcmd.Result) error {
		_, err := h.Handle(ctx, contactcmd.MergeContacts{Actor: staff, SurvivorID: survivor.ContactID, SurvivorVersion: survivor.Version,
			MergedID: merged.ContactID, MergedVersion: merged.Version})
		return err
	}
	refusedWith(t, merge(a, a), domain.KindInvalid, "contact.merge.self")
	refusedWith(t, merge(erased, a), domain.KindErased, "contact.merge.survivor_erased")
	refusedWith(t, merge(a, erased), domain.KindErased, "contact.erased")
	refusedWith(t, merge(org, a), domain.KindInvalid, "contact.merge.kind")
	walled := staff
	walled.Unseen = func(id string) bool { return id == b.ContactID }
	_, err = h.Handle(ctx, contactcmd.MergeContacts{Actor: walled, SurvivorID: a.ContactID, MergedID: b.ContactID})
	refusedWith(t, err, domain.KindNotFound, "contact.not_found")
	// A survivor changed since its details were chosen: nothing written,
	// the merged contact untouched.
	stale := a
	stale.Version++
	refusedWith(t, merge(stale, b), domain.KindConflict, "contact.changed_meanwhile")
	for _, c := range []contactcmd.Result{a, b, erased, org} {
		if got := w.Types(t, c.ContactID); len(got) != 1 {
			t.Fatalf("a refused merge wrote %v", got)
		}
	}
	must(t, merge(a, b))
	refusedWith(t, merge(b, registerPerson(t, w, nameless("C"))), domain.KindConflict, "contact.merge.survivor_merged")
}
