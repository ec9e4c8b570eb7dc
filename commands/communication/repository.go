package communication

import (
	"context"
	"errors"
	"fmt"
	"time"

	"github.com/klient-crm/klient/commands/journal"
	"github.com/klient-crm/klient/domain"
	domaincommunication "github.com/klient-crm/klient/domain/communication"
	"github.com/klient-crm/klient/eventstore"
)

// Communications is the repository of communication log entries that
// every log command handler shares.
type Communications struct{ journal journal.Journal }

// NewCommunications returns the repository. The codec must have
// communication.Events() (and contact.Events(), for the link checks)
// registered; clock is the only source of "now".
func NewCommunications(store journal.EventStore, codec journal.EventCodec, clock func() time.Time) (*Communications, error) {
	j, err := journal.New("NewCommunications", store, codec, clock)
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
	// New is false when the command found its work done under its ID (a
	// resend); only SendLetter says.
	New bool
}

func communicationStream(id string) journal.Stream {
	return journal.Stream{Name: domaincommunication.StreamName(id), StaleCode: "communication.changed_meanwhile"}
}

// loader rebuilds entry id for the shared command flows.
func (r *Communications) loader(id string) journal.Loader[*domaincommunication.Entry] {
	return EntryLoader(&r.journal, id)
}

// EntryLoader rebuilds entry id from its stream in j. Each of its events
// seals with one key at most (the entry key of its text, or before entry
// keys its data subject's), so an erased field is the entry's text erased.
// The documents context reads an entry it files a document under with it.
func EntryLoader(j *journal.Journal, id string) journal.Loader[*domaincommunication.Entry] {
	return func(ctx context.Context) (*domaincommunication.Entry, journal.Span, error) {
		e := new(domaincommunication.Entry)
		sp, err := j.ReplayAny(ctx, domaincommunication.StreamName(id), journal.Applier(e))
		return e, sp, err
	}
}

// change runs a decision on the existing entry rawID that the caller last
// saw at version expected.
func (r *Communications) change(ctx context.Context, actor journal.Actor, rawID string, expected uint64, decide journal.Decision[*domaincommunication.Entry]) (CommunicationResult, error) {
	if err := actor.Check(); err != nil {
		return CommunicationResult{}, err
	}
	id, err := journal.ExistingID(rawID, domain.NotFound("there is no such entry in the communication log").WithCode("communication.not_found"))
	if err != nil {
		return CommunicationResult{}, err
	}
	p, err := journal.ChangeOn(ctx, &r.journal, actor, communicationStream(id), expected, r.loader(id), decide)
	if err != nil {
		return CommunicationResult{}, err
	}
	return CommunicationResult{CommunicationID: id, Version: p.Version, Position: p.Position}, nil
}

// SealedFor names the data subject whose key seals stream name (an entry's
// or a document's): the one its first event chose. A stream that does not
// exist has none.
func SealedFor(ctx context.Context, j *journal.Journal, name string) (string, error) {
	env, found, err := j.First(ctx, name)
	if err != nil || !found {
		return "", err
	}
	d, err := j.Decode(ctx, env)
	if err != nil {
		return "", journal.AsDomainError(err)
	}
	switch e := d.Event.(type) {
	case domaincommunication.CommunicationLogged:
		return e.DataSubject, nil
	case domaincommunication.DocumentAttached:
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
