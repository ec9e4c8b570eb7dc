package http

import (
	"context"

	mattercmd "github.com/klient-crm/klient/commands/matter"
	"github.com/klient-crm/klient/http/web"
)

// Casework is the write and read sides of a lawyer's daily work that
// cmd/klient wires in. Every field is required.
type Casework struct {
	Matters          MatterCommands
	MatterReads      web.MatterDirectory
	Communications   CommunicationCommands
	CommunicationLog CommunicationDirectory
	Documents        DocumentCommands
	Files            DocumentDirectory
	Work             WorkCommands
	WorkReads        WorkDirectory
}

func (c Casework) validate(check func(ok bool, name string)) {
	m := c.Matters
	check(web.Present(m.Open), "Casework.Matters.Open")
	check(web.Present(m.Details), "Casework.Matters.Details")
	check(web.Present(m.Parties), "Casework.Matters.Parties")
	check(web.Present(m.Lifecycle), "Casework.Matters.Lifecycle")
	check(web.Present(m.Conflicts), "Casework.Matters.Conflicts")
	check(web.Present(m.Staffing), "Casework.Matters.Staffing")
	check(web.Present(m.PracticeAreas), "Casework.Matters.PracticeAreas")
	check(web.Present(c.MatterReads), "Casework.MatterReads")
	check(web.Present(c.Communications.Log), "Casework.Communications.Log")
	check(web.Present(c.Communications.FollowUps), "Casework.Communications.FollowUps")
	check(web.Present(c.Communications.Correct), "Casework.Communications.Correct")
	check(web.Present(c.CommunicationLog), "Casework.CommunicationLog")
	check(web.Present(c.Documents.Attach), "Casework.Documents.Attach")
	check(web.Present(c.Files), "Casework.Files")
	w := c.Work
	check(web.Present(w.CreateTask), "Casework.Work.CreateTask")
	check(web.Present(w.TaskStatus), "Casework.Work.TaskStatus")
	check(web.Present(w.TaskUpdate), "Casework.Work.TaskUpdate")
	check(web.Present(w.SetDeadline), "Casework.Work.SetDeadline")
	check(web.Present(w.Deadlines), "Casework.Work.Deadlines")
	check(web.Present(c.WorkReads), "Casework.WorkReads")
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
	s.Await(ctx, mattersProjector, res.Position)
}
