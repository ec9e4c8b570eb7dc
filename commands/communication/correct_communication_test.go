package communication_test

import (
	"context"
	"slices"
	"testing"
	"time"

	commcmd "github.com/klient-crm/klient/commands/communication"
	"github.com/klient-crm/klient/domain"
	"github.com/klient-crm/klient/domain/communication"
	"github.com/klient-crm/klient/projections/communications"
)

func TestCorrectDeleteAndFollowUp(t *testing.T) {
	t.Parallel()
	w := newLogWorld(t)
	matter := w.OpenMatter()
	older := w.LogEntry(commcmd.LogCommunication{Links: communication.Links{MatterID: matter},
		Details: phoneCall(today.Add(-48*time.Hour), "Older", "")})
	newer := w.LogEntry(commcmd.LogCommunication{Links: communication.Links{MatterID: matter},
		Details: phoneCall(today.Add(-24*time.Hour), "Newer", "")})
	correct, err := commcmd.NewCorrectCommunicationHandler(w.Log)
	must(t, err)
	fixed := phoneCall(today.Add(-time.Hour), "Older, corrected", "")
	fixed.Kind = communication.KindMeeting
	res, err := correct.Handle(context.Background(), commcmd.CorrectCommunication{Actor: staff,
		CommunicationID: older.CommunicationID, ExpectedVersion: 0, Details: fixed})
	must(t, err)
	_, err = correct.Handle(context.Background(), commcmd.CorrectCommunication{Actor: staff,
		CommunicationID: older.CommunicationID, ExpectedVersion: 0, Details: phoneCall(today, "Stale", "")})
	refusedWith(t, err, domain.KindConflict, "communication.changed_meanwhile")

	w.Seen("communications", res.Position)
	list, err := communications.ForMatter(context.Background(), w.Pool, matter, communications.Filter{})
	must(t, err)
	if got := []string{list[0].SubjectLine, list[1].SubjectLine}; !slices.Equal(got, []string{"Older, corrected", "Newer"}) || list[0].CorrectedAt == nil {
		t.Fatalf("newest first after the correction: %v", got)
	}
	meetings, err := communications.ForMatter(context.Background(), w.Pool, matter,
		communications.Filter{Kinds: []communication.Kind{communication.KindMeeting}})
	must(t, err)
	if len(meetings) != 1 || meetings[0].ID != older.CommunicationID {
		t.Fatalf("meetings %v", meetings)
	}

	follow, err := commcmd.NewFollowUpHandler(w.Log)
	must(t, err)
	flagged, err := follow.HandleFlag(context.Background(), commcmd.FlagFollowUp{Actor: staff,
		CommunicationID: newer.CommunicationID, FollowUp: communication.FollowUp{DueOn: "2026-03-18", AssignedTo: "staff-0002"}})
	must(t, err)
	deleted, err := correct.HandleDelete(context.Background(), commcmd.DeleteCommunication{Actor: staff,
		CommunicationID: newer.CommunicationID, ExpectedVersion: flagged.Version})
	must(t, err)
	_, err = follow.HandleFlag(context.Background(), commcmd.FlagFollowUp{Actor: staff,
		CommunicationID: newer.CommunicationID, ExpectedVersion: deleted.Version, FollowUp: communication.FollowUp{DueOn: "2026-03-18"}})
	refusedWith(t, err, domain.KindConflict, "communication.deleted")
	w.Seen("communications", deleted.Position)
	if ups, _ := communications.FollowUpsFor(context.Background(), w.Pool, "staff-0002", 0); len(ups) != 0 {
		t.Fatalf("a deleted entry's follow-up is still open: %+v", ups)
	}
	if list, _ := communications.ForMatter(context.Background(), w.Pool, matter, communications.Filter{}); len(list) != 1 {
		t.Fatalf("deleted entry still listed: %d", len(list))
	}
}

func TestErasedContactsEntryRefusesCorrection(t *testing.T) {
	t.Parallel()
	w := newLogWorld(t)
	anna := w.Person("Anna")
	res := w.LogEntry(commcmd.LogCommunication{Links: communication.Links{ContactIDs: []string{anna}},
		Details: phoneCall(today, "About Anna", "")})
	_, err := w.Keys.Shred(context.Background(), anna)
	must(t, err)
	correct, err := commcmd.NewCorrectCommunicationHandler(w.Log)
	must(t, err)
	_, err = correct.Handle(context.Background(), commcmd.CorrectCommunication{Actor: staff,
		CommunicationID: res.CommunicationID, Details: phoneCall(today, "Again", "")})
	refusedWith(t, err, domain.KindErased, "communication.erased")
	_, err = correct.HandleDelete(context.Background(), commcmd.DeleteCommunication{Actor: staff, CommunicationID: res.CommunicationID})
	must(t, err)
}
