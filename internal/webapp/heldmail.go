package webapp

import (
	"context"
	"net/mail"
	"strings"

	"github.com/klient-crm/klient/domain/access"
	"github.com/klient-crm/klient/eventstore"
	"github.com/klient-crm/klient/http/casework"
	"github.com/klient-crm/klient/internal/mailin"
)

// heldMail binds the casework queue page to internal/mailin: the filer is
// built as `klient serve`'s listener builds its own, over the same parts.
type heldMail struct{ f *mailin.Filer }

func (b assembly) heldMail() (casework.HeldMail, error) {
	f, err := mailin.Open(mailin.Parts{Pool: b.Pool, Store: b.Store, Codec: b.Codec, Keys: b.Keys,
		Shredder: b.erasures().KeyShredder(), Clock: b.Clock, MaxUpload: b.cfg.MaxUploadBytes})
	return heldMail{f}, err
}

// heldText is how many characters of a held message's text the queue
// shows: enough to tell where it belongs.
const heldText = 2000

func (h heldMail) Held(ctx context.Context, staffID string, roles []access.Role) ([]casework.HeldMessage, error) {
	s, err := h.f.SenderOf(ctx, staffID, roles)
	if err != nil {
		return nil, err
	}
	list, err := h.f.Held(ctx, s)
	if err != nil {
		return nil, err
	}
	out := make([]casework.HeldMessage, len(list))
	for i, m := range list {
		out[i] = heldView(m)
	}
	return out, nil
}

func (h heldMail) One(ctx context.Context, staffID string, roles []access.Role, id string) (casework.HeldMessage, error) {
	s, err := h.f.SenderOf(ctx, staffID, roles)
	if err != nil {
		return casework.HeldMessage{}, err
	}
	m, err := h.f.HeldOne(ctx, s, id)
	if err != nil {
		return casework.HeldMessage{}, err
	}
	return heldView(m), nil
}

// heldView is a held message as the queue shows it.
func heldView(m mailin.HeldMessage) casework.HeldMessage {
	text := []rune(m.Message.Text)
	v := casework.HeldMessage{ID: m.ID, ReceivedAt: m.ReceivedAt, Reason: m.Reason, Subject: m.Message.Subject,
		Text: string(text[:min(len(text), heldText)]), To: addresses(m.Message.To)}
	if m.Message.From != nil {
		v.From = m.Message.From.String()
	}
	for _, a := range m.Message.Attachments {
		v.Attachments = append(v.Attachments, a.Name)
	}
	return v
}

func addresses(list []*mail.Address) string {
	s := make([]string, len(list))
	for i, a := range list {
		s[i] = a.String()
	}
	return strings.Join(s, ", ")
}

func (h heldMail) File(ctx context.Context, staffID string, roles []access.Role, id, number string) (string, eventstore.Position, error) {
	s, err := h.f.SenderOf(ctx, staffID, roles)
	if err != nil {
		return "", eventstore.Position{}, err
	}
	out, err := h.f.FileHeld(ctx, s, id, number)
	return out.MatterID, out.Position, err
}

func (h heldMail) Discard(ctx context.Context, staffID string, roles []access.Role, id string) error {
	s, err := h.f.SenderOf(ctx, staffID, roles)
	if err != nil {
		return err
	}
	return h.f.Discard(ctx, s, id)
}
