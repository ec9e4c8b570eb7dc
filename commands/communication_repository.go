package commands

import (
	"context"
	"errors"
	"fmt"
	"time"

	"github.com/klient-crm/klient/domain"
	"github.com/klient-crm/klient/domain/communication"
	"github.com/klient-crm/klient/eventstore"
)

// Communications is the repository of communication log entries that
// every log command handler shares.
type Communications struct{ journal }

// NewCommunications returns the repository. The codec must have
// communication.Events() (and contact.Events(), for the link checks)
// registered; clock is the only source of "now".
func NewCommunications(store EventStore, codec EventCodec, clock func() time.Time) (*Communications, error) {
	j, err := newJournal("NewCommunications", store, codec, clock)
	if err != nil {
		return nil, err
	}
	return &Communications{journal: j}, nil
}

// CommunicationResult tells the caller where a command left the entry.
type CommunicationResult struct {
	CommunicationID string              // canonical UUID, chosen by the handler when a log named none
	Version         uint64              // send it back as ExpectedVersion with the next change
	Position        eventstore.Position // wait for the communications projection to pass it
}

func communicationStream(id string) stream {
	return stream{name: communication.StreamName(id), staleCode: "communication.changed_meanwhile"}
}

// loader rebuilds entry id. Its data subject is read from the first event
// first, so that replay knows whose erasure makes the entry erased.
func (r *Communications) loader(id string) loader[*communication.Entry] {
	return func(ctx context.Context) (*communication.Entry, span, error) {
		e := new(communication.Entry)
		subject, err := r.sealedFor(ctx, communication.StreamName(id))
		if err != nil {
			return e, span{}, err
		}
		sp, err := r.replay(ctx, communication.StreamName(id), subject, func(ev domain.Event, erased bool) {
			if erased {
				e.ApplyErased(ev)
			} else {
				e.Apply(ev)
			}
		})
		return e, sp, err
	}
}

// change runs a decision on the existing entry rawID that the caller last
// saw at version expected.
func (r *Communications) change(ctx context.Context, actor Actor, rawID string, expected uint64, decide decision[*communication.Entry]) (CommunicationResult, error) {
	if err := actor.check(); err != nil {
		return CommunicationResult{}, err
	}
	id, err := existingID(rawID, domain.NotFound("there is no such entry in the communication log").WithCode("communication.not_found"))
	if err != nil {
		return CommunicationResult{}, err
	}
	p, err := changeOn(ctx, &r.journal, actor, communicationStream(id), expected, r.loader(id), decide)
	if err != nil {
		return CommunicationResult{}, err
	}
	return CommunicationResult{CommunicationID: id, Version: p.version, Position: p.position}, nil
}

// sealedFor names the data subject whose key seals stream name: the one
// its first event chose. A stream that does not exist has none.
func (j *journal) sealedFor(ctx context.Context, name string) (string, error) {
	envs, err := j.store.ReadStream(ctx, name, 0, 1)
	if errors.Is(err, eventstore.ErrStreamNotFound) || (err == nil && len(envs) == 0) {
		return "", nil
	}
	if err != nil {
		return "", asDomainError(err)
	}
	d, err := j.codec.Decode(ctx, envs[0])
	if err != nil {
		return "", asDomainError(err)
	}
	switch e := d.Event.(type) {
	case communication.CommunicationLogged:
		return e.DataSubject, nil
	case communication.DocumentAttached:
		return e.DataSubject, nil
	}
	return "", domain.Internal(fmt.Errorf("commands: stream %s begins with %s", name, d.Type))
}

func requireCommunications(handler string, r *Communications) error {
	if r == nil {
		return errors.New("commands." + handler + ": communications repository is required")
	}
	return nil
}
