package commands

import (
	"context"
	"errors"
	"slices"

	"github.com/klient-crm/klient/domain/gdpr"
	"github.com/klient-crm/klient/eventstore"
)

// sealedEvents counts, per stream, the events whose fields the subject's
// key seals: the subject's own streams and those SubjectRecords knows.
func (h *EraseSubjectHandler) sealedEvents(ctx context.Context, subject string) (map[string]int64, error) {
	names, err := h.d.Records.StreamsOf(ctx, subject)
	if err != nil {
		return nil, asDomainError(err)
	}
	names = append(names, gdpr.SubjectStreamName(subject), contactStream(subject).name)
	out := map[string]int64{}
	for _, name := range names {
		if _, seen := out[name]; seen {
			continue
		}
		n, err := h.d.Subjects.countSealed(ctx, name, subject)
		if err != nil {
			return nil, err
		}
		out[name] = n
	}
	for name, n := range out {
		if n == 0 {
			delete(out, name)
		}
	}
	return out, nil
}

// countSealed counts the events of stream name that list subject among
// those whose keys seal them.
func (j *journal) countSealed(ctx context.Context, name, subject string) (int64, error) {
	var n int64
	for from := uint64(0); ; {
		envs, err := j.store.ReadStream(ctx, name, from, pageSize)
		if errors.Is(err, eventstore.ErrStreamNotFound) {
			return n, nil
		}
		if err != nil {
			return 0, asDomainError(err)
		}
		for _, env := range envs {
			if slices.Contains(env.Metadata.Subjects, subject) {
				n++
			}
		}
		if len(envs) < pageSize {
			return n, nil
		}
		from = envs[len(envs)-1].Version + 1
	}
}
