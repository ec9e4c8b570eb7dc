package communications_test

import (
	"context"
	"slices"
	"testing"
	"time"

	"github.com/klient-crm/klient/domain"
	"github.com/klient-crm/klient/domain/communication"
	"github.com/klient-crm/klient/projections/communications"
)

func TestForMatterNewestFirstAndFiltered(t *testing.T) {
	t.Parallel()
	w := newWorld(t)
	matter := newID()
	call := logged(communication.KindPhoneCall, 1, matter)
	mail := logged(communication.KindEmail, 3, matter, "contact-1")
	note := logged(communication.KindNote, 2, matter)
	elsewhere := logged(communication.KindNote, 4, newID())
	for _, e := range []communication.CommunicationLogged{call, mail, note, elsewhere} {
		w.write(e.CommunicationID, e)
	}
	w.write(note.CommunicationID, communication.CommunicationDeleted{CommunicationID: note.CommunicationID})
	w.caughtUp()

	ctx := context.Background()
	for _, tt := range []struct {
		name   string
		filter communications.Filter
		want   []string
	}{
		{"all", communications.Filter{}, []string{mail.CommunicationID, call.CommunicationID}},
		{"with deleted", communications.Filter{IncludeDeleted: true}, []string{mail.CommunicationID, note.CommunicationID, call.CommunicationID}},
		{"kinds", communications.Filter{Kinds: []communication.Kind{communication.KindPhoneCall}}, []string{call.CommunicationID}},
		{"from", communications.Filter{From: t0.Add(2 * time.Hour)}, []string{mail.CommunicationID}},
		{"to", communications.Filter{To: t0.Add(3 * time.Hour)}, []string{call.CommunicationID}},
		{"page", communications.Filter{Limit: 1, Offset: 1}, []string{call.CommunicationID}},
	} {
		got, err := communications.ForMatter(ctx, w.Pool, matter, tt.filter)
		must(t, err)
		if !slices.Equal(ids(got), tt.want) {
			t.Errorf("%s: %v, want %v", tt.name, ids(got), tt.want)
		}
	}
	got, err := communications.ForMatter(ctx, w.Pool, matter, communications.Filter{Limit: 1})
	must(t, err)
	e := got[0]
	if e.Kind != communication.KindEmail || !e.OccurredAt.Equal(mail.OccurredAt) || e.SubjectLine != mail.Content.SubjectLine ||
		e.Body != "Text" || e.DataSubject != "matter-"+matter || !slices.Equal(e.ContactIDs, []string{"contact-1"}) ||
		len(e.Participants) != 1 || e.LoggedBy != "staff-1" || e.Version != 0 {
		t.Fatalf("entry %+v", e)
	}
}

func TestForContactIncludesParticipation(t *testing.T) {
	t.Parallel()
	w := newWorld(t)
	filed := logged(communication.KindLetterIncoming, 1, "", "contact-1")
	took := logged(communication.KindMeeting, 2, newID())
	took.Participants = append(took.Participants, communication.Participant{Kind: communication.ParticipantContact, ID: "contact-1"})
	staffOnly := logged(communication.KindMeeting, 3, newID())
	staffOnly.Participants = []communication.Participant{{Kind: communication.ParticipantStaff, ID: "contact-1"}}
	for _, e := range []communication.CommunicationLogged{filed, took, staffOnly} {
		w.write(e.CommunicationID, e)
	}
	w.caughtUp()
	got, err := communications.ForContact(context.Background(), w.Pool, "contact-1", communications.Filter{})
	must(t, err)
	if !slices.Equal(ids(got), []string{took.CommunicationID, filed.CommunicationID}) {
		t.Fatalf("contact's log %v", ids(got))
	}
	if got[1].DataSubject != "contact-1" {
		t.Fatalf("an entry outside a matter sealed for %q", got[1].DataSubject)
	}
	// Retention's page-at-a-time question: the newest entry they are in,
	// by when it happened or was logged; nothing for a stranger.
	latest, err := communications.LatestOfContacts(context.Background(), w.Pool, []string{"contact-1", "stranger"})
	must(t, err)
	want := got[0].OccurredAt
	if got[0].LoggedAt.After(want) {
		want = got[0].LoggedAt
	}
	if at, ok := latest["contact-1"]; !ok || !at.Equal(want) || len(latest) != 1 {
		t.Fatalf("latest activity %v, want contact-1 at %v", latest, want)
	}
}

func TestCorrectionAndFollowUps(t *testing.T) {
	t.Parallel()
	w := newWorld(t)
	a, b := logged(communication.KindPhoneCall, 1, newID()), logged(communication.KindEmail, 2, "", "c-2")
	w.write(a.CommunicationID, a, communication.FollowUpFlagged{CommunicationID: a.CommunicationID, DueOn: "2026-03-10", AssignedTo: "staff-9"})
	w.write(b.CommunicationID, b, communication.FollowUpFlagged{CommunicationID: b.CommunicationID, DueOn: "2026-03-05", AssignedTo: "staff-9"})
	w.write(a.CommunicationID, communication.CommunicationCorrected{CommunicationID: a.CommunicationID,
		DataSubject: a.DataSubject, TextSubject: a.TextSubject, Kind: communication.KindMeeting, OccurredAt: t0,
		Content: communication.Content{SubjectLine: "Rättat ämne"}})
	w.caughtUp()

	ctx := context.Background()
	got, err := communications.FollowUpsFor(ctx, w.Pool, "staff-9", 0)
	must(t, err)
	if !slices.Equal(ids(got), []string{b.CommunicationID, a.CommunicationID}) || got[0].FollowUp.DueOn != "2026-03-05" {
		t.Fatalf("follow-ups %v %+v", ids(got), got[0].FollowUp)
	}
	e, err := communications.Get(ctx, w.Pool, a.CommunicationID)
	must(t, err)
	if e.Kind != communication.KindMeeting || e.SubjectLine != "Rättat ämne" || e.Body != "" || e.CorrectedAt == nil ||
		len(e.Participants) != 0 || e.Version != 2 || e.FollowUp == nil {
		t.Fatalf("corrected entry %+v", e)
	}
	w.write(a.CommunicationID, communication.FollowUpCleared{CommunicationID: a.CommunicationID})
	w.caughtUp()
	later, err := communications.Get(ctx, w.Pool, a.CommunicationID)
	must(t, err)
	if !later.CorrectedAt.Equal(*e.CorrectedAt) || !later.UpdatedAt.After(*later.CorrectedAt) {
		t.Fatalf("a later follow-up moved the correction's time: corrected %v, updated %v", later.CorrectedAt, later.UpdatedAt)
	}
	w.write(b.CommunicationID, communication.FollowUpCleared{CommunicationID: b.CommunicationID})
	w.write(a.CommunicationID, communication.CommunicationDeleted{CommunicationID: a.CommunicationID})
	w.caughtUp()
	if got, _ := communications.FollowUpsFor(ctx, w.Pool, "staff-9", 0); len(got) != 0 {
		t.Fatalf("follow-ups left: %v", ids(got))
	}
	if _, err := communications.Get(ctx, w.Pool, newID()); domain.KindOf(err) != domain.KindNotFound {
		t.Fatalf("Get of an unknown entry: %v", err)
	}
}
