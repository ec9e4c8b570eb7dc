package contacts

import (
	"net/http"
	"strings"
	"time"

	"github.com/go-chi/chi/v5"

	commcmd "github.com/klient-crm/klient/commands/communication"
	"github.com/klient-crm/klient/domain"
	"github.com/klient-crm/klient/domain/access"
	"github.com/klient-crm/klient/domain/communication"
	"github.com/klient-crm/klient/http/web"
	"github.com/klient-crm/klient/projections/outbox"
)

// CampaignAPI is the marketing role's campaigns as JSON: the same rules
// as the pages (campaigns.go) — the audience drawn by the one query, a
// preview that names a sample and records the view, a send that draws
// the audience again.
func (s *Handlers) CampaignAPI(r chi.Router) {
	s.Route(r, http.MethodGet, "/api/v1/campaigns", access.CampaignManage, s.apiListCampaigns)
	s.Route(r, http.MethodPost, "/api/v1/campaigns/preview", access.CampaignManage, s.apiPreviewCampaign)
	s.Route(r, http.MethodPost, "/api/v1/campaigns", access.CampaignManage, s.apiSendCampaign)
	s.Route(r, http.MethodGet, "/api/v1/campaigns/{id}", access.CampaignManage, s.apiShowCampaign)
	s.Route(r, http.MethodPost, "/api/v1/campaigns/{id}/cancel", access.CampaignManage, s.apiCancelCampaign)
}

// CampaignRequest is the body of a campaign's preview and of its
// sending: the text given, or taken from a letter template without merge
// fields (a campaign says the same to everyone).
type CampaignRequest struct {
	// CampaignID, a UUID the client picks, makes a resend queue nothing
	// twice (the page's form carries one from its preview).
	CampaignID string `json:"campaign_id,omitempty"`
	Name       string `json:"name"`
	Purpose    string `json:"purpose"`
	Subject    string `json:"subject,omitempty"`
	Body       string `json:"body,omitempty"`
	TemplateID string `json:"template_id,omitempty"`
	// ExistingClients adds, where the firm has chosen to, the clients of
	// its recent matters under legitimate interest, each e-mail with an
	// opt-out link.
	ExistingClients bool `json:"existing_clients,omitempty"`
	// SendAt schedules the campaign (sending only): the due job draws the
	// audience and sends it then.
	SendAt *time.Time `json:"send_at,omitempty"`
}

// CampaignPreviewJSON is what a campaign would be now: how many it goes
// to, the first of them by name, and the text as each e-mail starts.
type CampaignPreviewJSON struct {
	Count int `json:"count"`
	// LegitimateInterest counts, of Count, the existing clients included
	// under legitimate interest; the others are there on a consent.
	LegitimateInterest int                     `json:"legitimate_interest"`
	Sample             []CampaignRecipientJSON `json:"sample"`
	Subject            string                  `json:"subject"`
	Body               string                  `json:"body"`
}

// CampaignRecipientJSON is one member of a previewed audience.
type CampaignRecipientJSON struct {
	ContactID string `json:"contact_id"`
	Name      string `json:"name"`
	Basis     string `json:"basis"` // consent or legitimate_interest
}

// CampaignJSON is a sent campaign and its report.
type CampaignJSON struct {
	ID string `json:"id"`
	// Status is sent, scheduled (waiting for SendAt) or cancelled.
	Status     string     `json:"status"`
	SendAt     *time.Time `json:"send_at,omitempty"`
	Name       string     `json:"name"`
	Purpose    string     `json:"purpose"`
	Subject    string     `json:"subject"`
	Body       string     `json:"body"`
	Recipients int        `json:"recipients"`
	// LegitimateInterest counts, of Recipients, the existing clients
	// included under legitimate interest.
	LegitimateInterest int                `json:"legitimate_interest"`
	Skipped            int                `json:"skipped"` // addresses no mail server would take: not sent
	QueuedAt           time.Time          `json:"queued_at"`
	Report             CampaignReportJSON `json:"report"`
}

// CampaignReportJSON counts a campaign's e-mails by what became of them,
// and the recipients who unsubscribed by its link since.
type CampaignReportJSON struct {
	Sent         int64 `json:"sent"`
	Queued       int64 `json:"queued"` // waiting, or being handed over now
	Failed       int64 `json:"failed"`
	Bounced      int64 `json:"bounced"`
	Cancelled    int64 `json:"cancelled"` // the person was erased before it left
	Uncertain    int64 `json:"uncertain"`
	Unsubscribed int64 `json:"unsubscribed"`
}

func campaignJSON(row campaignRow) CampaignJSON {
	c := row.Counts
	var sendAt *time.Time
	if !row.SendAt.IsZero() {
		sendAt = &row.SendAt
	}
	return CampaignJSON{ID: row.CampaignID, Status: row.Status, SendAt: sendAt, Name: row.Name, Purpose: row.Purpose, Subject: row.Subject, Body: row.Body,
		Recipients: row.Recipients, LegitimateInterest: row.LegitimateInterest, Skipped: row.Skipped, QueuedAt: row.QueuedAt,
		Report: CampaignReportJSON{Sent: c[outbox.StatusSent], Queued: c[outbox.StatusQueued] + c[outbox.StatusSending],
			Failed: c[outbox.StatusFailed], Bounced: c[outbox.StatusBounced], Cancelled: c[outbox.StatusCancelled],
			Uncertain: c[outbox.StatusUncertain], Unsubscribed: row.Unsubscribed}}
}

// apiListCampaigns is GET /api/v1/campaigns: the latest campaigns,
// newest first, each with its report.
func (s *Handlers) apiListCampaigns(w http.ResponseWriter, r *http.Request) {
	waiting, err := s.waitingRows(r)
	out := struct {
		Items []CampaignJSON `json:"items"`
	}{Items: []CampaignJSON{}}
	for _, row := range waiting {
		out.Items = append(out.Items, campaignJSON(row))
	}
	var list []outbox.Campaign
	if err == nil {
		list, err = s.deps.Campaigns.Deliveries.Campaigns(r.Context(), 100)
	}
	for _, c := range list {
		if err != nil {
			break
		}
		var row campaignRow
		row, err = s.campaignRow(r, c)
		out.Items = append(out.Items, campaignJSON(row))
	}
	if err != nil {
		s.Fail(w, r, err)
		return
	}
	web.WriteJSON(w, http.StatusOK, out)
}

// apiShowCampaign is GET /api/v1/campaigns/{id}: one campaign's report.
func (s *Handlers) apiShowCampaign(w http.ResponseWriter, r *http.Request) {
	row, err := s.campaignReport(r, chi.URLParam(r, "id"))
	if err != nil {
		s.Fail(w, r, err)
		return
	}
	web.WriteJSON(w, http.StatusOK, campaignJSON(row))
}

// apiPreviewCampaign is POST /api/v1/campaigns/preview: the audience
// counted and sampled now, the text checked, nothing written but the
// access log's line of whom the sample named.
func (s *Handlers) apiPreviewCampaign(w http.ResponseWriter, r *http.Request) {
	req, text, err := s.campaignRequest(r)
	var audience []outbox.AudienceMember
	if err == nil {
		audience, err = s.audience(r, req.Purpose, req.ExistingClients)
	}
	if err == nil {
		_, err = communication.QueueCampaign("preview", req.Name, req.Purpose, text, placeholders(audience), time.Now())
	}
	out := CampaignPreviewJSON{Count: len(audience), LegitimateInterest: legitimate(audience), Sample: []CampaignRecipientJSON{},
		Subject: text.Subject, Body: text.Body}
	var viewed []string
	for _, m := range audience[:min(sampleSize, len(audience))] {
		out.Sample = append(out.Sample, CampaignRecipientJSON{ContactID: m.ContactID, Name: m.Name, Basis: m.Basis})
		viewed = append(viewed, m.ContactID)
	}
	if err == nil {
		err = s.RecordView(r, viewed)
	}
	if err != nil {
		s.Fail(w, r, err)
		return
	}
	web.WriteJSON(w, http.StatusOK, out)
}

// apiSendCampaign is POST /api/v1/campaigns: the audience drawn again
// and the campaign queued, as the page's send; 201 with its report. With
// send_at, the campaign scheduled instead: 201 with its status.
func (s *Handlers) apiSendCampaign(w http.ResponseWriter, r *http.Request) {
	req, text, err := s.campaignRequest(r)
	var res commcmd.CampaignResult
	scheduled := err == nil && req.SendAt != nil
	switch {
	case scheduled:
		res, err = s.scheduleCampaign(r, req.CampaignID, req.Name, req.Purpose, req.ExistingClients, text, *req.SendAt)
	case err == nil:
		res, err = s.queueCampaign(r, req.CampaignID, req.Name, req.Purpose, req.ExistingClients, text)
	}
	var row campaignRow
	if scheduled && err == nil {
		row, err = s.scheduledRow(r, res.CampaignID)
	} else if err == nil {
		s.Await(r.Context(), outboxProjector, res.Position)
		row, err = s.campaignReport(r, res.CampaignID)
	}
	if err != nil {
		s.Fail(w, r, err)
		return
	}
	w.Header().Set("Location", "/api/v1/campaigns/"+res.CampaignID)
	web.WriteJSON(w, http.StatusCreated, campaignJSON(row))
}

// outboxProjector is the read model a sent campaign's report counts.
const outboxProjector = "outbox"

// campaignRequest reads the body and settles the text: the request's
// own, or its letter template's when it names one (then it may not give
// a text too).
func (s *Handlers) campaignRequest(r *http.Request) (CampaignRequest, communication.CampaignText, error) {
	var req CampaignRequest
	if err := web.DecodeJSON(r, &req); err != nil {
		return req, communication.CampaignText{}, err
	}
	subject, body := req.Subject, req.Body
	if id := strings.TrimSpace(req.TemplateID); id != "" {
		if subject != "" || body != "" {
			return req, communication.CampaignText{}, domain.Invalid("template_id", "give a template or a text, not both").
				WithCode("campaign.template.or_text")
		}
		var err error
		subject, body, err = s.campaignTemplate(r, id)
		if err != nil {
			return req, communication.CampaignText{}, err
		}
	}
	return req, s.campaignText(r, subject, body), nil
}

// campaignTemplate is a letter template's text for a campaign: one in
// use, without merge fields (they name a matter and its client, and a
// campaign's text is the same for every recipient).
func (s *Handlers) campaignTemplate(r *http.Request, id string) (subject, body string, err error) {
	t, found, err := s.deps.Campaigns.Template(r.Context(), id)
	switch {
	case err != nil:
		return "", "", err
	case !found:
		return "", "", domain.Invalid("template_id", "there is no such letter template").WithCode("campaign.template.not_found")
	case strings.Contains(t.Subject+t.Body, "{{"):
		return "", "", domain.Invalid("template_id", "the template has merge fields; a campaign says the same to everyone").
			WithCode("campaign.template.merge_fields")
	}
	return t.Subject, t.Body, nil
}
