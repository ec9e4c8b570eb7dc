package erasure

import (
	"context"
	"errors"
	"slices"
	"testing"
	"time"

	commcmd "github.com/klient-crm/klient/commands/communication"
	contactcmd "github.com/klient-crm/klient/commands/contact"
	gdprcmd "github.com/klient-crm/klient/commands/gdpr"
	"github.com/klient-crm/klient/commands/journal"
	klientcrypto "github.com/klient-crm/klient/crypto"
	"github.com/klient-crm/klient/domain"
	"github.com/klient-crm/klient/domain/access"
	"github.com/klient-crm/klient/domain/communication"
	"github.com/klient-crm/klient/domain/contact"
	"github.com/klient-crm/klient/internal/apptest"
	"github.com/klient-crm/klient/projections/accesslog"
)

// The search for mentions reads the read models, so it must not take a
// lagging one for complete (docs/gdpr.md, "Mentions in other matters"):
// a note naming Zoltrix is saved just before the erasure, and the
// communications read model has not applied it (its projector is not
// running). The search refuses, retryably, rather than answer "no
// mentions" — and once the read models have caught up, it finds the note.
func TestMentionSearchWaitsForTheReadModels(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	a := apptest.New(t)
	zoltrix := apptest.Person(t, a.Contacts, contact.PersonDetails{GivenName: "Zoltrix", FamilyName: "Kvarnbäckström"})
	klara := apptest.Person(t, a.Contacts, contact.PersonDetails{GivenName: "Klara", FamilyName: "Klient"})
	apptest.Project(t, a.Runtime, klara.Position)

	comms, err := commcmd.NewCommunications(a.Store, a.Codec, apptest.Now)
	apptest.Must(t, err)
	logNote, err := commcmd.NewLogCommunicationHandler(comms)
	apptest.Must(t, err)
	note, err := logNote.Handle(ctx, commcmd.LogCommunication{Actor: journal.Actor{ID: "lawyer-1"},
		Links: communication.Links{ContactIDs: []string{klara.ContactID}}, Details: communication.Details{Kind: communication.KindNote,
			OccurredAt: time.Now().Add(-time.Minute), SubjectLine: "Vittne", Body: "Zoltrix Kvarnbäckström kan vittna."}})
	apptest.Must(t, err)

	f := mentionFinder{pool: a.Pool, rt: a.Runtime, keys: a.Keys, wait: 300 * time.Millisecond}
	got, err := f.MentionsOf(ctx, zoltrix.ContactID)
	var de *domain.Error
	if !errors.As(err, &de) || de.Kind != domain.KindConflict || de.Code != "gdpr.erasure.read_models_behind" {
		t.Fatalf("with the note not yet projected the search answered %+v, %v; want the retryable refusal", got, err)
	}

	apptest.Project(t, a.Runtime, note.Position)
	got, err = f.MentionsOf(ctx, zoltrix.ContactID)
	apptest.Must(t, err)
	if len(got) != 1 || got[0].Kind != gdprcmd.MentionCommunication || got[0].EntryID != note.CommunicationID {
		t.Errorf("once caught up the search found %+v, want the note %s", got, note.CommunicationID)
	}
}

// Erasing a survivor erases the contacts merged into it (issue 14), whose
// names go with their keys: the search for mentions must look for them
// too, before the keys go. Åsa Berg married and was registered again as
// Åsa Lindqvist; the two are merged, keeping Lindqvist's details. A note
// in another client's file names "Åsa Bergström-Vik" (Berg's old name);
// erasing Lindqvist lists it — once that name is gone, nothing could.
func TestMentionSearchLooksForTheMergedContactsToo(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	a := apptest.New(t)
	keep := apptest.Person(t, a.Contacts, contact.PersonDetails{GivenName: "Åsa", FamilyName: "Lindqvist"})
	away := apptest.Person(t, a.Contacts, contact.PersonDetails{GivenName: "Åsa", FamilyName: "Bergström-Vik"})
	klara := apptest.Person(t, a.Contacts, contact.PersonDetails{GivenName: "Klara", FamilyName: "Klient"})
	merge, err := contactcmd.NewMergeContactsHandler(a.Contacts)
	apptest.Must(t, err)
	merged, err := merge.Handle(ctx, contactcmd.MergeContacts{Actor: journal.Actor{ID: "lawyer-1"}, SurvivorID: keep.ContactID,
		SurvivorVersion: keep.Version, MergedID: away.ContactID, MergedVersion: away.Version})
	apptest.Must(t, err)

	comms, err := commcmd.NewCommunications(a.Store, a.Codec, apptest.Now)
	apptest.Must(t, err)
	logNote, err := commcmd.NewLogCommunicationHandler(comms)
	apptest.Must(t, err)
	note, err := logNote.Handle(ctx, commcmd.LogCommunication{Actor: journal.Actor{ID: "lawyer-1"},
		Links: communication.Links{ContactIDs: []string{klara.ContactID}}, Details: communication.Details{Kind: communication.KindNote,
			OccurredAt: time.Now().Add(-time.Minute), SubjectLine: "Vittne", Body: "Åsa Bergström-Vik kan vittna."}})
	apptest.Must(t, err)
	apptest.Project(t, a.Runtime, merged.Survivor.Position)
	apptest.Project(t, a.Runtime, note.Position)

	f := mentionFinder{pool: a.Pool, rt: a.Runtime, keys: a.Keys}
	got, err := f.MentionsOf(ctx, keep.ContactID)
	apptest.Must(t, err)
	if len(got) != 1 || got[0].EntryID != note.CommunicationID || !slices.Equal(got[0].Marks, []string{"name"}) {
		t.Errorf("erasing the survivor, the search found %+v; want the note %s naming the merged contact", got, note.CommunicationID)
	}
}

// A purpose typed in the access log may name someone other than the
// people read ("ringde om Zoltrix bouppteckning" while reading Klara): it
// is sealed for Klara, so Zoltrix's erasure would leave it readable. The
// search opens the copies of people other than the one erased and lists
// each entry naming them; an entry about Zoltrix alone is not listed (it
// goes with the key). Redacting one makes that purpose unreadable in
// every copy and leaves Klara's other purposes as they were.
func TestMentionSearchReadsTheAccessLogsPurposes(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	a := apptest.New(t)
	zoltrix := apptest.Person(t, a.Contacts, contact.PersonDetails{GivenName: "Zoltrix", FamilyName: "Kvarnbäckström"})
	klara := apptest.Person(t, a.Contacts, contact.PersonDetails{GivenName: "Klara", FamilyName: "Klient"})
	apptest.Project(t, a.Runtime, klara.Position)
	for _, e := range []struct {
		subjects []string
		purpose  string
	}{
		{[]string{klara.ContactID}, "ringde om Zoltrix Kvarnbäckströms bouppteckning"},
		{[]string{zoltrix.ContactID}, "Zoltrix Kvarnbäckström ringde själv"},
		{[]string{zoltrix.ContactID, klara.ContactID}, "arvskiftet, kvarnbäckström bestrider"},
		{[]string{klara.ContactID}, "klientmöte om fakturan"},
	} {
		apptest.Must(t, accesslog.Record(ctx, a.Pool, a.Keys, accesslog.Entry{StaffID: "lawyer-1", Subjects: e.subjects,
			Route: "/contacts/{id}", Action: access.ContactView, Purpose: e.purpose, Via: accesslog.ViaPage}))
	}
	entries, err := accesslog.Search(ctx, a.Pool, a.Keys, accesslog.Filter{})
	apptest.Must(t, err)
	slices.Reverse(entries) // as written
	f := mentionFinder{pool: a.Pool, rt: a.Runtime, keys: a.Keys}
	got, err := f.MentionsOf(ctx, zoltrix.ContactID)
	apptest.Must(t, err)
	var listed []string
	for _, m := range got {
		if m.Kind != gdprcmd.MentionAccessPurpose || m.MatterID != "" || len(m.Spans) == 0 || m.Spans[0].Field != "purpose" {
			t.Errorf("mention %+v", m)
		}
		listed = append(listed, m.EntryID)
	}
	want := []string{accesslog.MentionEntry(entries[0].ID), accesslog.MentionEntry(entries[2].ID)}
	if !slices.Equal(listed, want) {
		t.Fatalf("the search listed %v; want the entries read about others that name her, %v", listed, want)
	}

	shredder := Jobs{Keys: a.Keys, Journal: func(klientcrypto.Tombstone) error { return nil }}.KeyShredder()
	n, err := accesslog.RedactPurpose(ctx, a.Pool, shredder.ShredKey, entries[0].ID)
	if err != nil || n != 1 {
		t.Fatalf("RedactPurpose = %d, %v; want Klara's one copy", n, err)
	}
	after, err := accesslog.Search(ctx, a.Pool, a.Keys, accesslog.Filter{Subject: klara.ContactID})
	apptest.Must(t, err)
	for _, e := range after {
		switch {
		case e.ID == entries[0].ID && (e.Purpose != "" || !e.PurposeErased):
			t.Errorf("the redacted purpose reads %q (erased %v)", e.Purpose, e.PurposeErased)
		case e.ID != entries[0].ID && (e.Purpose == "" || e.PurposeErased):
			t.Errorf("the redaction took Klara's other purpose of entry %d too", e.ID)
		}
	}
}
