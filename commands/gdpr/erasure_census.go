package gdpr

import (
	"context"
	"slices"

	"github.com/klient-crm/klient/commands/journal"
	"github.com/klient-crm/klient/domain/contact"
	domaingdpr "github.com/klient-crm/klient/domain/gdpr"
	"github.com/klient-crm/klient/eventstore"
)

// sealedEvents counts, per stream, the events whose fields the subject's
// key seals: the subject's own streams and those SubjectRecords knows.
func (h *EraseSubjectHandler) sealedEvents(ctx context.Context, subject string) (map[string]int64, error) {
	names, err := h.d.Records.StreamsOf(ctx, subject)
	if err != nil {
		return nil, journal.AsDomainError(err)
	}
	names = append(names, domaingdpr.SubjectStreamName(subject), contact.StreamName(subject))
	out := map[string]int64{}
	for _, name := range names {
		if _, seen := out[name]; seen {
			continue
		}
		n, err := countSealed(ctx, &h.d.Subjects.journal, name, subject)
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
func countSealed(ctx context.Context, j *journal.Journal, name, subject string) (int64, error) {
	var n int64
	err := j.Read(ctx, name, 0, func(env eventstore.Envelope) error {
		if slices.Contains(env.Metadata.Subjects, subject) {
			n++
		}
		return nil
	})
	if err != nil {
		return 0, err
	}
	return n, nil
}
