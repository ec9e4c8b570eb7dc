package mailin

import (
	"bytes"
	"context"
	"io"

	"github.com/klient-crm/klient/domain"
	"github.com/klient-crm/klient/projections/matters"
	"github.com/klient-crm/klient/projections/outbox"
)

// heldKey is the key that seals one held message: its own, so that
// discarding it (or filing it, which copies it into the matter's log
// under the matter's keys) destroys it without touching anyone else's.
func heldKey(id string) string { return outbox.HeldKey(id) }

// hold puts raw into sender's review queue under id, sealed with the
// message's own key, with its addresses hashed so that the people it came
// from or went to find it in their access package and their erasure
// destroys it. A retry of the same message holds nothing new.
func (f *Filer) hold(ctx context.Context, sender Sender, id string, raw []byte, msg Message, reason string) (Outcome, error) {
	if _, err := outbox.GetHeld(ctx, f.cfg.Pool, sender.StaffID, id); err == nil {
		return Outcome{HeldID: id, Reason: reason}, nil
	}
	key, err := f.cfg.Index.IndexKey(ctx, outbox.HeldAddressIndex)
	if err != nil {
		return Outcome{}, err
	}
	var addrs []outbox.HeldAddress
	add := func(role string, list ...*mailAddress) {
		for _, a := range list {
			if a != nil && a.Address != "" {
				addrs = append(addrs, outbox.HeldAddress{MAC: outbox.AddressMAC(key, a.Address), Role: role})
			}
		}
	}
	add(outbox.RoleFrom, msg.From)
	add(outbox.RoleTo, msg.To...)
	add(outbox.RoleCc, msg.Cc...)
	size, _, _, err := f.cfg.Blobs.Put(ctx, id, heldKey(id), bytes.NewReader(raw), f.cfg.Limit)
	if err != nil {
		return Outcome{}, err
	}
	err = outbox.Hold(ctx, f.cfg.Pool, outbox.Held{ID: id, StaffID: sender.StaffID, Reason: reason, Size: size,
		ReceivedAt: f.cfg.Clock().UTC()}, addrs)
	if err != nil {
		_ = f.cfg.Blobs.Delete(context.WithoutCancel(ctx), id)
		return Outcome{}, err
	}
	return Outcome{HeldID: id, Reason: reason}, nil
}

// HeldMessage is one held e-mail as its review page shows it.
type HeldMessage struct {
	outbox.Held
	Message Message
}

// Held lists sender's review queue with each message opened.
func (f *Filer) Held(ctx context.Context, sender Sender) ([]HeldMessage, error) {
	list, err := outbox.HeldFor(ctx, f.cfg.Pool, sender.StaffID)
	if err != nil {
		return nil, err
	}
	out := make([]HeldMessage, 0, len(list))
	for _, h := range list {
		msg, err := f.open(ctx, h.ID)
		if err != nil {
			return nil, err
		}
		out = append(out, HeldMessage{Held: h, Message: msg})
	}
	return out, nil
}

// HeldOne opens held message id of sender's queue: another member's, like
// an unknown ID, is not found.
func (f *Filer) HeldOne(ctx context.Context, sender Sender, id string) (HeldMessage, error) {
	h, err := outbox.GetHeld(ctx, f.cfg.Pool, sender.StaffID, id)
	if err != nil {
		return HeldMessage{}, err
	}
	msg, err := f.open(ctx, h.ID)
	if err != nil {
		return HeldMessage{}, err
	}
	return HeldMessage{Held: h, Message: msg}, nil
}

func (f *Filer) open(ctx context.Context, id string) (Message, error) {
	raw, err := f.raw(ctx, id)
	if err != nil {
		return Message{}, err
	}
	return Parse(raw)
}

func (f *Filer) raw(ctx context.Context, id string) ([]byte, error) {
	r, err := f.cfg.Blobs.Open(ctx, id, heldKey(id))
	if err != nil {
		return nil, err
	}
	defer r.Close()
	return io.ReadAll(r)
}

// FileHeld files held message id of sender's queue under the matter
// numbered number, which sender must be able to see, then destroys the
// held copy. An unknown number and one the sender may not see are the
// same refusal.
func (f *Filer) FileHeld(ctx context.Context, sender Sender, id, number string) (Outcome, error) {
	if _, err := outbox.GetHeld(ctx, f.cfg.Pool, sender.StaffID, id); err != nil {
		return Outcome{}, err
	}
	m, err := matters.ByNumber(ctx, f.cfg.Pool, number)
	notFound := domain.Invalid("number", "there is no matter numbered %q that you work on", number).WithCode("mailin.matter.not_found")
	switch {
	case domain.IsKind(err, domain.KindNotFound) || domain.IsKind(err, domain.KindErased):
		return Outcome{}, notFound
	case err != nil:
		return Outcome{}, domain.Internal(err)
	}
	switch f.refusal(sender, m) {
	case outbox.HeldUnknownMatter:
		return Outcome{}, notFound
	case outbox.HeldArchived:
		return Outcome{}, domain.Conflict("the matter is archived").WithCode("matter.archived")
	}
	raw, err := f.raw(ctx, id)
	if err != nil {
		return Outcome{}, err
	}
	msg, err := f.readable(raw)
	if err != nil {
		return Outcome{}, err
	}
	out, err := f.file(ctx, sender, id, m, msg)
	if err != nil {
		return Outcome{}, err
	}
	return out, f.forget(ctx, id)
}

// Discard destroys held message id of sender's queue: its key first, so
// that what is left in any backup cannot be read, then its bytes and row.
func (f *Filer) Discard(ctx context.Context, sender Sender, id string) error {
	if _, err := outbox.GetHeld(ctx, f.cfg.Pool, sender.StaffID, id); err != nil {
		return err
	}
	return f.forget(ctx, id)
}

func (f *Filer) forget(ctx context.Context, id string) error {
	if err := f.cfg.Keys.ShredKey(ctx, heldKey(id)); err != nil {
		return err
	}
	if err := f.cfg.Blobs.Delete(ctx, id); err != nil {
		return err
	}
	return outbox.Release(ctx, f.cfg.Pool, id)
}
