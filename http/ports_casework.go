package http

import (
	"context"

	mattercmd "github.com/klient-crm/klient/commands/matter"
)

// Casework is the write and read sides of a lawyer's daily work that
// cmd/klient wires in. Every field is required.
type Casework struct {
	Matters          MatterCommands
	MatterReads      MatterDirectory
	Communications   CommunicationCommands
	CommunicationLog CommunicationDirectory
	Documents        DocumentCommands
	Files            DocumentDirectory
	Work             WorkCommands
	WorkReads        WorkDirectory
}

func (c Casework) validate(check func(ok bool, name string)) {
	m := c.Matters
	check(present(m.Open), "Casework.Matters.Open")
	check(present(m.Details), "Casework.Matters.Details")
	check(present(m.Parties), "Casework.Matters.Parties")
	check(present(m.Lifecycle), "Casework.Matters.Lifecycle")
	check(present(m.Conflicts), "Casework.Matters.Conflicts")
	check(present(m.Staffing), "Casework.Matters.Staffing")
	check(present(m.PracticeAreas), "Casework.Matters.PracticeAreas")
	check(present(c.MatterReads), "Casework.MatterReads")
	check(present(c.Communications.Log), "Casework.Communications.Log")
	check(present(c.Communications.FollowUps), "Casework.Communications.FollowUps")
	check(present(c.Communications.Correct), "Casework.Communications.Correct")
	check(present(c.CommunicationLog), "Casework.CommunicationLog")
	check(present(c.Documents.Attach), "Casework.Documents.Attach")
	check(present(c.Files), "Casework.Files")
	w := c.Work
	check(present(w.CreateTask), "Casework.Work.CreateTask")
	check(present(w.TaskStatus), "Casework.Work.TaskStatus")
	check(present(w.TaskUpdate), "Casework.Work.TaskUpdate")
	check(present(w.SetDeadline), "Casework.Work.SetDeadline")
	check(present(w.Deadlines), "Casework.Work.Deadlines")
	check(present(c.WorkReads), "Casework.WorkReads")
}

// The read models casework handlers wait for after their own writes.
const (
	mattersProjector        = "matters"
	conflictsProjector      = "conflict_index"
	communicationsProjector = "communications"
	documentsProjector      = "documents"
	workProjector           = "work"
)

// awaitMatter waits until the matters read model shows res.
func (s *server) awaitMatter(ctx context.Context, res mattercmd.MatterResult) {
	s.await(ctx, mattersProjector, res.Position)
}
