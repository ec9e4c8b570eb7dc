package http_test

import (
	"context"
	"net/http"
	"strings"
	"testing"
	"time"

	cddcmd "github.com/klient-crm/klient/commands/cdd"
	"github.com/klient-crm/klient/commands/journal"
	"github.com/klient-crm/klient/domain/access"
	domaincdd "github.com/klient-crm/klient/domain/cdd"
	klienthttp "github.com/klient-crm/klient/http"
	cddpages "github.com/klient-crm/klient/http/cdd"
	"github.com/klient-crm/klient/http/web"
	"github.com/klient-crm/klient/internal/apptest"
	cddmodel "github.com/klient-crm/klient/projections/cdd"
	"github.com/klient-crm/klient/projections/cdd/cddtest"
)

// approvedRecord fills in matter matterID's record of a person client at
// risk, screens it and approves it, through the commands (a high risk
// approved by officer, who holds the AML officer's role), and waits until
// the due-diligence read model has the approval.
func (a *app) approvedRecord(lawyer, officer, matterID string, risk domaincdd.Risk) {
	a.t.Helper()
	ctx := context.Background()
	records, err := cddcmd.NewRecords(a.store, a.codec, apptest.Now)
	must(a.t, err)
	lists, err := cddmodel.NewLists(a.pool)
	must(a.t, err)
	start, _ := cddcmd.NewStartRecordHandler(records)
	part, _ := cddcmd.NewRecordPartHandler(records)
	screen, _ := cddcmd.NewSanctionsHandler(records, lists, lists)
	decide, _ := cddcmd.NewDecideRecordHandler(records)
	actor := journal.Actor{ID: lawyer, CorrelationID: "req-monitoring"}
	res, err := start.Handle(ctx, cddcmd.StartRecord{Actor: actor, MatterID: matterID})
	must(a.t, err)
	for _, p := range []cddcmd.RecordPart{
		{Risk: &cddcmd.RiskPart{Factors: []string{"remote"}, Risk: risk, Reasons: "Privatperson som byrån aldrig träffat."}},
		{Identity: &cddcmd.IdentityPart{Method: domaincdd.MethodBankID}},
		{PEP: &cddcmd.PEPPart{Answer: domaincdd.PEPNo}},
	} {
		p.Actor, p.MatterID, p.ExpectedVersion = actor, matterID, res.Version
		res, err = part.Handle(ctx, p)
		must(a.t, err)
	}
	res, err = screen.HandleScreen(ctx, cddcmd.ScreenRecord{Actor: actor, MatterID: matterID, ExpectedVersion: res.Version})
	must(a.t, err)
	if risk == domaincdd.RiskHigh {
		actor.ID = officer
	}
	res, err = decide.Handle(ctx, cddcmd.DecideRecord{Actor: actor, MatterID: matterID, ExpectedVersion: res.Version,
		Decision: domaincdd.DecisionApproved, Reason: "Identiteten kontrollerad med BankID; ingen träff."})
	must(a.t, err)
	// The read model the pages and the monitoring read has the decision
	// (the log's head as ReadAll sees it may not hold it yet).
	must(a.t, a.rt.WaitFor(ctx, cddmodel.Name, res.Position))
}

// thirteenMonthsOn makes the start pages and the report read as at
// thirteen months from now: a high-risk approval of today (12 months) is
// then due, a normal one (36) is not. The log's times cannot be set
// back (its order is the append's), so the pages' date moves instead.
func thirteenMonthsOn(d *klienthttp.Deps) {
	later := func() time.Time { return time.Now().UTC().AddDate(0, 13, 0) }
	d.Casework.DueDiligence = d.Casework.DueDiligence.(cddmodel.Watcher).At(later)
	d.DueDiligence.Watch = d.DueDiligence.Watch.(cddmodel.Watcher).At(later)
}

// monitor is the job `klient serve` runs every minute (cmd/klient's
// runCDDMonitoring), over the app's store and database.
func (a *app) monitor() *cddcmd.MonitorHandler {
	a.t.Helper()
	records, err := cddcmd.NewRecords(a.store, a.codec, apptest.Now)
	must(a.t, err)
	lists, err := cddmodel.NewLists(a.pool)
	must(a.t, err)
	runs, err := cddmodel.NewRuns(a.pool)
	must(a.t, err)
	h, err := cddcmd.NewMonitorHandler(records, lists, runs)
	must(a.t, err)
	return h
}

// Issue 17's monitoring: when the AML officer imports a list that newly
// names an active client, the run after the import screens every active
// record again, and the new hit appears on the client's responsible
// lawyer's start page and the officer's (page and API) — not on another
// lawyer's; the record is undecided until the hit is reviewed and it is
// decided again. A record approved longer ago than its review period (36
// months for normal risk) shows as due; one approved today does not. The
// same list is monitored once.
func TestMonitoringPutsNewHitsAndDueReviewsOnTheStartPages(t *testing.T) {
	t.Parallel()
	a := newAppWith(t, web.Config{}, thirteenMonthsOn)
	officer := a.member(access.RoleAMLOfficer)
	aml := a.as(a.signIn(officer.ID))
	other := a.as(a.signIn(a.member(access.RoleLawyer).ID))
	wantStatus(t, aml.call(http.MethodPut, "/api/v1/due-diligence/assessment", `{"normal_from":1,"high_from":7,
		"summary":"Byråns allmänna riskbedömning.","factors":[{"code":"remote","category":"channel","label":"Aldrig träffad","weight":1}]}`), http.StatusOK)
	first := cddtest.List(time.Date(2026, 11, 1, 9, 0, 0, 0, time.UTC), "184001", 30)
	wantStatus(t, aml.postXML("/api/v1/due-diligence/lists", first), http.StatusCreated)

	listed := a.takeIn("Gåvobrev till barnen", "familjerätt", a.me.ID, a.createPerson("Åsa", "Öberg"))
	recent := a.takeIn("Testamente", "familjerätt", a.me.ID, a.createPerson("Karl", "Lund"))
	old := a.takeIn("Bodelning", "familjerätt", a.me.ID, a.createPerson("Bo", "Ek"))
	a.approvedRecord(a.me.ID, officer.ID, listed.ID, domaincdd.RiskNormal)
	a.approvedRecord(a.me.ID, officer.ID, recent.ID, domaincdd.RiskNormal)
	a.approvedRecord(a.me.ID, officer.ID, old.ID, domaincdd.RiskHigh)
	a.settle()

	work := a.get("/work").Body.String()
	wantContains(t, work, `id="due-diligence"`, "Dags för periodisk översyn", "/matters/"+old.ID+"/due-diligence")
	for _, id := range []string{listed.ID, recent.ID} {
		if strings.Contains(work, "/matters/"+id+"/due-diligence") {
			t.Errorf("the start page lists matter %s's record, approved at normal risk with no hit", id)
		}
	}

	// The first list was imported before any record was screened against
	// it: its run finds nothing new. Each list is monitored once.
	if res, ran, err := a.monitor().RunPending(t.Context()); err != nil || !ran || res.Screened != 3 || res.NewHits != 0 {
		t.Fatalf("the first list's run: %+v, ran %v, %v; want 3 records screened, none with a new hit", res, ran, err)
	}
	if _, ran, err := a.monitor().RunPending(t.Context()); err != nil || ran {
		t.Fatalf("the first list ran again: %v, %v", ran, err)
	}
	second := cddtest.List(time.Date(2026, 12, 1, 9, 0, 0, 0, time.UTC), "184950", 30,
		cddtest.Entry{ID: "88001", Person: true, Names: []string{"OBERG Asa"}, BirthDate: "1950-02-02"})
	wantStatus(t, aml.postXML("/api/v1/due-diligence/lists", second), http.StatusCreated)
	wantContains(t, aml.get("/due-diligence").Body.String(), "Alla aktiva klienter kontrolleras mot den nya listan inom en minut.")
	res, ran, err := a.monitor().RunPending(t.Context())
	if err != nil || !ran || res.Screened != 3 || res.NewHits != 1 || res.List.Version != "184950" {
		t.Fatalf("the run after the import: %+v, ran %v, %v; want 3 records screened against 184950, 1 with a new hit", res, ran, err)
	}
	must(t, a.rt.WaitFor(t.Context(), cddmodel.Name, res.Position))

	work = a.get("/work").Body.String()
	wantContains(t, work, "/matters/"+listed.ID+"/due-diligence", "1 nya träffar i sanktionslistan att granska",
		"/matters/"+old.ID+"/due-diligence", "Dags för periodisk översyn")
	if strings.Contains(work, "/matters/"+recent.ID+"/due-diligence") {
		t.Error("the start page lists a record the new list does not name")
	}
	if body := other.get("/work").Body.String(); strings.Contains(body, listed.ID) || strings.Contains(body, old.ID) {
		t.Error("another lawyer's start page lists records of matters they are not responsible for")
	}
	r := decode[cddpages.RecordJSON](t, a.call(http.MethodGet, "/api/v1/matters/"+listed.ID+"/due-diligence", ""))
	if r.Screening == nil || r.Screening.ListVersion != "184950" || len(r.Screening.Hits) != 1 || r.Screening.Hits[0].EntryID != "88001" || r.Decision != nil {
		t.Errorf("the listed client's record after the run: screening %+v, decision %+v; want the new list's hit and no decision", r.Screening, r.Decision)
	}

	page := aml.get("/due-diligence").Body.String()
	wantContains(t, page, "/due-diligence/records/"+listed.ID, "/due-diligence/records/"+old.ID,
		"3 klienter kontrollerade mot listan, 1 med nya träffar.")
	watch := decode[cddpages.WatchJSON](t, aml.call(http.MethodGet, "/api/v1/due-diligence/watch", ""))
	got := map[string]cddpages.WatchItemJSON{}
	for _, x := range watch.Items {
		got[x.MatterID] = x
	}
	if len(got) != 2 || got[listed.ID].UnreviewedHits != 1 || got[old.ID].ReviewDue == "" || got[old.ID].UnreviewedHits != 0 ||
		watch.Monitoring == nil || watch.Monitoring.Screened != 3 || watch.Monitoring.NewHits != 1 || watch.Monitoring.FinishedAt == "" {
		t.Errorf("the officer's watch: %+v, monitoring %+v", watch.Items, watch.Monitoring)
	}
	wantStatus(t, a.call(http.MethodGet, "/api/v1/due-diligence/watch", ""), http.StatusForbidden)
}
