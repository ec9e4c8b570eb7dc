package cdd

import (
	"context"
	"errors"
	"slices"
	"time"

	"github.com/klient-crm/klient/commands/journal"
	staffcmd "github.com/klient-crm/klient/commands/staff"
	"github.com/klient-crm/klient/domain"
	"github.com/klient-crm/klient/domain/access"
	domaincdd "github.com/klient-crm/klient/domain/cdd"
	"github.com/klient-crm/klient/eventstore"
)

// Records is the repository of due-diligence records (the cdd.Record
// aggregate on stream "cdd-<matterID>") and of the firm's general risk
// assessment, which the handlers share.
type Records struct{ journal journal.Journal }

// NewRecords returns the repository. The codec must have cdd.Events(),
// matter.Events(), contact.Events() and access.Events() registered; clock
// is the only source of "now".
func NewRecords(store journal.EventStore, codec journal.EventCodec, clock func() time.Time) (*Records, error) {
	j, err := journal.New("NewRecords", store, codec, clock)
	if err != nil {
		return nil, err
	}
	return &Records{journal: j}, nil
}

// RecordResult tells the caller where a command left the record.
type RecordResult struct {
	MatterID string
	Version  uint64              // send it back as ExpectedVersion with the next change
	Position eventstore.Position // wait for a read model to pass it (read-your-writes)
}

func requireRecords(handler string, records *Records) error {
	if records == nil {
		return errors.New("commands." + handler + ": records repository is required")
	}
	return nil
}

func recordStream(matterID string) journal.Stream {
	return journal.Stream{Name: domaincdd.RecordStreamName(matterID), StaleCode: "cdd.record.changed_meanwhile"}
}

// load rebuilds matter matterID's record; none yields one that does not
// exist.
func (r *Records) load(ctx context.Context, matterID string) (*domaincdd.Record, journal.Span, error) {
	rec := new(domaincdd.Record)
	sp, err := r.journal.ReplayAny(ctx, domaincdd.RecordStreamName(matterID), journal.Applier(rec))
	return rec, sp, err
}

func (r *Records) loader(matterID string) journal.Loader[*domaincdd.Record] {
	return func(ctx context.Context) (*domaincdd.Record, journal.Span, error) { return r.load(ctx, matterID) }
}

// Load returns matter matterID's record as it stands (one that does not
// exist when none was started), for the record's page.
func (r *Records) Load(ctx context.Context, matterID string) (*domaincdd.Record, error) {
	id, err := journal.ExistingID(matterID, domain.NotFound("there is no such matter").WithCode("matter.not_found"))
	if err != nil {
		return nil, err
	}
	rec, _, err := r.load(ctx, id)
	return rec, journal.AsNilOrDomain(err)
}

// Cleared answers the matter's activation (commands/matter.DueDiligence):
// nil when the record is approved as it stands and is of one of clients,
// the matter's clients now. A record of a client since replaced is none:
// its approval says nothing of the client the matter would open for.
func (r *Records) Cleared(ctx context.Context, matterID string, clients []string) error {
	rec, _, err := r.load(ctx, matterID)
	switch {
	case err != nil:
		return err
	case !rec.Exists() || !slices.Contains(clients, rec.ClientID()):
		return domain.Conflict("carry out the client's due diligence before opening the matter").WithCode("matter.cdd.required")
	case !rec.Approved():
		return domain.Conflict("the due-diligence record must be approved before the matter opens").WithCode("matter.cdd.not_approved")
	}
	return nil
}

// change runs a decision on matter rawID's existing record that the caller
// last saw at version expected.
func (r *Records) change(ctx context.Context, actor journal.Actor, rawID string, expected uint64, decide journal.Decision[*domaincdd.Record]) (RecordResult, error) {
	if err := actor.Check(); err != nil {
		return RecordResult{}, err
	}
	id, err := journal.ExistingID(rawID, domaincdd.RecordNotFound())
	if err != nil {
		return RecordResult{}, err
	}
	seen := func(rec *domaincdd.Record, now time.Time) ([]domain.Event, error) {
		if err := visible(actor, rec); err != nil {
			return nil, err
		}
		return decide(rec, now)
	}
	p, err := journal.ChangeOn(ctx, &r.journal, actor, recordStream(id), expected, r.loader(id), seen)
	if err != nil {
		return RecordResult{}, err
	}
	return RecordResult{MatterID: id, Version: p.Version, Position: p.Position}, nil
}

// visible refuses a record whose client the actor may not know of (an
// ethical wall) as the matter's web edge refuses an unknown matter: the
// record's client may be a co-client, whom the matter's gate does not
// weigh.
func visible(actor journal.Actor, rec *domaincdd.Record) error {
	if rec.Exists() && !actor.Sees(rec.ClientID()) {
		return domain.NotFound("there is no such matter").WithCode("matter.not_found")
	}
	return nil
}

// Assessment returns the firm's general risk assessment as it stands.
func (r *Records) Assessment(ctx context.Context) (*domaincdd.RiskAssessment, error) {
	a, _, err := r.loadAssessment(ctx)
	return a, err
}

func (r *Records) loadAssessment(ctx context.Context) (*domaincdd.RiskAssessment, journal.Span, error) {
	a := new(domaincdd.RiskAssessment)
	sp, err := r.journal.Replay(ctx, domaincdd.AssessmentStreamName(), "", func(ev domain.Event, _ bool) { a.Apply(ev) })
	return a, sp, err
}

// isOfficer reports whether staff member id is an active AML officer: read
// from the member's stream, so that a decision's ByOfficer is the log's
// fact and not the edge's say-so.
func (r *Records) isOfficer(ctx context.Context, id string) (bool, error) {
	m, _, err := staffcmd.LoadMember(ctx, &r.journal, id)
	return err == nil && m.Active() && slices.Contains(m.Roles(), access.RoleAMLOfficer), err
}
