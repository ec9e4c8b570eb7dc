package commands

import (
	"context"
	"errors"

	"github.com/klient-crm/klient/domain"
	"github.com/klient-crm/klient/domain/contact"
	"github.com/klient-crm/klient/eventstore"
)

// pageSize is how many events one read of a contact's stream fetches; a
// contact rarely has more, so one round trip is the rule.
const pageSize = 500

// loadedContact is a contact rebuilt from its stream, with the positions
// of the stream's first and last events.
type loadedContact struct {
	*contact.Contact
	first, last eventstore.Position
}

// load rebuilds contact id from its stream; a stream that does not exist
// yields a contact that does not exist.
func (r *Contacts) load(ctx context.Context, id string) (loadedContact, error) {
	lc := loadedContact{Contact: new(contact.Contact)}
	for from := uint64(0); ; {
		envs, err := r.store.ReadStream(ctx, contact.StreamName(id), from, pageSize)
		if errors.Is(err, eventstore.ErrStreamNotFound) {
			return lc, nil
		}
		if err != nil {
			return lc, asDomainError(err)
		}
		for _, env := range envs {
			if err := lc.apply(ctx, r.codec, id, env); err != nil {
				return lc, err
			}
		}
		if len(envs) < pageSize {
			return lc, nil
		}
		from = envs[len(envs)-1].Version + 1
	}
}

// apply decodes one envelope into the contact. An event the codec cannot
// open for want of the subject's key still counts: the contact is erased.
func (lc *loadedContact) apply(ctx context.Context, codec EventCodec, id string, env eventstore.Envelope) error {
	d, err := codec.Decode(ctx, env)
	switch {
	case domain.IsKind(err, domain.KindErased):
		lc.ApplyErased(nil)
	case err != nil:
		return asDomainError(err)
	case d.IsErased(id):
		lc.ApplyErased(d.Event)
	default:
		lc.Apply(d.Event)
	}
	if lc.Version() == 0 {
		lc.first = env.Position
	}
	lc.last = env.Position
	return nil
}

// result is where the contact stands without any new event.
func (lc loadedContact) result(id string) Result {
	return Result{ContactID: id, Version: lc.Version(), Position: lc.last}
}
