package dpo

import (
	"slices"
	"time"

	"github.com/klient-crm/klient/domain"
)

// Discover decides to record breach e, discovered at e.DiscoveredAt (no
// later than now). The same record again under its ID decides nothing;
// other terms under that ID are a conflict.
func (b *Breach) Discover(e BreachDiscovered, now time.Time) ([]domain.Event, error) {
	var refErr, sumErr error
	e.Reference, refErr = cleanReference(e.Reference)
	e.Summary, sumErr = cleanBlock("summary", e.Summary, true)
	e.DiscoveredAt = e.DiscoveredAt.UTC().Truncate(time.Second)
	err := domain.JoinProblems(checkID("breach_id", e.BreachID, "dpo.breach.id"),
		checkID("recorded_by", e.RecordedBy, "dpo.actor.id"), refErr, sumErr,
		notFuture("discovered_at", e.DiscoveredAt, now, "dpo.breach.discovered_at"))
	switch {
	case err != nil:
		return nil, err
	case !b.Exists():
		return []domain.Event{e}, nil
	case b.discovered.Reference != e.Reference || !b.discovered.DiscoveredAt.Equal(e.DiscoveredAt) || b.discovered.Summary != e.Summary:
		return nil, domain.Conflict("another breach is recorded under this ID").WithCode("dpo.breach.id_taken")
	}
	return nil, nil
}

// Assess decides the facts IMY's form asks for, replacing any earlier
// assessment whole. The breach cannot start after it was discovered, nor
// end before it started.
func (b *Breach) Assess(e BreachAssessed, now time.Time) ([]domain.Event, error) {
	if err := b.exists(); err != nil {
		return nil, err
	}
	e.BreachID = b.ID()
	var p domain.Problems
	var err error
	e.Nature, err = cleanNatures(e.Nature)
	p.Add(err)
	for _, f := range []struct {
		name string
		text *string
	}{{"subject_categories", &e.SubjectCategories}, {"data_categories", &e.DataCategories}} {
		*f.text, err = cleanLine(f.name, *f.text, true)
		p.Add(err)
	}
	for _, f := range []struct {
		name string
		text *string
	}{{"consequences", &e.Consequences}, {"measures_taken", &e.MeasuresTaken}, {"measures_planned", &e.MeasuresPlanned}} {
		*f.text, err = cleanBlock(f.name, *f.text, f.name == "consequences")
		p.Add(err)
	}
	if e.SubjectsApprox < 0 {
		p.Add(domain.Invalid("subjects_approx", "a number of people cannot be negative").WithCode("dpo.breach.count"))
	}
	if e.RecordsApprox < 0 {
		p.Add(domain.Invalid("records_approx", "a number of records cannot be negative").WithCode("dpo.breach.count"))
	}
	if !slices.Contains(Severities, e.Severity) {
		p.Add(domain.Invalid("severity", "choose how severe the risk to people is").WithCode("dpo.breach.severity"))
	}
	p.Add(checkID("assessed_by", e.AssessedBy, "dpo.actor.id"))
	e.StartedAt, e.EndedAt = e.StartedAt.UTC().Truncate(time.Second), e.EndedAt.UTC().Truncate(time.Second)
	if !e.StartedAt.IsZero() && e.StartedAt.After(b.discovered.DiscoveredAt) {
		p.Add(domain.Invalid("started_at", "a breach cannot start after it was discovered").WithCode("dpo.breach.started_after_discovery"))
	}
	if !e.EndedAt.IsZero() {
		p.Add(notFuture("ended_at", e.EndedAt, now, "dpo.breach.ended_in_future"))
		if !e.StartedAt.IsZero() && e.EndedAt.Before(e.StartedAt) {
			p.Add(domain.Invalid("ended_at", "a breach cannot end before it started").WithCode("dpo.breach.ended_before_start"))
		}
	}
	if err := p.Err(); err != nil {
		return nil, err
	}
	return []domain.Event{e}, nil
}

// Report decides that IMY was notified at e.ReportedAt. The form needs an
// assessment first; a notification after the 72 hours must give the
// reasons for the delay (art. 33.1). Reported already on the same terms,
// it decides nothing.
func (b *Breach) Report(e BreachReported, now time.Time) ([]domain.Event, error) {
	if err := b.exists(); err != nil {
		return nil, err
	}
	e.BreachID = b.ID()
	e.ReportedAt = e.ReportedAt.UTC().Truncate(time.Second)
	var refErr, delayErr error
	e.IMYReference, refErr = cleanLine("imy_reference", e.IMYReference, false)
	e.DelayReason, delayErr = cleanBlock("delay_reason", e.DelayReason, false)
	err := domain.JoinProblems(refErr, delayErr, notFuture("reported_at", e.ReportedAt, now, "dpo.breach.reported_in_future"))
	if err == nil && e.ReportedAt.Before(b.discovered.DiscoveredAt) {
		err = domain.Invalid("reported_at", "a breach cannot be reported before it was discovered").WithCode("dpo.breach.reported_before_discovery")
	}
	if err == nil && e.ReportedAt.After(b.clock.Deadline) && e.DelayReason == "" {
		err = domain.Invalid("delay_reason", "a notification after 72 hours must give the reasons for the delay").WithCode("dpo.breach.delay_reason_required")
	}
	switch {
	case err == nil && !b.reported.IsZero() && b.reported.Equal(e.ReportedAt):
		return nil, nil // the same notification again
	case !b.clock.Running():
		return nil, domain.Conflict("the notification of this breach is already decided").WithCode("dpo.breach.decided")
	case !b.assessed:
		return nil, domain.Conflict("assess the breach before reporting it").WithCode("dpo.breach.unassessed")
	case err != nil:
		return nil, err
	}
	return []domain.Event{e}, nil
}

// DecideNotToReport decides, at now, that IMY is not notified, for
// reason: only a breach assessed as unlikely to result in a risk.
func (b *Breach) DecideNotToReport(reason string, now time.Time) ([]domain.Event, error) {
	if err := b.exists(); err != nil {
		return nil, err
	}
	reason, err := cleanBlock("reason", reason, true)
	switch {
	case err != nil:
		return nil, err
	case !b.clock.Running():
		return nil, domain.Conflict("the notification of this breach is already decided").WithCode("dpo.breach.decided")
	case !b.assessed:
		return nil, domain.Conflict("assess the breach before deciding not to report it").WithCode("dpo.breach.unassessed")
	case b.severity != SeverityUnlikely:
		return nil, domain.Conflict("a breach that is likely to result in a risk must be reported").WithCode("dpo.breach.must_report")
	}
	return []domain.Event{BreachNotReported{BreachID: b.ID(), DecidedAt: now.UTC().Truncate(time.Second), Reason: reason}}, nil
}

// InformSubjects decides that the data subjects were told at informedAt,
// how (art. 34).
func (b *Breach) InformSubjects(informedAt time.Time, how string, now time.Time) ([]domain.Event, error) {
	if err := b.exists(); err != nil {
		return nil, err
	}
	informedAt = informedAt.UTC().Truncate(time.Second)
	how, err := cleanLine("how", how, true)
	if err := domain.JoinProblems(err, notFuture("informed_at", informedAt, now, "dpo.breach.informed_in_future")); err != nil {
		return nil, err
	}
	if b.told {
		return nil, domain.Conflict("whether the people were told is already recorded").WithCode("dpo.breach.subjects_decided")
	}
	return []domain.Event{BreachSubjectsInformed{BreachID: b.ID(), InformedAt: informedAt, How: how}}, nil
}

// DecideNotToInform decides, at now, that the data subjects are not told,
// for reason.
func (b *Breach) DecideNotToInform(reason string, now time.Time) ([]domain.Event, error) {
	if err := b.exists(); err != nil {
		return nil, err
	}
	reason, err := cleanBlock("reason", reason, true)
	if err != nil {
		return nil, err
	}
	if b.told {
		return nil, domain.Conflict("whether the people were told is already recorded").WithCode("dpo.breach.subjects_decided")
	}
	return []domain.Event{BreachSubjectsNotInformed{BreachID: b.ID(), DecidedAt: now.UTC().Truncate(time.Second), Reason: reason}}, nil
}

// Supplement decides a supplement to the notification at now (art. 33.4):
// only once IMY has been notified.
func (b *Breach) Supplement(text string, now time.Time) ([]domain.Event, error) {
	if err := b.exists(); err != nil {
		return nil, err
	}
	text, err := cleanBlock("text", text, true)
	if err != nil {
		return nil, err
	}
	if b.reported.IsZero() {
		return nil, domain.Conflict("a supplement follows a notification to IMY").WithCode("dpo.breach.not_reported")
	}
	return []domain.Event{BreachSupplemented{BreachID: b.ID(), SupplementedAt: now.UTC().Truncate(time.Second), Text: text}}, nil
}

func notFuture(field string, t, now time.Time, code string) error {
	switch {
	case t.IsZero():
		return domain.Invalid(field, "say when").WithCode("dpo.time.required")
	case t.After(now):
		return domain.Invalid(field, "this cannot be in the future").WithCode(code)
	}
	return nil
}
