package http_test

import (
	"context"
	"fmt"
	"net/http"
	"strings"
	"testing"
	"time"

	casework "github.com/klient-crm/klient/http/casework"

	reportpages "github.com/klient-crm/klient/http/reports"

	"github.com/klient-crm/klient/domain/access"
	gdprdomain "github.com/klient-crm/klient/domain/gdpr"
	"github.com/klient-crm/klient/http/i18n"
	gdprmodel "github.com/klient-crm/klient/projections/gdpr"
)

// reportWorld is what the report tests create through the real commands:
// the app's lawyer (me) responsible for two open matters (one cleared,
// one waived), one still in intake, one declined and one walled off from
// them; a second lawyer with one open matter me does not work on; and
// deadlines and communications on them.
type reportWorld struct {
	a                              *app
	other                          member
	otherApp                       *app
	cleared, waived, walled, their casework.MatterJSON
}

func newReportWorld(t *testing.T) reportWorld {
	a := newApp(t)
	w := reportWorld{a: a}
	w.other, w.otherApp = a.lawyer()
	client := a.createPerson("Rut", "Rapport")
	w.cleared = a.takeIn("Bodelning Rapport", "familjerätt", a.me.ID, client)
	a.clearAndOpen(w.cleared.ID, "clear", "")
	w.waived = a.takeIn("Tvist Rapport", "processrätt", a.me.ID, client)
	a.clearAndOpen(w.waived.ID, "waived", "Klienterna har samtyckt")
	a.takeIn("Väntar Rapport", "processrätt", a.me.ID, client)
	declined := a.takeIn("Avböjt Rapport", "processrätt", a.me.ID, client)
	a.decide(declined.ID, "declined")
	w.walled = a.takeIn("Murat Rapport", "processrätt", a.me.ID, client)
	a.clearAndOpen(w.walled.ID, "clear", "")
	w.their = w.otherApp.takeIn("Deras Rapport", "skatterätt", w.other.ID, client)
	w.otherApp.clearAndOpen(w.their.ID, "clear", "")

	now := time.Now()
	a.setDeadlineIn(w.cleared.ID, a.me.ID, -2)
	a.setDeadlineIn(w.cleared.ID, a.me.ID, 0)
	a.setDeadlineIn(w.cleared.ID, a.me.ID, 40)
	a.setDeadlineIn(w.walled.ID, a.me.ID, 0)
	w.otherApp.setDeadlineIn(w.their.ID, w.other.ID, 0)
	a.logComm(w.cleared.ID, "email", now.Add(-time.Hour))
	a.logComm(w.cleared.ID, "email", now.Add(-48*time.Hour))
	a.logComm(w.cleared.ID, "phone_call", now.Add(-72*time.Hour))
	a.logComm(w.cleared.ID, "email", now.AddDate(-2, 0, 0))
	a.logComm(w.waived.ID, "meeting", now.Add(-time.Hour))
	a.logComm(w.walled.ID, "note", now.Add(-time.Hour))
	w.otherApp.logComm(w.their.ID, "email", now.Add(-time.Hour))
	a.wallMatter(w.walled.ID, a.me.ID)
	return w
}

// TestReportsCountOnlyWhatTheLawyerMaySee: a lawyer's reports count the
// matters they work on, not a colleague's and not one walled off from
// them; the colleague's count theirs.
func TestReportsCountOnlyWhatTheLawyerMaySee(t *testing.T) {
	t.Parallel()
	w := newReportWorld(t)
	a, me := w.a, staffName(w.a.me)
	a.wantLines("lawyers", a.reportLines("lawyers"), "Ansvarig jurist,Öppna ärenden", me+",2")
	a.wantLines("areas", a.reportLines("areas"), "Rättsområde,Öppna ärenden", "familjerätt,1", "processrätt,1")
	a.wantLines("intake", a.reportLines("intake"), "Steg,Antal", "Intagna,4", "Fortfarande i intag,2", "Öppnade,2",
		"Avböjda (jäv),1", "Jävskontroll: inget jäv,1", "Jävskontroll: jäv med samtycke,1", "Jävskontroll: inget beslut,1")
	a.wantLines("deadlines", a.reportLines("deadlines"), "Ansvarig,Försenade,Denna vecka", me+",1,1")
	comms := a.reportLines("communications")
	a.wantLines("communications", comms[1:], w.cleared.Number+" Bodelning Rapport,2,1,0,0,0,0,3",
		w.waived.Number+" Tvist Rapport,0,0,1,0,0,0,1")

	theirs := w.otherApp
	theirs.wantLines("their lawyers", theirs.reportLines("lawyers"), "Ansvarig jurist,Öppna ärenden", staffName(w.other)+",1")
	theirs.wantLines("their deadlines", theirs.reportLines("deadlines"), "Ansvarig,Försenade,Denna vecka", staffName(w.other)+",0,1")

	page := a.get("/reports")
	wantStatus(t, page, http.StatusOK)
	body := page.Body.String()
	wantContains(t, body, `<svg class="chart"`, `id="chart-lawyers-title"`, "Bodelning Rapport", me)
	wantAbsent(t, body, "Murat Rapport", "Deras Rapport", w.walled.Number, `id="report-requests"`)
}

// TestReportsForAnalystsAreFirmWideWithoutNames: an analyst counts every
// matter but one walled off from them, and sees matter numbers, never
// titles; the view of matter titles is what the access log records.
func TestReportsForAnalystsAreFirmWideWithoutNames(t *testing.T) {
	t.Parallel()
	w := newReportWorld(t)
	a := w.a
	analyst := a.member(access.RoleAnalyst)
	a.wallMatter(w.their.ID, analyst.ID)
	an := a.as(a.signIn(analyst.ID))
	an.wantLines("lawyers", an.reportLines("lawyers"), "Ansvarig jurist,Öppna ärenden", staffName(a.me)+",3")
	comms := strings.Join(an.reportLines("communications"), "\n")
	wantContains(t, comms, w.cleared.Number+",2,1,0,0,0,0,3", w.walled.Number+",0,0,0,0,0,1,1")
	wantAbsent(t, comms, "Rapport", w.their.Number)
	body := an.get("/reports").Body.String()
	wantContains(t, body, "Hela byrån")
	wantAbsent(t, body, "Rut", "Bodelning", "Deras Rapport")

	var logged int
	must(t, a.pool.QueryRow(context.Background(), `SELECT count(*) FROM access_log WHERE staff_id = $1`, analyst.ID).Scan(&logged))
	if logged != 0 {
		t.Errorf("an analyst's counts logged %d views of personal data", logged)
	}
	a.reportLines("communications")
	must(t, a.pool.QueryRow(context.Background(), `SELECT count(*) FROM access_log WHERE staff_id = $1 AND route = '/reports/{name}'`, a.me.ID).Scan(&logged))
	if logged != 1 {
		t.Errorf("the lawyer's CSV of matter titles logged %d views, want 1", logged)
	}
}

// TestReportOfRequestsIsTheDPOs: the DPO sees the register's requests by
// status and deadline, and erasures and deletions per month; a lawyer
// finds no such report (404, as for an unknown one).
func TestReportOfRequestsIsTheDPOs(t *testing.T) {
	t.Parallel()
	a := newApp(t)
	client := a.createPerson("Greta", "Begäran")
	a.receiveRequest(client, time.Now())
	a.receiveRequest(client, time.Now().AddDate(0, -3, 0))
	for _, n := range []int64{5, 3} {
		must(t, gdprmodel.RecordDeletion(context.Background(), a.pool, gdprmodel.DeletionEntry{
			Category: gdprdomain.Category("access_log"), Records: n, TriggeredBy: "retention", DeletedAt: time.Now()}))
	}
	dpo := a.as(a.signIn(a.member(access.RoleDPO).ID))
	lines := dpo.reportLines("requests")
	dpo.wantLines("requests", lines[:5], "Begäranden,Antal", "Öppna,2", "Besvarade,0", "Avslagna,0", `"Öppna, sista dag passerad",1`)
	if open := sumCounts(lines[5:]); open != 1 {
		t.Errorf("open requests not yet due: %d in %q", open, lines[5:])
	}
	months := dpo.reportLines("erasures")
	if len(months) != 13 || months[12] != swedishMonth(time.Now().In(i18n.Stockholm))+",0,8" {
		t.Errorf("erasures per month: %q", months)
	}
	wantContains(t, dpo.get("/reports").Body.String(), `id="report-requests"`, `id="chart-requests-title"`)

	for _, path := range []string{"/reports/requests", "/reports/requests.csv", "/reports/no-such-report", "/reports/lawyers.pdf"} {
		rec := a.get(path)
		wantStatus(t, rec, http.StatusNotFound)
		wantContains(t, rec.Body.String(), "Rapporten finns inte.")
	}
}

func sumCounts(lines []string) int {
	n := 0
	for _, l := range lines {
		if strings.HasSuffix(l, ",1") {
			n++
		}
	}
	return n
}

// TestReportsAPI: the API gives a report's table with counts as numbers,
// in the caller's scope, and 404 for one the caller may not see.
func TestReportsAPI(t *testing.T) {
	t.Parallel()
	a := newApp(t)
	m := a.takeIn("API-rapport", "skatterätt", a.me.ID, a.createPerson("Api", "Rapport"))
	a.clearAndOpen(m.ID, "clear", "")
	rec := a.call(http.MethodGet, "/api/v1/reports/areas", "", "Accept-Language", "en")
	wantStatus(t, rec, http.StatusOK)
	got := decode[reportpages.ReportJSON](t, rec)
	if got.Name != "areas" || got.Title != "Open matters per practice area" || len(got.Rows) != 1 ||
		got.Rows[0][0] != "skatterätt" || got.Rows[0][1] != float64(1) || got.Columns[0] != "Practice area" {
		t.Errorf("areas: %+v", got)
	}
	wantProblem(t, a.call(http.MethodGet, "/api/v1/reports/requests", ""), http.StatusNotFound)
}

// swedishMonth is a month as Swedes write it (Språkrådet: lower case),
// "november 2026".
func swedishMonth(t time.Time) string {
	names := []string{"januari", "februari", "mars", "april", "maj", "juni", "juli", "augusti", "september",
		"oktober", "november", "december"}
	return fmt.Sprintf("%s %d", names[t.Month()-1], t.Year())
}
