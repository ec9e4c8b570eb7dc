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

// contact gathers what contact id's retention runs from: its registration,
// its matters, whether a lawful basis or consent stands, and its last
// activity (the latest of its own changes, a communication it took part
// in, a matter of its closing, an entry in the GDPR register, and a
// data-subject request of theirs).
func (s sources) contact(ctx context.Context, id string) (gdprcmd.RetainedContact, error) {
	c, err := contacts.Get(ctx, s.j.Pool, id)
	if err != nil {
		return gdprcmd.RetainedContact{}, err
	}
	facts, err := matters.NewSubjectFacts(s.j.Pool).FactsOf(ctx, id)
	if err != nil {
		return gdprcmd.RetainedContact{}, err
	}
	facts.RegisteredAt, facts.LastActivity = c.CreatedAt, c.UpdatedAt
	for _, m := range facts.Matters {
		facts.LastActivity = latest(facts.LastActivity, m.ClosedAt)
	}
	state, err := gdprmodel.SubjectState(ctx, s.j.Pool, id)
	if err != nil {
		return gdprcmd.RetainedContact{}, err
	}
	facts.LastActivity = latest(facts.LastActivity, registerActivity(state))
	for _, last := range []func(context.Context, string) (time.Time, error){s.lastCommunication, s.lastRequest} {
		t, err := last(ctx, id)
		if err != nil {
			return gdprcmd.RetainedContact{}, err
		}
		facts.LastActivity = latest(facts.LastActivity, t)
	}
	return gdprcmd.RetainedContact{Facts: facts, HasBasis: state.HasBasis()}, nil
}

// lastRequest is when a data-subject request of theirs last changed: a
// person whose request is being answered is not forgotten meanwhile.
// Retention's own erasure request is no activity of theirs: a run that
// stopped half-way must still find the person due.
func (s sources) lastRequest(ctx context.Context, id string) (time.Time, error) {
	list, err := gdprmodel.Requests(ctx, s.j.Pool, gdprmodel.Filter{SubjectID: id, Limit: 500})
	var t time.Time
	for _, r := range list {
		if r.RequestID != gdprcmd.RetentionRequestID(id) {
			t = latest(t, latest(r.ReceivedAt, r.UpdatedAt))
		}
	}
	return t, err
}

// lastCommunication is when the newest entry the contact is in happened.
func (s sources) lastCommunication(ctx context.Context, id string) (time.Time, error) {
	list, err := communications.ForContact(ctx, s.j.Pool, id, communications.Filter{IncludeDeleted: true, Limit: 1})
	if err != nil || len(list) == 0 {
		return time.Time{}, err
	}
	return latest(list[0].OccurredAt, list[0].LoggedAt), nil
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
