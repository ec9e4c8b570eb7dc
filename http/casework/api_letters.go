package casework

import (
	"net/http"

	commcmd "github.com/klient-crm/klient/commands/communication"
	"github.com/klient-crm/klient/domain/communication"
	"github.com/klient-crm/klient/http/web"
)

// LetterRequest is the body of a letter's preview and of its sending.
type LetterRequest struct {
	TemplateID string `json:"template_id"`
	// TemplateRevision, when sent, must be the template's revision now:
	// the letter is the one previewed, not a newer text.
	TemplateRevision *uint64         `json:"template_revision,omitempty"`
	RecipientID      string          `json:"recipient_id"`
	Channel          commcmd.Channel `json:"channel,omitempty"` // email (default) or post
	CommunicationID  string          `json:"communication_id,omitempty"`
}

// LetterJSON is a letter rendered against a matter: as previewed, or as
// sent and logged.
type LetterJSON struct {
	CommunicationID  string          `json:"communication_id,omitempty"` // when sent
	TemplateID       string          `json:"template_id"`
	TemplateRevision uint64          `json:"template_revision"`
	RecipientID      string          `json:"recipient_id"`
	RecipientName    string          `json:"recipient_name"`
	Email            string          `json:"email,omitempty"` // where an e-mail goes; empty: the recipient has none
	Channel          commcmd.Channel `json:"channel"`
	Subject          string          `json:"subject"`
	Body             string          `json:"body"`
}

// apiPreviewLetter is POST /api/v1/matters/{id}/letters/preview: the
// letter rendered against the matter, nothing written.
func (s *Handlers) apiPreviewLetter(w http.ResponseWriter, r *http.Request) {
	out, _, err := s.apiLetter(r)
	if err != nil {
		s.Fail(w, r, err)
		return
	}
	web.WriteJSON(w, http.StatusOK, out)
}

// apiSendLetter is POST /api/v1/matters/{id}/letters: the letter logged
// in the matter and, by e-mail, queued in the outbox.
func (s *Handlers) apiSendLetter(w http.ResponseWriter, r *http.Request) {
	out, req, err := s.apiLetter(r)
	var res commcmd.CommunicationResult
	if err == nil {
		res, err = s.deps.Letters.Send.Handle(r.Context(), commcmd.SendLetter{Actor: s.Actor(r),
			CommunicationID: req.CommunicationID, MatterID: web.MatterOf(r).ID, Recipient: out.RecipientID,
			Channel: out.Channel, Subject: out.Subject, Body: out.Body})
	}
	if err != nil {
		s.Fail(w, r, err)
		return
	}
	s.Await(r.Context(), communicationsProjector, res.Position)
	out.CommunicationID = res.CommunicationID
	web.WriteJSON(w, http.StatusCreated, out)
}

// apiLetter reads the body and renders the letter as the page does.
func (s *Handlers) apiLetter(r *http.Request) (LetterJSON, LetterRequest, error) {
	var req LetterRequest
	if err := web.DecodeJSON(r, &req); err != nil {
		return LetterJSON{}, req, err
	}
	c := letterChoice{Template: req.TemplateID, Recipient: req.RecipientID, Channel: req.Channel, Revision: req.TemplateRevision}
	if c.Channel != commcmd.ChannelPost {
		c.Channel = commcmd.ChannelEmail
	}
	if c.Template == "" || c.Recipient == "" {
		return LetterJSON{}, req, web.BadRequest(web.ErrMalformed, "template_id", "request.field.required",
			"template_id and recipient_id are required")
	}
	page, err := s.letterPage(r, c, web.FormState{})
	if err != nil {
		return LetterJSON{}, req, err
	}
	p := page.Preview
	if err := s.RecordView(r, []string{p.To.ID}); err != nil {
		return LetterJSON{}, req, err
	}
	return LetterJSON{TemplateID: c.Template, TemplateRevision: p.Revision, RecipientID: p.To.ID, RecipientName: p.To.Name,
		Email: p.Email, Channel: c.Channel, Subject: p.Subject, Body: p.Body}, req, nil
}

// AutomaticMessagesJSON is a matter's automatic messages to its clients:
// days between status reports and days before a deadline to remind, 0
// for never.
type AutomaticMessagesJSON struct {
	StatusReportDays int `json:"status_report_days"`
	ReminderDays     int `json:"reminder_days"`
	// MayChange: the caller is the matter's responsible lawyer, the only
	// one who may switch them (the messages go out in their name).
	MayChange bool `json:"may_change"`
}

// AutomaticMessagesRequest is the body of a PUT: both settings, as a
// PUT replaces them (0 switches one off).
type AutomaticMessagesRequest struct {
	StatusReportDays *int `json:"status_report_days"`
	ReminderDays     *int `json:"reminder_days"`
}

// apiGetAutomatic is GET /api/v1/matters/{id}/automatic-messages.
func (s *Handlers) apiGetAutomatic(w http.ResponseWriter, r *http.Request) {
	a, _, err := s.deps.Letters.Automatic.Load(r.Context(), web.MatterOf(r).ID)
	if err != nil {
		s.Fail(w, r, err)
		return
	}
	web.WriteJSON(w, http.StatusOK, s.automaticJSON(r, a.Settings()))
}

// apiPutAutomatic is PUT /api/v1/matters/{id}/automatic-messages: the
// responsible lawyer's settings, each checked against its range as on
// the page; the same settings again write nothing.
func (s *Handlers) apiPutAutomatic(w http.ResponseWriter, r *http.Request) {
	var req AutomaticMessagesRequest
	err := web.DecodeJSON(r, &req)
	switch {
	case err != nil:
	case req.StatusReportDays == nil:
		err = web.BadRequest(web.ErrMalformed, "status_report_days", "request.field.required", "status_report_days is required (0 for never)")
	case req.ReminderDays == nil:
		err = web.BadRequest(web.ErrMalformed, "reminder_days", "request.field.required", "reminder_days is required (0 for never)")
	}
	m := web.MatterOf(r)
	if p, _ := web.PrincipalOf(r.Context()); err == nil && p.StaffID != m.ResponsibleLawyer {
		err = errNotResponsible
	}
	var settings communication.AutomaticMessages
	if err == nil {
		settings = communication.AutomaticMessages{StatusReportDays: *req.StatusReportDays, ReminderDays: *req.ReminderDays}
		_, err = s.deps.Letters.Automatic.Handle(r.Context(), commcmd.SetAutomaticMessages{Actor: s.Actor(r), MatterID: m.ID, Settings: settings})
	}
	if err != nil {
		s.Fail(w, r, err)
		return
	}
	web.WriteJSON(w, http.StatusOK, s.automaticJSON(r, settings))
}

func (s *Handlers) automaticJSON(r *http.Request, a communication.AutomaticMessages) AutomaticMessagesJSON {
	p, _ := web.PrincipalOf(r.Context())
	return AutomaticMessagesJSON{StatusReportDays: a.StatusReportDays, ReminderDays: a.ReminderDays,
		MayChange: p.StaffID == web.MatterOf(r).ResponsibleLawyer}
}
