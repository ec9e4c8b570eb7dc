package casework

import (
	"context"
	"net/http"
	"strings"
	"time"

	"github.com/go-chi/chi/v5"

	"github.com/klient-crm/klient/domain/access"
	"github.com/klient-crm/klient/eventstore"
	"github.com/klient-crm/klient/http/web"
)

// HeldMail is the review queue of incoming e-mail the member handed to
// Klient that it could not file (internal/mailin, bound in
// internal/webapp): each member sees only their own.
type HeldMail interface {
	Held(ctx context.Context, staffID string, roles []access.Role) ([]HeldMessage, error)
	// One is held message id of the member's queue; another member's is
	// not found, like an unknown ID.
	One(ctx context.Context, staffID string, roles []access.Role, id string) (HeldMessage, error)
	// File files held message id under the matter numbered number and
	// returns the matter and where to wait for the log.
	File(ctx context.Context, staffID string, roles []access.Role, id, number string) (string, eventstore.Position, error)
	Discard(ctx context.Context, staffID string, roles []access.Role, id string) error
}

// HeldMessage is one held e-mail as the queue shows it: the message's
// own words, opened for its member only.
type HeldMessage struct {
	ID          string
	ReceivedAt  time.Time
	Reason      string // outbox.Held*: why it was not filed
	From        string
	To          string
	Subject     string
	Text        string // the beginning of the text
	Attachments []string
}

// heldPage is the queue with, after a refused filing, the form of the
// message it was for.
type heldPage struct {
	Messages []HeldMessage
	Done     string
	Failed   string // the message whose filing was refused
	Form     web.FormState
}

// heldMailPage serves GET /mail/held.
func (s *Handlers) heldMailPage(w http.ResponseWriter, r *http.Request) {
	s.showHeld(w, r, http.StatusOK, heldPage{Done: matterDone[r.URL.Query().Get("done")]})
}

func (s *Handlers) showHeld(w http.ResponseWriter, r *http.Request, status int, page heldPage) {
	p, _ := web.PrincipalOf(r.Context())
	list, err := s.deps.HeldMail.Held(r.Context(), p.StaffID, p.Roles)
	if err != nil {
		s.Fail(w, r, err)
		return
	}
	page.Messages = list
	s.RenderPage(w, r, status, "mail_held", page)
}

// fileHeldMail serves POST /mail/held/{id}/file: the member names the
// matter by its number; one they do not work on is refused like one that
// does not exist.
func (s *Handlers) fileHeldMail(w http.ResponseWriter, r *http.Request) {
	if !s.ParseForm(w, r) {
		return
	}
	p, _ := web.PrincipalOf(r.Context())
	id := chi.URLParam(r, "id")
	matterID, pos, err := s.deps.HeldMail.File(r.Context(), p.StaffID, p.Roles, id, strings.TrimSpace(r.PostForm.Get("number")))
	if err != nil {
		f, status, ok := s.FailedForm(r, err, "/mail/held")
		if !ok {
			s.Fail(w, r, err)
			return
		}
		s.showHeld(w, r, status, heldPage{Failed: id, Form: f})
		return
	}
	s.Await(r.Context(), communicationsProjector, pos)
	s.Await(r.Context(), documentsProjector, pos)
	http.Redirect(w, r, "/matters/"+matterID+"/communications?done=mail_filed", http.StatusSeeOther)
}

// discardHeldMail serves POST /mail/held/{id}/discard, once confirmed.
func (s *Handlers) discardHeldMail(w http.ResponseWriter, r *http.Request) {
	p, _ := web.PrincipalOf(r.Context())
	if err := s.deps.HeldMail.Discard(r.Context(), p.StaffID, p.Roles, chi.URLParam(r, "id")); err != nil {
		s.Fail(w, r, err)
		return
	}
	http.Redirect(w, r, "/mail/held?done=mail_held_discarded", http.StatusSeeOther)
}

// askDiscardHeld: the message's key is destroyed; nothing brings it back.
// The question names the subject, read as the discard itself reads it
// (that one message, not the whole queue opened): a message of another
// member's queue is not found.
func (s *Handlers) askDiscardHeld(r *http.Request) (*web.Confirmation, error) {
	p, _ := web.PrincipalOf(r.Context())
	m, err := s.deps.HeldMail.One(r.Context(), p.StaffID, p.Roles, chi.URLParam(r, "id"))
	if err != nil {
		return nil, err
	}
	return &web.Confirmation{Question: "confirm.mail_held.discard", Args: []any{m.Subject},
		Consequence: "confirm.mail_held.discard.consequence", Button: "confirm.mail_held.discard.button", Back: "/mail/held"}, nil
}

// HeldMailJSON is one e-mail of the member's review queue, as the page
// shows it.
type HeldMailJSON struct {
	ID          string    `json:"id"`
	ReceivedAt  time.Time `json:"received_at"`
	Reason      string    `json:"reason"` // no_matter, unknown_matter or archived
	From        string    `json:"from"`
	To          string    `json:"to"`
	Subject     string    `json:"subject"`
	Text        string    `json:"text"` // the beginning of the text
	Attachments []string  `json:"attachments"`
}

// HeldMailFileRequest names the matter a held e-mail belongs to, by its
// number.
type HeldMailFileRequest struct {
	Number string `json:"number"`
}

// HeldMailFiledJSON is where a held e-mail was filed.
type HeldMailFiledJSON struct {
	MatterID string `json:"matter_id"`
}

// apiHeldMail is GET /api/v1/mail/held: the caller's own queue, as the
// page shows it; nobody sees another member's.
func (s *Handlers) apiHeldMail(w http.ResponseWriter, r *http.Request) {
	p, _ := web.PrincipalOf(r.Context())
	list, err := s.deps.HeldMail.Held(r.Context(), p.StaffID, p.Roles)
	if err != nil {
		s.Fail(w, r, err)
		return
	}
	out := struct {
		Items []HeldMailJSON `json:"items"`
	}{Items: make([]HeldMailJSON, 0, len(list))}
	for _, m := range list {
		out.Items = append(out.Items, HeldMailJSON{ID: m.ID, ReceivedAt: m.ReceivedAt, Reason: m.Reason, From: m.From, To: m.To,
			Subject: m.Subject, Text: m.Text, Attachments: append([]string{}, m.Attachments...)})
	}
	web.WriteJSON(w, http.StatusOK, out)
}

// apiFileHeldMail is POST /api/v1/mail/held/{id}/file: the page's
// filing, refused alike (a number of no matter the caller works on is
// one that does not exist); 200 with the matter once its log shows it.
func (s *Handlers) apiFileHeldMail(w http.ResponseWriter, r *http.Request) {
	var req HeldMailFileRequest
	if err := web.DecodeJSON(r, &req); err != nil {
		s.Fail(w, r, err)
		return
	}
	p, _ := web.PrincipalOf(r.Context())
	matterID, pos, err := s.deps.HeldMail.File(r.Context(), p.StaffID, p.Roles, chi.URLParam(r, "id"), strings.TrimSpace(req.Number))
	if err != nil {
		s.Fail(w, r, err)
		return
	}
	s.Await(r.Context(), communicationsProjector, pos)
	s.Await(r.Context(), documentsProjector, pos)
	web.WriteJSON(w, http.StatusOK, HeldMailFiledJSON{MatterID: matterID})
}

// apiDiscardHeldMail is POST /api/v1/mail/held/{id}/discard: the
// message's key destroyed, as the page's confirmed discard; 204.
func (s *Handlers) apiDiscardHeldMail(w http.ResponseWriter, r *http.Request) {
	p, _ := web.PrincipalOf(r.Context())
	if err := s.deps.HeldMail.Discard(r.Context(), p.StaffID, p.Roles, chi.URLParam(r, "id")); err != nil {
		s.Fail(w, r, err)
		return
	}
	w.WriteHeader(http.StatusNoContent)
}
