package contacts

import (
	"context"
	"net/http"
	"strings"
	"time"

	"github.com/go-chi/chi/v5"

	commcmd "github.com/klient-crm/klient/commands/communication"
	"github.com/klient-crm/klient/domain"
	"github.com/klient-crm/klient/domain/communication"
	"github.com/klient-crm/klient/http/i18n"
	"github.com/klient-crm/klient/http/web"
)

// CampaignSchedules schedules and cancels the campaigns sent later
// (commands/communication.ScheduleHandler).
type CampaignSchedules interface {
	Schedule(ctx context.Context, cmd commcmd.ScheduleCampaign) (commcmd.CampaignResult, error)
	Cancel(ctx context.Context, cmd commcmd.CancelCampaign) (commcmd.CampaignResult, error)
	Load(ctx context.Context, id string) (commcmd.Schedule, bool, error)
}

// statusSent is a campaign queued: sent at once, or scheduled and sent.
const statusSent = "sent"

// errNoPublicURL refuses a schedule where the firm's public address is
// not set: the e-mails' links need it and no request will name it.
var errNoPublicURL = domain.Invalid("send_at", "scheduling needs KLIENT_PUBLIC_URL").WithCode("campaign.public_url.missing")

// scheduleCampaign schedules a campaign for sendAt: the text and how the
// audience is drawn, not the audience, which the due job draws when the
// campaign is sent.
func (s *Handlers) scheduleCampaign(r *http.Request, id, name, purpose string, existingClients bool, text communication.CampaignText,
	sendAt time.Time) (commcmd.CampaignResult, error) {
	c := s.deps.Campaigns
	if existingClients && c.ClientMonths <= 0 {
		return commcmd.CampaignResult{}, errClientsOff
	}
	if c.PublicURL == "" {
		return commcmd.CampaignResult{}, errNoPublicURL
	}
	actor := s.Actor(r)
	return c.Schedules.Schedule(r.Context(), commcmd.ScheduleCampaign{Actor: actor, Schedule: communication.CampaignScheduled{
		CampaignID: id, Name: name, Purpose: purpose, Subject: text.Subject, Body: text.Body, Footer: text.Footer,
		ObjectionFooter: text.ObjectionFooter, ExistingClients: existingClients, PublicURL: c.PublicURL, SendAt: sendAt,
		ScheduledBy: actor.ID}})
}

// scheduledRow is a campaign not (yet) queued by its schedule; an ID
// never scheduled is not found.
func (s *Handlers) scheduledRow(r *http.Request, id string) (campaignRow, error) {
	sc, found, err := s.deps.Campaigns.Schedules.Load(r.Context(), id)
	if err == nil && !found {
		err = domain.NotFound("there is no such campaign").WithCode("campaign.not_found")
	}
	if err != nil {
		return campaignRow{}, err
	}
	status := sc.State
	if status == communication.ScheduleStarted { // being queued now
		status = communication.ScheduleWaiting
	}
	return campaignRow{CampaignQueued: communication.CampaignQueued{CampaignID: sc.CampaignID, Name: sc.Name, Purpose: sc.Purpose,
		Subject: sc.Subject, Body: sc.Body, QueuedAt: sc.ScheduledAt}, Status: status, SendAt: sc.SendAt}, nil
}

// waitingRows are the campaigns scheduled and still waiting, soonest
// first.
func (s *Handlers) waitingRows(r *http.Request) ([]campaignRow, error) {
	list, err := s.deps.Campaigns.Waiting(r.Context())
	var rows []campaignRow
	for _, w := range list {
		if err != nil {
			break
		}
		var row campaignRow
		row, err = s.scheduledRow(r, w.CampaignID)
		rows = append(rows, row)
	}
	return rows, err
}

// sendAtForm reads the page's date and time of sending, in Stockholm's
// time; both empty is "now".
func sendAtForm(date, clock string) (time.Time, bool, error) {
	date, clock = strings.TrimSpace(date), strings.TrimSpace(clock)
	if date == "" && clock == "" {
		return time.Time{}, false, nil
	}
	t, err := time.ParseInLocation("2006-01-02 15:04", date+" "+clock, i18n.Stockholm)
	if err != nil {
		return time.Time{}, false, domain.Invalid("send_at", "a date and a time").WithCode("campaign.send_at.format")
	}
	return t, true, nil
}

// cancelCampaign serves POST /campaigns/{id}/cancel, asked first.
func (s *Handlers) cancelCampaign(w http.ResponseWriter, r *http.Request) {
	res, err := s.deps.Campaigns.Schedules.Cancel(r.Context(), commcmd.CancelCampaign{Actor: s.Actor(r), CampaignID: chi.URLParam(r, "id")})
	if err != nil {
		s.Fail(w, r, err)
		return
	}
	http.Redirect(w, r, "/campaigns/"+res.CampaignID, http.StatusSeeOther)
}

// askCancelCampaign names the campaign and its time; an unknown one
// answers 404, no question.
func (s *Handlers) askCancelCampaign(r *http.Request) (*web.Confirmation, error) {
	row, err := s.scheduledRow(r, chi.URLParam(r, "id"))
	if err != nil {
		return nil, err
	}
	return &web.Confirmation{Question: "confirm.campaign.cancel", Args: []any{row.Name, i18n.DateTime(row.SendAt)},
		Consequence: "confirm.campaign.cancel.consequence", Button: "confirm.campaign.cancel.button", Back: "/campaigns/" + row.CampaignID}, nil
}

// apiCancelCampaign is POST /api/v1/campaigns/{id}/cancel: a scheduled
// campaign cancelled before it is due; one sent is 409.
func (s *Handlers) apiCancelCampaign(w http.ResponseWriter, r *http.Request) {
	res, err := s.deps.Campaigns.Schedules.Cancel(r.Context(), commcmd.CancelCampaign{Actor: s.Actor(r), CampaignID: chi.URLParam(r, "id")})
	var row campaignRow
	if err == nil {
		row, err = s.scheduledRow(r, res.CampaignID)
	}
	if err != nil {
		s.Fail(w, r, err)
		return
	}
	web.WriteJSON(w, http.StatusOK, campaignJSON(row))
}
