package work_test

import (
	"context"
	"testing"

	"github.com/google/uuid"

	workcmd "github.com/klient-crm/klient/commands/work"
	klientcrypto "github.com/klient-crm/klient/crypto"
	"github.com/klient-crm/klient/domain"
	"github.com/klient-crm/klient/domain/work"
	"github.com/klient-crm/klient/eventstore"
)

// Redacting a task's text (issue 11, item 5) stores the corrected text
// under a new entry key and destroys the key that sealed every earlier
// version: the log can no longer open the name in either of them, while
// the matter's other tasks stay readable.
func TestRedactingATaskDestroysItsEarlierText(t *testing.T) {
	t.Parallel()
	w := newWorkWorld(t)
	ctx := context.Background()
	matter := uuid.NewString()
	create := handler(t, workcmd.NewCreateTaskHandler, w)
	res, err := create.Handle(ctx, workcmd.CreateTask{Actor: staff, Title: "Ring Zoltan Kvarnbäck",
		Assignee: work.StaffAssignee(w.anna), Due: "2026-04-01", MatterID: matter})
	must(t, err)
	other, err := create.Handle(ctx, workcmd.CreateTask{Actor: staff, Title: "Skriv stämning",
		Assignee: work.StaffAssignee(w.anna), Due: "2026-04-01", MatterID: matter})
	must(t, err)
	changed, err := handler(t, workcmd.NewTaskUpdateHandler, w).HandleDetails(ctx, workcmd.ChangeTaskDetails{Actor: staff,
		TaskID: res.ID, ExpectedVersion: res.Version, Title: "Ring Zoltan Kvarnbäck igen", Description: "om vittnesmålet"})
	must(t, err)

	redact, err := workcmd.NewRedactTaskHandler(w.work, shredder{w.keyring})
	must(t, err)
	_, err = redact.Handle(ctx, workcmd.RedactTaskText{Actor: staff, TaskID: res.ID, ExpectedVersion: res.Version,
		Title: "Ring [raderad person]"})
	refusedWith(t, err, domain.KindConflict, "work.task.changed_meanwhile")
	_, err = redact.Handle(ctx, workcmd.RedactTaskText{Actor: staff, TaskID: res.ID, ExpectedVersion: changed.Version,
		Title: "Ring [raderad person] igen", Description: "om vittnesmålet"})
	must(t, err)

	codec := eventstore.NewCodec(w.keyring)
	must(t, codec.Register(work.Events()...))
	envs, err := w.store.ReadStream(ctx, work.TaskStreamName(res.ID), 0, 10)
	must(t, err)
	var texts []work.TaskText
	for _, env := range envs {
		d, err := codec.Decode(ctx, env)
		must(t, err)
		switch e := d.Event.(type) {
		case work.TaskCreated:
			texts = append(texts, e.Text)
		case work.TaskDetailsChanged:
			texts = append(texts, e.Text)
		case work.TaskTextRedacted:
			texts = append(texts, e.Text)
			if e.Replaced != domain.EntryKey(work.MatterSubject(matter), "task-"+res.ID) || len(d.Erased) != 0 {
				t.Errorf("redaction replaced %q, erased %v", e.Replaced, d.Erased)
			}
		}
	}
	want := []work.TaskText{{}, {}, {Title: "Ring [raderad person] igen", Description: "om vittnesmålet"}}
	if len(texts) != len(want) || texts[0] != want[0] || texts[1] != want[1] || texts[2] != want[2] {
		t.Fatalf("texts the log opens = %+v; want the earlier two unreadable and %+v", texts, want[2])
	}
	_, err = handler(t, workcmd.NewTaskUpdateHandler, w).HandleDetails(ctx, workcmd.ChangeTaskDetails{Actor: staff,
		TaskID: res.ID, ExpectedVersion: changed.Version + 1, Title: "Ringt", Description: "klart"})
	must(t, err) // the redacted text is the task's text now, and may be changed
	_, err = handler(t, workcmd.NewTaskUpdateHandler, w).HandleDetails(ctx, workcmd.ChangeTaskDetails{Actor: staff,
		TaskID: other.ID, ExpectedVersion: other.Version, Title: "Skriv stämningsansökan"})
	must(t, err) // the matter's other task is untouched
}

// shredder is the key ring as the redaction commands use it (production
// journals the tombstone too: internal/erasure's KeyShredder).
type shredder struct{ keys *klientcrypto.Keyring }

func (s shredder) ShredKey(ctx context.Context, subject string) error {
	_, err := s.keys.Shred(ctx, subject)
	return err
}
