package commands_test

import (
	"bytes"
	"context"
	"slices"
	"testing"
	"time"

	"github.com/google/uuid"

	"github.com/klient-crm/klient/commands"
	"github.com/klient-crm/klient/domain"
	"github.com/klient-crm/klient/domain/communication"
	"github.com/klient-crm/klient/projections/communications"
)

func phoneCall(at time.Time, subject, body string) communication.Details {
	return communication.Details{Kind: communication.KindPhoneCall, OccurredAt: at, SubjectLine: subject, Body: body,
		Participants: []communication.Participant{{Kind: communication.ParticipantStaff, ID: staff.ID}}}
}

func (w *logWorld) logEntry(cmd commands.LogCommunication) commands.CommunicationResult {
	w.t.Helper()
	h, err := commands.NewLogCommunicationHandler(w.log)
	must(w.t, err)
	cmd.Actor = staff
	res, err := h.Handle(context.Background(), cmd)
	must(w.t, err)
	return res
}

func TestLogCommunicationSealsTextAndShowsInTheLog(t *testing.T) {
	t.Parallel()
	w := newLogWorld(t)
	matter, anna := w.openMatter(), w.person("Anna")
	res := w.logEntry(commands.LogCommunication{
		Links:    communication.Links{MatterID: matter, ContactIDs: []string{anna}},
		Details:  phoneCall(today.Add(-time.Hour), "Secret-subject-7731", "Secret-body-5519\nline two"),
		FollowUp: &communication.FollowUp{DueOn: "2026-03-20"}})
	if res.Version != 1 {
		t.Fatalf("result %+v: want the follow-up as version 1", res)
	}
	var data [][]byte
	rows, err := w.pool.Query(context.Background(), `SELECT data FROM events`)
	must(t, err)
	for rows.Next() {
		var d []byte
		must(t, rows.Scan(&d))
		data = append(data, d)
	}
	must(t, rows.Err())
	for _, d := range data {
		if bytes.Contains(d, []byte("Secret-subject-7731")) || bytes.Contains(d, []byte("Secret-body-5519")) {
			t.Fatalf("text stored in the clear: %s", d)
		}
	}

	w.seen("communications", res.Position)
	got, err := communications.ForMatter(context.Background(), w.pool, matter, communications.Filter{})
	must(t, err)
	if len(got) != 1 || got[0].SubjectLine != "Secret-subject-7731" || got[0].DataSubject != "matter-"+matter ||
		got[0].FollowUp == nil || got[0].FollowUp.AssignedTo != staff.ID {
		t.Fatalf("matter's log %+v", got)
	}
	byContact, err := communications.ForContact(context.Background(), w.pool, anna, communications.Filter{})
	must(t, err)
	followUps, err := communications.FollowUpsFor(context.Background(), w.pool, staff.ID)
	must(t, err)
	if len(byContact) != 1 || len(followUps) != 1 {
		t.Fatalf("contact's log %d entries, follow-ups %d", len(byContact), len(followUps))
	}
}

func TestLogCommunicationRetryAndRefusals(t *testing.T) {
	t.Parallel()
	w := newLogWorld(t)
	anna := w.person("Anna")
	h, err := commands.NewLogCommunicationHandler(w.log)
	must(t, err)
	cmd := commands.LogCommunication{Actor: staff, CommunicationID: uuid.NewString(),
		Links: communication.Links{ContactIDs: []string{anna}}, Details: phoneCall(today, "Ring", ""),
		FollowUp: &communication.FollowUp{DueOn: "2026-03-16"}}
	first, err := h.Handle(context.Background(), cmd)
	must(t, err)
	again, err := h.Handle(context.Background(), cmd)
	if err != nil || again != first {
		t.Fatalf("retry answered %+v, %v; first %+v", again, err, first)
	}
	for _, tt := range []struct {
		edit func(*commands.LogCommunication)
		kind domain.Kind
		code string
	}{
		{func(c *commands.LogCommunication) { c.Details.Body = "other" }, domain.KindConflict, "communication.id.taken"},
		{func(c *commands.LogCommunication) { c.CommunicationID = "x" }, domain.KindInvalid, "communication.id.format"},
		{func(c *commands.LogCommunication) { c.Actor = commands.Actor{} }, domain.KindForbidden, "auth.actor_required"},
		{func(c *commands.LogCommunication) { c.Links = communication.Links{MatterID: uuid.NewString()} }, domain.KindInvalid, "communication.matter.not_found"},
		{func(c *commands.LogCommunication) { c.Links.ContactIDs = []string{uuid.NewString()} }, domain.KindInvalid, "communication.contact.not_found"},
		{func(c *commands.LogCommunication) { c.Links = communication.Links{} }, domain.KindInvalid, "communication.links.required"},
		{func(c *commands.LogCommunication) { c.Details.OccurredAt = today.AddDate(6, 0, 0) }, domain.KindInvalid, "communication.date.range"},
	} {
		bad := cmd
		bad.CommunicationID = uuid.NewString()
		if tt.code == "communication.id.taken" {
			bad.CommunicationID = cmd.CommunicationID
		}
		tt.edit(&bad)
		_, err := h.Handle(context.Background(), bad)
		refusedWith(t, err, tt.kind, tt.code)
	}
	if n := w.rows(`events WHERE stream LIKE 'communication-%'`); n != 2 {
		t.Fatalf("%d communication events, want the first log's two", n)
	}
}

func TestCorrectDeleteAndFollowUp(t *testing.T) {
	t.Parallel()
	w := newLogWorld(t)
	matter := w.openMatter()
	older := w.logEntry(commands.LogCommunication{Links: communication.Links{MatterID: matter},
		Details: phoneCall(today.Add(-48*time.Hour), "Older", "")})
	newer := w.logEntry(commands.LogCommunication{Links: communication.Links{MatterID: matter},
		Details: phoneCall(today.Add(-24*time.Hour), "Newer", "")})
	correct, err := commands.NewCorrectCommunicationHandler(w.log)
	must(t, err)
	fixed := phoneCall(today.Add(-time.Hour), "Older, corrected", "")
	fixed.Kind = communication.KindMeeting
	res, err := correct.Handle(context.Background(), commands.CorrectCommunication{Actor: staff,
		CommunicationID: older.CommunicationID, ExpectedVersion: 0, Details: fixed})
	must(t, err)
	_, err = correct.Handle(context.Background(), commands.CorrectCommunication{Actor: staff,
		CommunicationID: older.CommunicationID, ExpectedVersion: 0, Details: phoneCall(today, "Stale", "")})
	refusedWith(t, err, domain.KindConflict, "communication.changed_meanwhile")

	w.seen("communications", res.Position)
	list, err := communications.ForMatter(context.Background(), w.pool, matter, communications.Filter{})
	must(t, err)
	if got := []string{list[0].SubjectLine, list[1].SubjectLine}; !slices.Equal(got, []string{"Older, corrected", "Newer"}) || !list[0].Corrected {
		t.Fatalf("newest first after the correction: %v", got)
	}
	meetings, err := communications.ForMatter(context.Background(), w.pool, matter,
		communications.Filter{Kinds: []communication.Kind{communication.KindMeeting}})
	must(t, err)
	if len(meetings) != 1 || meetings[0].ID != older.CommunicationID {
		t.Fatalf("meetings %v", meetings)
	}

	follow, err := commands.NewFollowUpHandler(w.log)
	must(t, err)
	flagged, err := follow.HandleFlag(context.Background(), commands.FlagFollowUp{Actor: staff,
		CommunicationID: newer.CommunicationID, FollowUp: communication.FollowUp{DueOn: "2026-03-18", AssignedTo: "staff-0002"}})
	must(t, err)
	deleted, err := correct.HandleDelete(context.Background(), commands.DeleteCommunication{Actor: staff,
		CommunicationID: newer.CommunicationID, ExpectedVersion: flagged.Version})
	must(t, err)
	_, err = follow.HandleFlag(context.Background(), commands.FlagFollowUp{Actor: staff,
		CommunicationID: newer.CommunicationID, ExpectedVersion: deleted.Version, FollowUp: communication.FollowUp{DueOn: "2026-03-18"}})
	refusedWith(t, err, domain.KindConflict, "communication.deleted")
	w.seen("communications", deleted.Position)
	if ups, _ := communications.FollowUpsFor(context.Background(), w.pool, "staff-0002"); len(ups) != 0 {
		t.Fatalf("a deleted entry's follow-up is still open: %+v", ups)
	}
	if list, _ := communications.ForMatter(context.Background(), w.pool, matter, communications.Filter{}); len(list) != 1 {
		t.Fatalf("deleted entry still listed: %d", len(list))
	}
}

func TestErasedContactsEntryRefusesCorrection(t *testing.T) {
	t.Parallel()
	w := newLogWorld(t)
	anna := w.person("Anna")
	res := w.logEntry(commands.LogCommunication{Links: communication.Links{ContactIDs: []string{anna}},
		Details: phoneCall(today, "About Anna", "")})
	_, err := w.keys.Shred(context.Background(), anna)
	must(t, err)
	correct, err := commands.NewCorrectCommunicationHandler(w.log)
	must(t, err)
	_, err = correct.Handle(context.Background(), commands.CorrectCommunication{Actor: staff,
		CommunicationID: res.CommunicationID, Details: phoneCall(today, "Again", "")})
	refusedWith(t, err, domain.KindErased, "communication.erased")
	_, err = correct.HandleDelete(context.Background(), commands.DeleteCommunication{Actor: staff, CommunicationID: res.CommunicationID})
	must(t, err)
}
