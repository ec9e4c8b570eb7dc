package commands

import (
	"context"
	"time"

	"github.com/klient-crm/klient/domain"
	"github.com/klient-crm/klient/domain/communication"
)

// LogCommunication records a communication in the log.
type LogCommunication struct {
	Actor Actor
	// CommunicationID is optional: a client that chooses the UUID itself
	// can safely resend after a timeout.
	CommunicationID string
	// Links say what the entry is filed under: a matter, contacts or both.
	// They decide whose key seals the text and cannot be changed later.
	Links   communication.Links
	Details communication.Details
	// FollowUp is optional; an empty AssignedTo means the actor.
	FollowUp *communication.FollowUp
}

// LogCommunicationHandler handles LogCommunication.
type LogCommunicationHandler struct{ log *Communications }

// NewLogCommunicationHandler returns the handler.
func NewLogCommunicationHandler(log *Communications) (*LogCommunicationHandler, error) {
	if err := requireCommunications("NewLogCommunicationHandler", log); err != nil {
		return nil, err
	}
	return &LogCommunicationHandler{log: log}, nil
}

// Handle logs the entry after checking that its matter and contacts
// exist. Resent with the same ID and facts it returns the first result and
// writes nothing; other facts under that ID are a KindConflict.
func (h *LogCommunicationHandler) Handle(ctx context.Context, cmd LogCommunication) (CommunicationResult, error) {
	if err := cmd.Actor.check(); err != nil {
		return CommunicationResult{}, err
	}
	id, err := newID(cmd.CommunicationID, domain.Invalid("communication_id", "an entry ID is a UUID").WithCode("communication.id.format"))
	if err != nil {
		return CommunicationResult{}, err
	}
	links, details := canonicalLinks(cmd.Links), canonicalParticipants(cmd.Details)
	if err := h.log.checkLinks(ctx, links); err != nil {
		return CommunicationResult{}, err
	}
	followUp := assigned(cmd.FollowUp, cmd.Actor)
	var seen span
	load := func(ctx context.Context) (*communication.Entry, span, error) {
		e, sp, err := h.log.loader(id)(ctx)
		seen = sp
		return e, sp, err
	}
	p, err := registerOn(ctx, &h.log.journal, cmd.Actor, communicationStream(id), load,
		func(e *communication.Entry, now time.Time) ([]domain.Event, error) {
			return e.Log(id, links, details, followUp, now)
		})
	if err != nil {
		return CommunicationResult{}, err
	}
	// A retry appends nothing, and registerOn then answers with the first
	// event; but a log with a follow-up wrote two, and the caller's next
	// change must expect the stream's current version.
	if seen.found {
		p = placed{version: seen.version, position: seen.last}
	}
	return CommunicationResult{CommunicationID: id, Version: p.version, Position: p.position}, nil
}

// assigned gives a follow-up nobody was named for to the actor.
func assigned(f *communication.FollowUp, actor Actor) *communication.FollowUp {
	if f == nil {
		return nil
	}
	out := communication.FollowUp{DueOn: f.DueOn, AssignedTo: canonicalID(f.AssignedTo)}
	if out.AssignedTo == "" {
		out.AssignedTo = actor.ID
	}
	return &out
}
