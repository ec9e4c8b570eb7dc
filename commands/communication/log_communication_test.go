package communication_test

import (
	"bytes"
	"context"
	"testing"
	"time"

	"github.com/google/uuid"

	commcmd "github.com/klient-crm/klient/commands/communication"
	"github.com/klient-crm/klient/commands/journal"
	"github.com/klient-crm/klient/domain"
	"github.com/klient-crm/klient/domain/communication"
	"github.com/klient-crm/klient/projections/communications"
)

func TestLogCommunicationSealsTextAndShowsInTheLog(t *testing.T) {
	t.Parallel()
	w := newLogWorld(t)
	matter, anna := w.OpenMatter(), w.Person("Anna")
	res := w.LogEntry(commcmd.LogCommunication{
		Links:    communication.Links{MatterID: matter, ContactIDs: []string{anna}},
		Details:  phoneCall(today.Add(-time.Hour), "Secret-subject-7731", "Secret-body-5519\nline two"),
		FollowUp: &communication.FollowUp{DueOn: "2026-03-20"}})
	if res.Version != 1 {
		t.Fatalf("result %+v: want the follow-up as version 1", res)
	}
	var data [][]byte
	rows, err := w.Pool.Query(context.Background(), `SELECT data FROM events`)
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

	w.Seen("communications", res.Position)
	got, err := communications.ForMatter(context.Background(), w.Pool, matter, communications.Filter{})
	must(t, err)
	if len(got) != 1 || got[0].SubjectLine != "Secret-subject-7731" || got[0].DataSubject != "matter-"+matter ||
		got[0].FollowUp == nil || got[0].FollowUp.AssignedTo != staff.ID {
		t.Fatalf("matter's log %+v", got)
	}
	byContact, err := communications.ForContact(context.Background(), w.Pool, anna, communications.Filter{})
	must(t, err)
	followUps, err := communications.FollowUpsFor(context.Background(), w.Pool, staff.ID, 0)
	must(t, err)
	if len(byContact) != 1 || len(followUps) != 1 {
		t.Fatalf("contact's log %d entries, follow-ups %d", len(byContact), len(followUps))
	}
}

func TestLogCommunicationRetryAndRefusals(t *testing.T) {
	t.Parallel()
	w := newLogWorld(t)
	anna := w.Person("Anna")
	h, err := commcmd.NewLogCommunicationHandler(w.Log)
	must(t, err)
	cmd := commcmd.LogCommunication{Actor: staff, CommunicationID: uuid.NewString(),
		Links: communication.Links{ContactIDs: []string{anna}}, Details: phoneCall(today, "Ring", ""),
		FollowUp: &communication.FollowUp{DueOn: "2026-03-16"}}
	first, err := h.Handle(context.Background(), cmd)
	must(t, err)
	again, err := h.Handle(context.Background(), cmd)
	if err != nil || again != first {
		t.Fatalf("retry answered %+v, %v; first %+v", again, err, first)
	}
	for _, tt := range []struct {
		edit func(*commcmd.LogCommunication)
		kind domain.Kind
		code string
	}{
		{func(c *commcmd.LogCommunication) { c.Details.Body = "other" }, domain.KindConflict, "communication.id.taken"},
		{func(c *commcmd.LogCommunication) { c.CommunicationID = "x" }, domain.KindInvalid, "communication.id.format"},
		{func(c *commcmd.LogCommunication) { c.Actor = journal.Actor{} }, domain.KindForbidden, "auth.actor_required"},
		{func(c *commcmd.LogCommunication) { c.Links = communication.Links{MatterID: uuid.NewString()} }, domain.KindInvalid, "communication.matter.not_found"},
		{func(c *commcmd.LogCommunication) { c.Links.ContactIDs = []string{uuid.NewString()} }, domain.KindInvalid, "communication.contact.not_found"},
		{func(c *commcmd.LogCommunication) { c.Links = communication.Links{} }, domain.KindInvalid, "communication.links.required"},
		{func(c *commcmd.LogCommunication) { c.Details.OccurredAt = today.AddDate(6, 0, 0) }, domain.KindInvalid, "communication.date.range"},
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
	if n := w.Rows(`events WHERE stream LIKE 'communication-%'`); n != 2 {
		t.Fatalf("%d communication events, want the first log's two", n)
	}
}
