package gdpr_test

import (
	"context"
	"slices"
	"testing"

	gdprdomain "github.com/klient-crm/klient/domain/gdpr"
	"github.com/klient-crm/klient/projections/gdpr"
)

// state reads the subject's state and checks the stored may_market column
// agrees with the domain's MayMarket over it.
func (w *world) state(subject string) gdprdomain.SubjectState {
	w.T.Helper()
	w.caughtUp()
	st, err := gdpr.SubjectState(context.Background(), w.Pool, subject)
	must(w.T, err)
	marketable, err := gdpr.MarketableSubjects(context.Background(), w.Pool)
	must(w.T, err)
	if got, want := slices.Contains(marketable, subject), gdprdomain.MayMarket(st); got != want {
		w.T.Fatalf("may_market column %v, MayMarket %v, for %+v", got, want, st)
	}
	return st
}

func TestSubjectStateFollowsTheRegister(t *testing.T) {
	t.Parallel()
	w := newWorld(t)
	anna := w.person("Anna")
	if st := w.state(anna); len(st.Bases)+len(st.Consents) != 0 || gdprdomain.MayMarket(st) {
		t.Fatalf("a subject with nothing recorded: %+v", st)
	}
	w.basis(anna, gdprdomain.BasisLegitimateInterest, "matter_handling", "Motpart; avvägning gjord")
	first := w.consent(anna, "Underskriven blankett i akten")
	if st := w.state(anna); !gdprdomain.MayMarket(st) || st.Bases[0].Note != "Motpart; avvägning gjord" ||
		st.Bases[0].RecordedBy != staff.ID || st.Bases[0].RecordedAt.IsZero() {
		t.Fatalf("after consent: %+v", st)
	}

	w.withdrawByLink(anna, first)
	second := w.consent(anna, "Ny blankett")
	st := w.state(anna)
	if len(st.Consents) != 2 || !st.Consents[0].Withdrawn || st.Consents[0].Via != gdprdomain.ViaLink ||
		st.Consents[1].ConsentID != second || !gdprdomain.MayMarket(st) {
		t.Fatalf("consent history: %+v", st.Consents)
	}

	w.restrict(anna, "Riktigheten bestrids")
	st = w.state(anna)
	restricted, err := gdpr.RestrictedSubjects(context.Background(), w.Pool)
	must(t, err)
	if !gdprdomain.Restricted(st) || len(restricted) != 1 || restricted[0].Reason != "Riktigheten bestrids" {
		t.Fatalf("restricted: %+v, list %+v", st.Restriction, restricted)
	}
	w.lift(anna)
	if st := w.state(anna); gdprdomain.Restricted(st) || !gdprdomain.MayMarket(st) {
		t.Fatalf("after lifting: %+v", st)
	}

	w.object(anna, gdprdomain.ObjectToDirectMarketing, "")
	if st := w.state(anna); gdprdomain.MayMarket(st) || len(st.Objections) != 1 || st.Objections[0].At.IsZero() {
		t.Fatalf("after objection: %+v", st)
	}
}

// Campaign filtering over several subjects at once.
func TestMarketableSubjects(t *testing.T) {
	t.Parallel()
	w := newWorld(t)
	yes, withdrawn, objected, none := w.person("Ja"), w.person("Ångrad"), w.person("Invänt"), w.person("Ingen")
	w.consent(yes, "")
	w.withdrawByLink(withdrawn, w.consent(withdrawn, ""))
	w.consent(objected, "")
	w.object(objected, gdprdomain.ObjectToProcessing, "Särskilda skäl")
	w.basis(none, gdprdomain.BasisContract, "client_relationship", "")
	w.caughtUp()
	got, err := gdpr.MarketableSubjects(context.Background(), w.Pool)
	must(t, err)
	if !slices.Equal(got, []string{yes}) {
		t.Fatalf("marketable %v, want only %s", got, yes)
	}
}
