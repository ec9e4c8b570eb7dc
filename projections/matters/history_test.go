package matters_test

import (
	"context"
	"slices"
	"testing"
	"time"

	"github.com/klient-crm/klient/domain"
	"github.com/klient-crm/klient/domain/matter"
	"github.com/klient-crm/klient/projections/matters"
)

// A matter's whole life, one event of each kind.
func TestHistoryListsEveryEvent(t *testing.T) {
	t.Parallel()
	w := newWorld(t)
	client, witness := newID(), newID()
	id := w.open("2026-0001", "Tvist om hyresavtal", map[string]matter.PartyRole{client: matter.RoleClient})
	s := matter.StreamName(id)
	w.Write(s,
		matter.PartyAdded{MatterID: id, PartyID: "party-w", ContactID: witness, Role: matter.RoleWitness, Note: "granne"},
		matter.PartyRoleChanged{MatterID: id, PartyID: "party-w", ContactID: witness, Role: matter.RoleCounterparty},
		matter.MatterDetailsChanged{MatterID: id, MatterSubject: matter.Subject(id), PracticeArea: "fastighetsrätt",
			DetailsSubject: domain.EntryKey(matter.Subject(id), "details"),
			Details:        matter.Details{Title: "Tvist om hyresavtal", Description: "Hyresvärden vill säga upp"}},
		matter.ResponsibleLawyerAssigned{MatterID: id, StaffID: "lawyer-2"},
		matter.TeamChanged{MatterID: id, Members: []string{"assistant-1"}, Teams: []string{"tvist"}},
		matter.AccessGranted{MatterID: id, StaffID: "partner-1"},
		matter.AccessRevoked{MatterID: id, StaffID: "partner-1"},
		matter.ConflictCheckRecorded{MatterID: id, MatterSubject: matter.Subject(id), CheckID: "check-1", RanAt: time.Now(),
			Position: matter.LogPosition{Commit: 7, Prepare: 3}, Decision: matter.DecisionWaived, Reason: "samtycke", DecidedBy: "lawyer-2",
			Inputs: []matter.PartyProbe{{ContactID: client, Names: []string{"Åsa Öberg"}}, {ContactID: witness}},
			Hits:   []matter.ConflictHit{{ProbeContactID: witness, ContactID: witness, MatterID: "m-0", Kind: matter.MatchContact, Score: 1}}},
		matter.MatterActivated{MatterID: id},
		matter.NoteAdded{MatterID: id, MatterSubject: matter.Subject(id), NoteID: "note-1",
			TextSubject: domain.EntryKey(matter.Subject(id), "note-note-1"), Text: "Möte med klienten"},
		matter.PartyRemoved{MatterID: id, PartyID: "party-w", ContactID: witness},
		matter.MatterClosed{MatterID: id},
		matter.MatterReopened{MatterID: id, MatterSubject: matter.Subject(id), Status: matter.StatusOpen,
			ReasonSubject: domain.EntryKey(matter.Subject(id), "details"), Reason: "överklagat"},
		matter.MatterClosed{MatterID: id},
		matter.MatterArchived{MatterID: id},
	)
	w.caughtUp()
	ctx := context.Background()

	history, err := matters.History(ctx, w.Pool, id)
	must(t, err)
	if len(history) != 17 {
		t.Fatalf("history holds %d events, want 17", len(history))
	}
	for i, c := range history {
		if c.Version != uint64(i) || c.Actor != "staff-1" || c.OccurredAt.IsZero() || (i > 0 && !history[i-1].Position.Less(c.Position)) {
			t.Fatalf("change %d: %+v", i, c)
		}
	}
	want := map[int]map[string]any{
		0:  {"number": "2026-0001", "status": "intake"},
		3:  {"role": "counterparty", "previous_role": "witness"},
		4:  {"changed": []any{"description", "practice_area"}},
		5:  {"staff_id": "lawyer-2", "previous_staff_id": "lawyer-1"},
		9:  {"decision": "waived", "hits": float64(1), "position": "7/3"},
		12: {"previous_role": "counterparty"},
		16: {"status": "archived"},
	}
	for i, kv := range want {
		for k, v := range kv {
			if got := history[i].Summary[k]; !equalJSON(got, v) {
				t.Errorf("change %d (%s) summary[%s] = %v, want %v", i, history[i].Type, k, got, v)
			}
		}
	}
	checkFinalState(t, w, id, client)
}

func checkFinalState(t *testing.T, w *world, id, client string) {
	t.Helper()
	ctx := context.Background()
	m, err := matters.Get(ctx, w.Pool, id)
	must(t, err)
	if m.Status != matter.StatusArchived || m.ArchivedAt.IsZero() || m.ActivatedAt.IsZero() || m.ReopenedAt.IsZero() ||
		m.PracticeArea != "fastighetsrätt" || m.Description == "" || m.ResponsibleLawyer != "lawyer-2" ||
		!slices.Equal(m.TeamMembers, []string{"assistant-1"}) || len(m.Grants) != 0 ||
		!slices.Equal(m.ClientIDs, []string{client}) || m.ConflictDecision != matter.DecisionWaived || m.ConflictCheckCurrent || m.Version != 16 {
		t.Fatalf("final state %+v", m)
	}
	notes, err := matters.Notes(ctx, w.Pool, id)
	must(t, err)
	checks, err := matters.ConflictChecks(ctx, w.Pool, id)
	must(t, err)
	parties, err := matters.Parties(ctx, w.Pool, id)
	must(t, err)
	if len(notes) != 1 || notes[0].Text != "Möte med klienten" || len(checks) != 1 || checks[0].Inputs[0].Names[0] != "Åsa Öberg" ||
		checks[0].Hits[0].Kind != matter.MatchContact || len(parties) != 1 || parties[0].ContactID != client {
		t.Fatalf("notes %+v\nchecks %+v\nparties %+v", notes, checks, parties)
	}
}

func equalJSON(got, want any) bool {
	switch w := want.(type) {
	case []any:
		g, ok := got.([]any)
		return ok && slices.Equal(g, w)
	}
	return got == want
}
