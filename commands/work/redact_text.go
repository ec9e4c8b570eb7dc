package work

import (
	"context"
	"errors"
	"time"

	"github.com/klient-crm/klient/commands/journal"
	"github.com/klient-crm/klient/domain"
	domainwork "github.com/klient-crm/klient/domain/work"
)

// RedactTaskText replaces a task's title and description with a corrected
// text under a new entry key and destroys the key of the text it replaces
// (docs/gdpr.md, "Mentions in other matters"). Who may redact is the
// edge's to check.
type RedactTaskText struct {
	Actor           journal.Actor
	TaskID          string
	ExpectedVersion uint64
	Title           string
	Description     string
}

// RedactTaskHandler handles RedactTaskText.
type RedactTaskHandler struct {
	work *Work
	keys journal.KeyShredder
}

// NewRedactTaskHandler returns the handler.
func NewRedactTaskHandler(work *Work, keys journal.KeyShredder) (*RedactTaskHandler, error) {
	if work == nil || keys == nil {
		return nil, errors.New("commands.NewRedactTaskHandler: the work repository and a key shredder are required")
	}
	return &RedactTaskHandler{work: work, keys: keys}, nil
}

// Handle appends TaskTextRedacted, then destroys every key the task's
// redactions have replaced (again, after a crash between the two).
func (h *RedactTaskHandler) Handle(ctx context.Context, cmd RedactTaskText) (WorkResult, error) {
	var retired []string
	res, err := h.work.changeTask(ctx, cmd.Actor, cmd.TaskID, cmd.ExpectedVersion, func(t *domainwork.Task, _ time.Time) ([]domain.Event, error) {
		events, err := t.RedactText(cmd.Title, cmd.Description)
		retired = append([]string(nil), t.RetiredKeys()...)
		for _, ev := range events {
			if r, ok := ev.(domainwork.TaskTextRedacted); ok {
				retired = append(retired, r.Replaced)
			}
		}
		return events, err
	})
	if err != nil {
		return WorkResult{}, err
	}
	if err := shredRetired(ctx, h.keys, retired); err != nil {
		return WorkResult{}, err
	}
	return res, nil
}

// RedactDeadlineText replaces a deadline's title and the reasons it was
// moved or cancelled (oldest first, every one) with a corrected text under
// a new entry key and destroys the key of the text it replaces, as
// RedactTaskText does for a task.
type RedactDeadlineText struct {
	Actor           journal.Actor
	DeadlineID      string
	ExpectedVersion uint64
	Title           string
	Reasons         []string
}

// RedactDeadlineHandler handles RedactDeadlineText.
type RedactDeadlineHandler struct {
	work *Work
	keys journal.KeyShredder
}

// NewRedactDeadlineHandler returns the handler.
func NewRedactDeadlineHandler(work *Work, keys journal.KeyShredder) (*RedactDeadlineHandler, error) {
	if work == nil || keys == nil {
		return nil, errors.New("commands.NewRedactDeadlineHandler: the work repository and a key shredder are required")
	}
	return &RedactDeadlineHandler{work: work, keys: keys}, nil
}

// Handle appends DeadlineTextRedacted, then destroys every key the
// deadline's redactions have replaced (again, after a crash between the
// two).
func (h *RedactDeadlineHandler) Handle(ctx context.Context, cmd RedactDeadlineText) (WorkResult, error) {
	var retired []string
	res, err := h.work.changeDeadline(ctx, cmd.Actor, cmd.DeadlineID, cmd.ExpectedVersion, func(d *domainwork.Deadline, _ time.Time) ([]domain.Event, error) {
		events, err := d.RedactText(cmd.Title, cmd.Reasons)
		retired = append([]string(nil), d.RetiredKeys()...)
		for _, ev := range events {
			if r, ok := ev.(domainwork.DeadlineTextRedacted); ok {
				retired = append(retired, r.Replaced)
			}
		}
		return events, err
	})
	if err != nil {
		return WorkResult{}, err
	}
	if err := shredRetired(ctx, h.keys, retired); err != nil {
		return WorkResult{}, err
	}
	return res, nil
}

// shredRetired destroys the entry keys a redaction replaced (journalled:
// a restore must not bring the old text back); run again after a crash
// between the append and the shredding, it finds them in RetiredKeys.
func shredRetired(ctx context.Context, keys journal.KeyShredder, retired []string) error {
	for _, subject := range retired {
		if err := keys.ShredKey(ctx, subject); err != nil {
			return journal.AsDomainError(err)
		}
	}
	return nil
}
