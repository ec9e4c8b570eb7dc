package retention

import (
	"context"
	"time"

	gdprcmd "github.com/klient-crm/klient/commands/gdpr"
	"github.com/klient-crm/klient/domain/gdpr"
	"github.com/klient-crm/klient/projections/communications"
	"github.com/klient-crm/klient/projections/contacts"
	gdprmodel "github.com/klient-crm/klient/projections/gdpr"
	"github.com/klient-crm/klient/projections/matters"
)

// page is how many contacts retention weighs per round of queries.
const page = 500

// contacts gathers what the retention of each contact of a page runs from:
// its registration, its matters, whether a lawful basis or consent stands,
// and its last activity (the latest of its own changes, a communication it
// took part in, a matter of its closing, an entry in the GDPR register, and
// a data-subject request of theirs). Each read model answers for the whole
// page at once: asking per contact took 10 minutes at a million events,
// competing with the pages all the while.
func (s sources) contacts(ctx context.Context, lives []contacts.Lifetime) ([]gdprcmd.RetainedContact, error) {
	ids := make([]string, len(lives))
	for i, c := range lives {
		ids[i] = c.ID
	}
	facts, err := matters.NewSubjectFacts(s.j.Pool).FactsOfMany(ctx, ids)
	if err != nil {
		return nil, err
	}
	states, err := gdprmodel.SubjectStates(ctx, s.j.Pool, ids)
	if err != nil {
		return nil, err
	}
	said, err := communications.LatestOfContacts(ctx, s.j.Pool, ids)
	if err != nil {
		return nil, err
	}
	asked, err := s.lastRequests(ctx, ids)
	if err != nil {
		return nil, err
	}
	out := make([]gdprcmd.RetainedContact, len(lives))
	for i, c := range lives {
		f := facts[c.ID]
		f.RegisteredAt, f.LastActivity = c.CreatedAt, c.UpdatedAt
		for _, m := range f.Matters {
			f.LastActivity = latest(f.LastActivity, m.ClosedAt)
		}
		f.LastActivity = latest(latest(f.LastActivity, registerActivity(states[c.ID])), latest(said[c.ID], asked[c.ID]))
		out[i] = gdprcmd.RetainedContact{Facts: f, HasBasis: states[c.ID].HasBasis()}
	}
	return out, nil
}

// lastRequests is when a data-subject request of each of ids last changed:
// a person whose request is being answered is not forgotten meanwhile.
// Retention's own erasure request is no activity of theirs: a run that
// stopped half-way must still find the person due.
func (s sources) lastRequests(ctx context.Context, ids []string) (map[string]time.Time, error) {
	list, err := gdprmodel.RequestsOfSubjects(ctx, s.j.Pool, time.Time{}, ids)
	out := make(map[string]time.Time, len(list))
	for _, r := range list {
		if r.RequestID != gdprcmd.RetentionRequestID(r.SubjectID) {
			out[r.SubjectID] = latest(out[r.SubjectID], latest(r.ReceivedAt, r.UpdatedAt))
		}
	}
	return out, err
}

// registerActivity is the latest entry of the subject's GDPR register.
func registerActivity(s gdpr.SubjectState) time.Time {
	var t time.Time
	for _, b := range s.Bases {
		t = latest(t, latest(b.RecordedAt, b.EndedAt))
	}
	for _, c := range s.Consents {
		t = latest(t, latest(c.GivenAt, c.WithdrawnAt))
	}
	for _, o := range s.Objections {
		t = latest(t, o.At)
	}
	return latest(t, s.Restriction.Since)
}

func latest(a, b time.Time) time.Time {
	if a.After(b) {
		return a
	}
	return b
}
