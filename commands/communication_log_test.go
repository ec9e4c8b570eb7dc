package commands_test

import (
	"bytes"
	"context"
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
	followUps, err := communications.FollowUpsFor(context.Background(), w.pool, staff.ID, 0)
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
