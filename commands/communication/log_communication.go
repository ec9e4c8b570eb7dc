package communication

import (
	"context"
	"time"

	"github.com/klient-crm/klient/commands/journal"
	"github.com/klient-crm/klient/domain"
	domaincommunication "github.com/klient-crm/klient/domain/communication"
)

// LogCommunication records a communication in the log.
type LogCommunication struct {
	Actor journal.Actor
	// CommunicationID is optional: a client that chooses the UUID itself
	// can safely resend after a timeout.
	CommunicationID string
	// Links say what the entry is filed under: a matter, contacts or both.
	// They decide whose key seals the text and cannot be changed later.
	Links   domaincommunication.Links
	Details domaincommunication.Details
	// FollowUp is optional; an empty AssignedTo means the actor.
	FollowUp *domaincommunication.FollowUp
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
	if err := cmd.Actor.Check(); err != nil {
		return CommunicationResult{}, err
	}
	id, err := journal.NewID(cmd.CommunicationID, domain.Invalid("communication_id", "an entry ID is a UUID").WithCode("communication.id.format"))
	if err != nil {
		return CommunicationResult{}, err
	}
	links, details := canonicalLinks(cmd.Links), canonicalParticipants(cmd.Details)
	if err := checkLinks(ctx, &h.log.journal, cmd.Actor, links); err != nil {
		return CommunicationResult{}, err
	}
	followUp := assigned(cmd.FollowUp, cmd.Actor)
	// A retry appends nothing; a log with a follow-up wrote two events, and
	// the caller's next change must expect the stream's current version.
	p, err := journal.RegisterOnLatest(ctx, &h.log.journal, cmd.Actor, communicationStream(id), h.log.loader(id),
		func(e *domaincommunication.Entry, now time.Time) ([]domain.Event, error) {
			return e.Log(id, links, details, followUp, now)
		})
	if err != nil {
		return CommunicationResult{}, err
	}
	return CommunicationResult{CommunicationID: id, Version: p.Version, Position: p.Position}, nil
}

// assigned gives a follow-up nobody was named for to the actor.
func assigned(f *domaincommunication.FollowUp, actor journal.Actor) *domaincommunication.FollowUp {
	if f == nil {
		return nil
	}
	out := domaincommunication.FollowUp{DueOn: f.DueOn, AssignedTo: journal.CanonicalID(f.AssignedTo)}
	if out.AssignedTo == "" {
		out.AssignedTo = actor.ID
	}
	return &out
}
