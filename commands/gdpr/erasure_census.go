package gdpr

import (
	"context"
	"fmt"
	"slices"
	"strings"

	"github.com/klient-crm/klient/commands/journal"
	"github.com/klient-crm/klient/domain/contact"
	domaingdpr "github.com/klient-crm/klient/domain/gdpr"
	"github.com/klient-crm/klient/eventstore"
)

// sealedEvents counts, per stream, the events whose fields the keys of
// subjects seal (the erased subject first, then the contacts merged into
// it): their own streams and those SubjectRecords knows. An event sealed
// by two of them counts once. A merged contact's ID in a stream's name is
// written "{merged N}" (N its place in subjects), as the ledger writes the
// subject's "{subject}": the certificate names no one.
func (h *EraseSubjectHandler) sealedEvents(ctx context.Context, subjects []string) (map[string]int64, error) {
	var names []string
	for _, subject := range subjects {
		streams, err := h.d.Records.StreamsOf(ctx, subject)
		if err != nil {
			return nil, journal.AsDomainError(err)
		}
		names = append(append(names, streams...), domaingdpr.SubjectStreamName(subject), contact.StreamName(subject))
	}
	counted := map[string]bool{}
	out := map[string]int64{}
	for _, name := range names {
		if counted[name] {
			continue
		}
		counted[name] = true
		n, err := countSealed(ctx, &h.d.Subjects.journal, name, subjects)
		if err != nil {
			return nil, err
		}
		if n == 0 {
			continue
		}
		for i, m := range subjects[1:] {
			name = strings.ReplaceAll(name, m, fmt.Sprintf("{merged %d}", i+1))
		}
		out[name] += n
	}
	return out, nil
}

// countSealed counts the events of stream name that list any of subjects
// among those whose keys seal them.
func countSealed(ctx context.Context, j *journal.Journal, name string, subjects []string) (int64, error) {
	var n int64
	err := j.Read(ctx, name, 0, func(env eventstore.Envelope) error {
		if slices.ContainsFunc(env.Metadata.Subjects, func(s string) bool { return slices.Contains(subjects, s) }) {
			n++
		}
		return nil
	})
	if err != nil {
		return 0, err
	}
	return n, nil
}
