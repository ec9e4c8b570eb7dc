package erasure

import (
	"context"
	"errors"
	"testing"
	"time"

	commcmd "github.com/klient-crm/klient/commands/communication"
	gdprcmd "github.com/klient-crm/klient/commands/gdpr"
	"github.com/klient-crm/klient/commands/journal"
	"github.com/klient-crm/klient/domain"
	"github.com/klient-crm/klient/domain/communication"
	"github.com/klient-crm/klient/domain/contact"
	"github.com/klient-crm/klient/internal/apptest"
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

	f := mentionFinder{pool: a.Pool, rt: a.Runtime, wait: 300 * time.Millisecond}
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
