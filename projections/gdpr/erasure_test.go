package gdpr_test

import (
	"context"
	"testing"
	"time"

	"github.com/google/uuid"

	gdprcmd "github.com/klient-crm/klient/commands/gdpr"
	"github.com/klient-crm/klient/domain"
	gdprdomain "github.com/klient-crm/klient/domain/gdpr"
	"github.com/klient-crm/klient/eventstore"
	"github.com/klient-crm/klient/projections/gdpr"
)

// closedMatter is a SubjectFacts port: every subject was a party to one
// matter closed on 1 March 2026.
type closedMatter struct{}

func (closedMatter) FactsOf(_ context.Context, subject string) (gdprdomain.SubjectFacts, error) {
	closed := time.Date(2026, time.March, 1, 12, 0, 0, 0, time.UTC)
	return gdprdomain.SubjectFacts{SubjectID: subject, Matters: []gdprdomain.MatterFact{{MatterID: "m1", ClosedAt: closed}}}, nil
}

type noFacts struct{}

func (noFacts) FactsOf(context.Context, string) (gdprdomain.SubjectFacts, error) {
	return gdprdomain.SubjectFacts{}, nil
}

func (w *world) requestErasure(facts gdprcmd.SubjectFacts, requestID string) (gdprcmd.ErasurePlan, error) {
	w.T.Helper()
	h, err := gdprcmd.NewRequestErasureHandler(w.subjects, w.requests, facts, gdprdomain.DefaultRetentionRules)
	must(w.T, err)
	plan, err := h.Handle(context.Background(), gdprcmd.RequestErasure{Actor: staff, RequestID: requestID})
	w.Wrote(plan.Position)
	return plan, err
}

func TestScheduledErasureFallsDue(t *testing.T) {
	t.Parallel()
	w := newWorld(t)
	subject := w.person("Cecilia")
	req := w.request(subject, gdprdomain.KindErasure, "Radera mig")
	_, err := w.requestErasure(closedMatter{}, req.RequestID)
	refusedWith(t, err, "gdpr.erasure.held")
	w.caughtUp()
	if due, err := gdpr.DueErasures(context.Background(), w.Pool, w.clock); err != nil || len(due) != 0 {
		t.Fatalf("due today: %+v, %v", due, err)
	}
	if st := w.state(subject); !gdprdomain.Restricted(st) {
		t.Fatalf("held erasure left the subject unrestricted: %+v", st.Restriction)
	}
	due, err := gdpr.DueErasures(context.Background(), w.Pool, time.Date(2036, time.March, 2, 8, 0, 0, 0, time.UTC))
	must(t, err)
	if len(due) != 1 || due[0].Approved || due[0].EraseAt.String() != "2036-03-02" || len(due[0].Grounds) != 1 {
		t.Fatalf("due in 2036: %+v", due)
	}
}

// The executor's part, played here: approve, shred, record SubjectErased.
func TestErasedSubjectIsBlanked(t *testing.T) {
	t.Parallel()
	w := newWorld(t)
	ctx := context.Background()
	subject := w.person("David")
	w.basis(subject, gdprdomain.BasisLegitimateInterest, "matter_handling", "Hemlig avvägning")
	w.consent(subject, "Hemligt bevis")
	w.object(subject, gdprdomain.ObjectToProcessing, "Hemliga skäl")
	req := w.request(subject, gdprdomain.KindErasure, "Hemlig begäran")
	plan, err := w.requestErasure(noFacts{}, req.RequestID)
	must(t, err)
	w.caughtUp()
	due, err := gdpr.DueErasures(ctx, w.Pool, w.clock)
	must(t, err)
	if !plan.Approved || len(due) != 1 || !due[0].Approved {
		t.Fatalf("plan %+v, due %+v", plan, due)
	}

	tomb, err := w.Keys.Shred(ctx, subject)
	must(t, err)
	w.recordErasure(subject, req.RequestID, tomb.Fingerprint)
	w.caughtUp()
	w.checkBlank(subject, req.RequestID)
	must(t, w.RT.Rebuild(ctx, "gdpr", nil))
	w.checkBlank(subject, req.RequestID)

	h, err := gdprcmd.NewRecordObjectionHandler(w.subjects)
	must(t, err)
	_, err = h.Handle(ctx, gdprcmd.RecordObjection{Actor: staff, SubjectID: subject, To: gdprdomain.ObjectToDirectMarketing})
	if !domain.IsKind(err, domain.KindErased) {
		t.Fatalf("a command on an erased subject: %v", err)
	}
}

// recordErasure appends SubjectErased through the domain's decision, as
// the executor will.
func (w *world) recordErasure(subject, requestID, tombstone string) {
	w.T.Helper()
	ctx := context.Background()
	s := gdprdomain.NewSubject(subject)
	envs, err := w.Store.ReadStream(ctx, gdprdomain.SubjectStreamName(subject), 0, 100)
	must(w.T, err)
	for _, env := range envs {
		d, err := w.Codec.Decode(ctx, env)
		must(w.T, err)
		s.Apply(d.Event)
	}
	evs, err := s.RecordErasure(requestID, w.clock, tombstone)
	must(w.T, err)
	env, err := w.Codec.Encode(ctx, uuid.Must(uuid.NewV7()), evs[0], eventstore.Metadata{Actor: "erasure-executor", OccurredAt: w.clock})
	must(w.T, err)
	res, err := w.Store.Append(ctx, gdprdomain.SubjectStreamName(subject), eventstore.Exact(s.Version()), []eventstore.Envelope{env})
	must(w.T, err)
	w.Wrote(res.LastPosition)
}

func (w *world) checkBlank(subject, requestID string) {
	w.T.Helper()
	st := w.state(subject)
	if !st.Erased || st.Bases[0].Note != "" || st.Consents[0].Evidence != "" || st.Objections[0].Reason != "" {
		w.T.Fatalf("erased subject still shows sealed fields: %+v", st)
	}
	r, err := gdpr.GetRequest(context.Background(), w.Pool, requestID, w.clock)
	must(w.T, err)
	if !r.Erased || r.RequesterNote != "" || r.VerifiedHow != "" {
		w.T.Fatalf("erased subject's request: %+v", r)
	}
	if due, err := gdpr.DueErasures(context.Background(), w.Pool, w.clock); err != nil || len(due) != 0 {
		w.T.Fatalf("an executed erasure is still due: %+v, %v", due, err)
	}
}
