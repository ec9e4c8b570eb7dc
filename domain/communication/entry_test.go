package communication

import (
	"testing"

	"github.com/klient-crm/klient/domain"
)

func TestLogSealsWithTheMatterKeyElseTheFirstContact(t *testing.T) {
	t.Parallel()
	tests := []struct {
		links Links
		want  string
	}{
		{Links{MatterID: matterID, ContactIDs: []string{contactA}}, matterKey},
		{Links{MatterID: matterID}, matterKey},
		{Links{ContactIDs: []string{contactB, contactA, contactB}}, contactB},
	}
	for _, tt := range tests {
		events, err := new(Entry).Log(entryID, tt.links, call(), nil, now)
		decided(t, events, err, CommunicationLogged{})
		if got := events[0].(CommunicationLogged); got.DataSubject != tt.want {
			t.Errorf("links %+v sealed for %q, want %q", tt.links, got.DataSubject, tt.want)
		}
	}
}

func TestLogWithFollowUpAndRetry(t *testing.T) {
	t.Parallel()
	e := new(Entry)
	links := Links{ContactIDs: []string{contactA}}
	f := &FollowUp{DueOn: "2026-03-20", AssignedTo: staffID}
	events, err := e.Log(entryID, links, call(), f, now)
	decided(t, events, err, CommunicationLogged{}, FollowUpFlagged{})
	for _, ev := range events {
		e.Apply(ev)
	}
	if got, ok := e.FollowUp(); !ok || got != *f || e.Version() != 1 {
		t.Fatalf("follow-up %+v %v at version %d", got, ok, e.Version())
	}
	events, err = e.Log(entryID, links, call(), f, now)
	if err != nil || len(events) != 0 {
		t.Fatalf("a faithful retry decided %v, %v", events, err)
	}
	other := call()
	other.Body = "Något annat"
	events, err = e.Log(entryID, links, other, nil, now)
	refused(t, events, err, domain.KindConflict, "communication.id.taken")
}

func TestCorrectAndDelete(t *testing.T) {
	t.Parallel()
	e := logged(t)
	events, err := e.Correct(call(), now)
	if err != nil || len(events) != 0 {
		t.Fatalf("unchanged facts decided %v, %v", events, err)
	}
	d := call()
	d.Kind, d.Body = KindMeeting, "Möte i stället.\r\n"
	events, err = e.Correct(d, now)
	decided(t, events, err, CommunicationCorrected{})
	if c := events[0].(CommunicationCorrected); c.DataSubject != matterKey || c.Content.Body != "Möte i stället." {
		t.Fatalf("correction %+v", c)
	}
	e.Apply(events[0])
	events, err = e.Delete()
	decided(t, events, err, CommunicationDeleted{})
	e.Apply(events[0])
	events, err = e.Delete()
	if err != nil || len(events) != 0 {
		t.Fatalf("deleting again decided %v, %v", events, err)
	}
	events, err = e.Correct(d, now)
	refused(t, events, err, domain.KindConflict, "communication.deleted")
	events, err = e.FlagFollowUp(FollowUp{DueOn: "2026-04-01", AssignedTo: staffID}, now)
	refused(t, events, err, domain.KindConflict, "communication.deleted")
}

func TestFollowUps(t *testing.T) {
	t.Parallel()
	e := logged(t)
	events, err := e.ClearFollowUp()
	if err != nil || len(events) != 0 {
		t.Fatalf("clearing no follow-up decided %v, %v", events, err)
	}
	f := FollowUp{DueOn: "2026-04-01", AssignedTo: staffID}
	events, err = e.FlagFollowUp(f, now)
	decided(t, events, err, FollowUpFlagged{})
	e.Apply(events[0])
	if events, err = e.FlagFollowUp(f, now); err != nil || len(events) != 0 {
		t.Fatalf("the same flag again decided %v, %v", events, err)
	}
	events, err = e.FlagFollowUp(FollowUp{DueOn: "2040-01-01", AssignedTo: staffID}, now)
	refused(t, events, err, domain.KindInvalid, "communication.date.range")
	events, err = e.FlagFollowUp(FollowUp{DueOn: "1/4 2026", AssignedTo: staffID}, now)
	refused(t, events, err, domain.KindInvalid, "communication.date.format")
	events, err = e.ClearFollowUp()
	decided(t, events, err, FollowUpCleared{})
}

func TestErasedEntry(t *testing.T) {
	t.Parallel()
	var e Entry
	e.ApplyErased(CommunicationLogged{CommunicationID: entryID, MatterID: matterID, DataSubject: matterKey, Kind: KindNote})
	e.Apply(FollowUpFlagged{CommunicationID: entryID, DueOn: "2026-04-01", AssignedTo: staffID})
	events, err := e.Correct(call(), now)
	refused(t, events, err, domain.KindErased, "communication.erased")
	refused(t, nil, e.CheckAttachable(), domain.KindErased, "communication.erased")
	events, err = e.Log(entryID, Links{MatterID: matterID}, call(), nil, now)
	refused(t, events, err, domain.KindErased, "communication.erased")
	events, err = e.ClearFollowUp()
	decided(t, events, err, FollowUpCleared{})
	events, err = e.Delete()
	decided(t, events, err, CommunicationDeleted{})
}

func TestMissingEntry(t *testing.T) {
	t.Parallel()
	var e Entry
	for name, decide := range map[string]func() ([]domain.Event, error){
		"correct": func() ([]domain.Event, error) { return e.Correct(call(), now) },
		"clear":   e.ClearFollowUp,
		"delete":  e.Delete,
	} {
		events, err := decide()
		if len(events) != 0 || codeOf(err) != "communication.not_found" {
			t.Errorf("%s: %v, %v", name, events, err)
		}
	}
}
