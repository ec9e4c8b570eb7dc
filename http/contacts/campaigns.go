package contacts

import (
	"context"
	"net/http"
	"net/url"
	"strings"
	"time"

	"github.com/go-chi/chi/v5"
	"github.com/google/uuid"

	commcmd "github.com/klient-crm/klient/commands/communication"
	"github.com/klient-crm/klient/domain"
	"github.com/klient-crm/klient/domain/access"
	"github.com/klient-crm/klient/domain/communication"
	"github.com/klient-crm/klient/http/i18n"
	"github.com/klient-crm/klient/http/web"
	"github.com/klient-crm/klient/projections/outbox"
)

// Campaigns is what the marketing role's campaign pages need: the
// audience (projections/outbox.Audience over the database), the command
// that queues a campaign, its record in the log and the outbox's counts.
type Campaigns struct {
	Audience   func(ctx context.Context, purpose string, clientsSince time.Time, limit int) ([]outbox.AudienceMember, error)
	Send       web.Handles[commcmd.SendCampaign, commcmd.CampaignResult]
	Record     func(ctx context.Context, id string) (communication.CampaignQueued, bool, error)
	Deliveries *outbox.Deliveries
	// Template is a letter template in use by ID (the API's template_id);
	// found is false for an unknown or retired one.
	Template func(ctx context.Context, id string) (t communication.LetterTemplateText, found bool, err error)
	// ClientMonths is the firm's choice (KLIENT_CAMPAIGN_CLIENT_MONTHS)
	// to let a campaign include, under legitimate interest, the clients
	// of matters open now or closed within this many months, each e-mail
	// with an opt-out link; 0: a campaign goes on consent alone.
	ClientMonths int
	// Schedules schedules and cancels campaigns sent later by serve's
	// due job (internal/automail.Campaigns); Waiting lists those still
	// waiting; PublicURL (KLIENT_PUBLIC_URL) is the address their links
	// are signed for, and without it nothing is scheduled.
	Schedules CampaignSchedules
	Waiting   func(ctx context.Context) ([]outbox.ScheduledCampaign, error)
	PublicURL string
}

func (c Campaigns) validate(check func(ok bool, name string)) {
	check(web.Present(c.Audience), "Campaigns.Audience")
	check(web.Present(c.Send), "Campaigns.Send")
	check(web.Present(c.Record), "Campaigns.Record")
	check(web.Present(c.Deliveries), "Campaigns.Deliveries")
	check(web.Present(c.Template), "Campaigns.Template")
	check(web.Present(c.Schedules), "Campaigns.Schedules")
	check(web.Present(c.Waiting), "Campaigns.Waiting")
}

// CampaignPages are the marketing role's campaigns: the list with each
// report, a new campaign previewed (how many, a sample, the text) before
// it is sent, and one campaign's report.
func (s *Handlers) CampaignPages(r chi.Router) {
	s.Route(r, http.MethodGet, "/campaigns", access.CampaignManage, s.listCampaigns)
	s.Route(r, http.MethodPost, "/campaigns/preview", access.CampaignManage, s.previewCampaign)
	s.Route(r, http.MethodPost, "/campaigns", access.CampaignManage, s.sendCampaign)
	s.Route(r, http.MethodGet, "/campaigns/{id}", access.CampaignManage, s.showCampaign)
	s.Route(r, http.MethodPost, "/campaigns/{id}/cancel", access.CampaignManage, s.cancelCampaign, s.Confirm(s.askCancelCampaign))
}

// campaignRow is a campaign with its report; a scheduled one (Status
// not sent) has its text and SendAt, and no report yet.
type campaignRow struct {
	communication.CampaignQueued
	Counts       outbox.Counts
	Unsubscribed int64
	Status       string // sent, or communication.ScheduleWaiting / ScheduleCancelled
	SendAt       time.Time
}

// campaignsPage is the list and the new campaign's form and preview.
type campaignsPage struct {
	Campaigns []campaignRow
	Purposes  []purposeOption
	Form      web.FormState
	Preview   *campaignPreview
	// ClientMonths offers existing clients under legitimate interest
	// when the firm has chosen to (Campaigns.ClientMonths).
	ClientMonths int
}

// campaignPreview is what a campaign would be now: its audience's size
// and first names, the text as sent.
type campaignPreview struct {
	Count      int
	Legitimate int // of Count, existing clients under legitimate interest
	Sample     []string
	CampaignID string
}

// Consented is how many of the audience are there on a consent.
func (p campaignPreview) Consented() int { return p.Count - p.Legitimate }

type purposeOption struct{ Value, Label string }

// sampleSize is how many of the audience the preview names.
const sampleSize = 5

func (s *Handlers) listCampaigns(w http.ResponseWriter, r *http.Request) {
	page := campaignsPage{Form: web.FormState{Values: url.Values{"purpose": {"marketing"}}}}
	s.renderCampaigns(w, r, http.StatusOK, page, nil)
}

func (s *Handlers) renderCampaigns(w http.ResponseWriter, r *http.Request, status int, page campaignsPage, viewed []string) {
	var err error
	page.Campaigns, err = s.waitingRows(r)
	if err != nil {
		s.Fail(w, r, err)
		return
	}
	list, err := s.deps.Campaigns.Deliveries.Campaigns(r.Context(), 20)
	for _, c := range list {
		if err != nil {
			break
		}
		var row campaignRow
		row, err = s.campaignRow(r, c)
		page.Campaigns = append(page.Campaigns, row)
	}
	if err == nil && len(viewed) > 0 {
		err = s.RecordView(r, viewed)
	}
	if err != nil {
		s.Fail(w, r, err)
		return
	}
	page.ClientMonths = s.deps.Campaigns.ClientMonths
	lang := web.LangOf(r.Context())
	for _, p := range s.deps.Privacy.Purposes {
		page.Purposes = append(page.Purposes, purposeOption{Value: p, Label: purposeLabel(lang, p)})
	}
	s.RenderPage(w, r, status, "campaigns", page)
}

func (s *Handlers) campaignRow(r *http.Request, c outbox.Campaign) (campaignRow, error) {
	rec, _, err := s.deps.Campaigns.Record(r.Context(), c.CampaignID)
	if err != nil {
		return campaignRow{}, err
	}
	row := campaignRow{CampaignQueued: rec, Counts: c.Counts, Status: statusSent}
	row.Unsubscribed, err = s.deps.Campaigns.Deliveries.Unsubscribed(r.Context(), c.CampaignID, rec.Purpose)
	return row, err
}

// previewCampaign serves POST /campaigns/preview: the audience counted and
// sampled now, the text checked, nothing written. The form posts, so the
// text never reaches a URL.
func (s *Handlers) previewCampaign(w http.ResponseWriter, r *http.Request) {
	if !s.ParseForm(w, r) {
		return
	}
	f := r.PostForm
	audience, err := s.audience(r, f.Get("purpose"), f.Get("existing_clients") == "on")
	if _, later, e := sendAtForm(f.Get("send_date"), f.Get("send_time")); err == nil && (e != nil || later && s.deps.Campaigns.PublicURL == "") {
		err = e
		if later {
			err = errNoPublicURL
		}
	}
	if err == nil {
		_, err = communication.QueueCampaign("preview", f.Get("name"), f.Get("purpose"), s.campaignText(r, f.Get("subject"), f.Get("body")),
			placeholders(audience), time.Now())
	}
	page := campaignsPage{Form: web.FormState{Values: f}}
	if err != nil {
		s.campaignFailed(w, r, page, err)
		return
	}
	p := &campaignPreview{Count: len(audience), Legitimate: legitimate(audience), CampaignID: uuid.Must(uuid.NewV7()).String()}
	var viewed []string
	for _, m := range audience[:min(sampleSize, len(audience))] {
		p.Sample, viewed = append(p.Sample, m.Name), append(viewed, m.ContactID)
	}
	page.Preview = p
	s.renderCampaigns(w, r, http.StatusOK, page, viewed)
}

// placeholders stand for the audience in a check of the text alone.
func placeholders(audience []outbox.AudienceMember) []communication.CampaignRecipient {
	out := make([]communication.CampaignRecipient, len(audience))
	for i, m := range audience {
		out[i] = communication.CampaignRecipient{ContactID: m.ContactID, Basis: m.Basis, Mail: communication.Mail{To: m.Email, Unsubscribe: "-"}}
	}
	return out
}

// legitimate counts the audience's existing clients under legitimate
// interest.
func legitimate(audience []outbox.AudienceMember) int {
	n := 0
	for _, m := range audience {
		if m.Basis == outbox.BasisLegitimateInterest {
			n++
		}
	}
	return n
}

// errClientsOff refuses existing clients in a campaign where the firm has
// not chosen to market to them under legitimate interest.
var errClientsOff = domain.Invalid("existing_clients", "the firm has not chosen to include existing clients under legitimate interest").
	WithCode("campaign.existing_clients.off")

// audience is the campaign's audience drawn now: the consents for
// purpose and, when asked for and the firm allows it, the existing
// clients of the firm's recent matters (projections/outbox.Audience).
func (s *Handlers) audience(r *http.Request, purpose string, existingClients bool) ([]outbox.AudienceMember, error) {
	var since time.Time
	if existingClients {
		months := s.deps.Campaigns.ClientMonths
		if months <= 0 {
			return nil, errClientsOff
		}
		since = time.Now().AddDate(0, -months, 0)
	}
	return s.deps.Campaigns.Audience(r.Context(), purpose, since, 0)
}

func (s *Handlers) campaignFailed(w http.ResponseWriter, r *http.Request, page campaignsPage, err error) {
	f, status, ok := s.FailedForm(r, err, "/campaigns")
	if !ok {
		s.Fail(w, r, err)
		return
	}
	page.Form, page.Preview = f, nil
	s.renderCampaigns(w, r, status, page, nil)
}

// sendCampaign serves POST /campaigns: the audience drawn again now (a
// consent withdrawn since the preview is not written to), each e-mail
// with a withdrawal link for the consent it rests on, queued in one
// command; or, with a date and time of sending, the campaign scheduled
// (its audience drawn when it is sent). The form's campaign ID makes a
// resent form send once.
func (s *Handlers) sendCampaign(w http.ResponseWriter, r *http.Request) {
	if !s.ParseForm(w, r) {
		return
	}
	f := r.PostForm
	sendAt, later, err := sendAtForm(f.Get("send_date"), f.Get("send_time"))
	var res commcmd.CampaignResult
	switch text := s.campaignText(r, f.Get("subject"), f.Get("body")); {
	case err != nil:
	case later:
		res, err = s.scheduleCampaign(r, f.Get("campaign_id"), f.Get("name"), f.Get("purpose"), f.Get("existing_clients") == "on", text, sendAt)
	default:
		res, err = s.queueCampaign(r, f.Get("campaign_id"), f.Get("name"), f.Get("purpose"), f.Get("existing_clients") == "on", text)
	}
	if err != nil {
		s.campaignFailed(w, r, campaignsPage{Form: web.FormState{Values: f}}, err)
		return
	}
	http.Redirect(w, r, "/campaigns/"+res.CampaignID, http.StatusSeeOther)
}

// queueCampaign draws the audience again now (a consent withdrawn or an
// objection recorded since the preview is not written to), addresses
// each e-mail with the link of what it rests on, and queues the campaign
// in one command: the page's send and the API's.
func (s *Handlers) queueCampaign(r *http.Request, id, name, purpose string, existingClients bool, text communication.CampaignText) (commcmd.CampaignResult, error) {
	audience, err := s.audience(r, purpose, existingClients)
	if err != nil {
		return commcmd.CampaignResult{}, err
	}
	recipients, err := s.campaignRecipients(r, audience)
	if err != nil {
		return commcmd.CampaignResult{}, err
	}
	return s.deps.Campaigns.Send.Handle(r.Context(), commcmd.SendCampaign{Actor: s.Actor(r), CampaignID: id, Name: name,
		Purpose: purpose, Subject: text.Subject, Body: text.Body, Footer: text.Footer, ObjectionFooter: text.ObjectionFooter,
		Recipients: recipients})
}

// campaignText is the campaign's text with the line that introduces
// each recipient's withdrawal link, in the sender's language.
func (s *Handlers) campaignText(r *http.Request, subject, body string) communication.CampaignText {
	lang := web.LangOf(r.Context())
	return communication.CampaignText{Subject: subject, Body: body, Footer: i18n.T(lang, "campaigns.unsubscribe_footer"),
		ObjectionFooter: i18n.T(lang, "campaigns.objection_footer")}
}

// campaignRecipients addresses each member with the link of what the
// e-mail rests on (outbox.Recipients), on the firm's public address when
// it is set (KLIENT_PUBLIC_URL: the request may have come through a
// proxy's inner name, or from the CLI), else on this request's origin.
func (s *Handlers) campaignRecipients(r *http.Request, audience []outbox.AudienceMember) ([]communication.CampaignRecipient, error) {
	expires := time.Now().Add(s.deps.Privacy.linkLifetime()).Truncate(time.Second)
	base := s.deps.Campaigns.PublicURL
	if base == "" {
		base = s.Origin(r)
	}
	return outbox.Recipients(audience, s.deps.Privacy.Links, strings.TrimRight(base, "/"), expires)
}

// campaignPage is one campaign's report.
type campaignPage struct {
	Campaign campaignRow
}

// showCampaign serves GET /campaigns/{id}: what was sent, and what became
// of it per state.
func (s *Handlers) showCampaign(w http.ResponseWriter, r *http.Request) {
	row, err := s.campaignReport(r, chi.URLParam(r, "id"))
	if err != nil {
		s.Fail(w, r, err)
		return
	}
	s.RenderPage(w, r, http.StatusOK, "campaign", campaignPage{Campaign: row})
}

// campaignReport is campaign id's record with its counts; an unknown ID
// is not found.
func (s *Handlers) campaignReport(r *http.Request, id string) (campaignRow, error) {
	rec, found, err := s.deps.Campaigns.Record(r.Context(), id)
	if err == nil && !found {
		return s.scheduledRow(r, id)
	}
	if err != nil {
		return campaignRow{}, err
	}
	row := campaignRow{CampaignQueued: rec, Status: statusSent}
	if row.Counts, err = s.deps.Campaigns.Deliveries.CountsOf(r.Context(), rec.CampaignID); err != nil {
		return campaignRow{}, err
	}
	row.Unsubscribed, err = s.deps.Campaigns.Deliveries.Unsubscribed(r.Context(), rec.CampaignID, rec.Purpose)
	return row, err
}
