package http_test

import (
	"context"
	"fmt"
	"net/http"
	"strings"
	"time"

	casework "github.com/klient-crm/klient/http/casework"

	gdprcmd "github.com/klient-crm/klient/commands/gdpr"
	"github.com/klient-crm/klient/domain/gdpr"
)

// takeIn takes a matter in through the API in a practice area, with lawyer
// responsible and client as its client.
func (a *app) takeIn(title, area, lawyer, client string) casework.MatterJSON {
	a.t.Helper()
	body := fmt.Sprintf(`{"title":%q,"practice_area":%q,"responsible_lawyer":%q,"parties":[{"contact_id":%q,"role":"client"}],"members":[],"teams":[]}`,
		title, area, lawyer, client)
	rec := a.call(http.MethodPost, "/api/v1/matters", body)
	wantStatus(a.t, rec, http.StatusCreated)
	return decode[casework.MatterJSON](a.t, rec)
}

// logComm logs a communication of kind on a matter through the API.
func (a *app) logComm(matterID, kind string, at time.Time) {
	a.t.Helper()
	rec := a.call(http.MethodPost, "/api/v1/communications", fmt.Sprintf(`{"matter_id":%q,"kind":%q,"occurred_at":%q,"subject_line":"Rapportprov"}`,
		matterID, kind, at.UTC().Format(time.RFC3339)))
	wantStatus(a.t, rec, http.StatusCreated)
}

// setDeadlineIn sets a pending deadline days from today on a matter,
// with responsible answering for it, through the API, and returns it.
func (a *app) setDeadlineIn(matterID, responsible string, days int) casework.DeadlineJSON {
	a.t.Helper()
	rec := a.call(http.MethodPost, "/api/v1/deadlines", fmt.Sprintf(`{"matter_id":%q,"kind":"filing","date":%q,"title":"Inlaga","responsible":%q,"reminders":[1]}`,
		matterID, date(days), responsible))
	wantStatus(a.t, rec, http.StatusCreated)
	return decode[casework.DeadlineJSON](a.t, rec)
}

// receiveRequest registers a data-subject request received at through the
// real command, and waits for the register to show it.
func (a *app) receiveRequest(subjectID string, at time.Time) {
	a.t.Helper()
	requests, err := gdprcmd.NewRequests(a.store, a.codec, time.Now)
	must(a.t, err)
	h, err := gdprcmd.NewReceiveRequestHandler(requests)
	must(a.t, err)
	res, err := h.Handle(context.Background(), gdprcmd.ReceiveRequest{Actor: admin, SubjectID: subjectID,
		Kind: gdpr.KindAccess, ReceivedAt: at, Channel: gdpr.ChannelEmail, RequesterNote: "Vad har ni om mig?"})
	must(a.t, err)
	ctx, cancel := context.WithTimeout(context.Background(), 20*time.Second)
	defer cancel()
	must(a.t, a.rt.WaitFor(ctx, "gdpr", res.Position))
}

// reportLines fetches a report's CSV and returns its lines.
func (a *app) reportLines(name string) []string {
	a.t.Helper()
	rec := a.get("/reports/" + name + ".csv")
	wantStatus(a.t, rec, http.StatusOK)
	if ct := rec.Header().Get("Content-Type"); !strings.HasPrefix(ct, "text/csv") {
		a.t.Fatalf("%s.csv is %q", name, ct)
	}
	return strings.Split(strings.TrimRight(rec.Body.String(), "\n"), "\n")
}

// staffName is the name member() gives a member.
func staffName(m member) string { return "Medarbetare " + m.ID[len(m.ID)-4:] }

// wantLines fails unless got holds exactly want.
func (a *app) wantLines(what string, got []string, want ...string) {
	a.t.Helper()
	if strings.Join(got, "\n") != strings.Join(want, "\n") {
		a.t.Errorf("%s:\n got %q\nwant %q", what, got, want)
	}
}
