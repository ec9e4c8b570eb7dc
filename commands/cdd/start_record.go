package cdd

import (
	"context"
	"slices"
	"time"

	contactcmd "github.com/klient-crm/klient/commands/contact"
	"github.com/klient-crm/klient/commands/journal"
	mattercmd "github.com/klient-crm/klient/commands/matter"
	"github.com/klient-crm/klient/domain"
	domaincdd "github.com/klient-crm/klient/domain/cdd"
	"github.com/klient-crm/klient/domain/contact"
	domainmatter "github.com/klient-crm/klient/domain/matter"
)

// StartRecord begins matter MatterID's due diligence of its client:
// ClientID, or the matter's first client when empty. An organisation's
// record asks for beneficial owners.
type StartRecord struct {
	Actor    journal.Actor
	MatterID string
	ClientID string
}

// StartRecordHandler handles StartRecord.
type StartRecordHandler struct{ records *Records }

// NewStartRecordHandler returns the handler.
func NewStartRecordHandler(records *Records) (*StartRecordHandler, error) {
	if err := requireRecords("NewStartRecordHandler", records); err != nil {
		return nil, err
	}
	return &StartRecordHandler{records: records}, nil
}

// Handle starts the record; started already for the same client, it
// writes nothing and answers with the record as it stands.
func (h *StartRecordHandler) Handle(ctx context.Context, cmd StartRecord) (RecordResult, error) {
	if err := cmd.Actor.Check(); err != nil {
		return RecordResult{}, err
	}
	matterID, err := journal.ExistingID(cmd.MatterID, domain.NotFound("there is no such matter").WithCode("matter.not_found"))
	if err != nil {
		return RecordResult{}, err
	}
	clientID, organisation, err := h.client(ctx, cmd.Actor, matterID, cmd.ClientID)
	if err != nil {
		return RecordResult{}, err
	}
	p, err := journal.RegisterOnLatest(ctx, &h.records.journal, cmd.Actor, recordStream(matterID), h.records.loader(matterID),
		func(r *domaincdd.Record, _ time.Time) ([]domain.Event, error) {
			if err := visible(cmd.Actor, r); err != nil {
				return nil, err
			}
			return r.Start(matterID, clientID, organisation, cmd.Actor.ID)
		})
	if err != nil {
		return RecordResult{}, err
	}
	return RecordResult{MatterID: matterID, Version: p.Version, Position: p.Position}, nil
}

// client finds the record's client on the matter's stream: a client party
// (the one named, or the first), whose contact the actor may see and whose
// data is not erased; and whether it is an organisation.
func (h *StartRecordHandler) client(ctx context.Context, actor journal.Actor, matterID, named string) (string, bool, error) {
	m, _, err := mattercmd.Load(ctx, &h.records.journal, matterID)
	switch {
	case err != nil:
		return "", false, err
	case !m.Exists():
		return "", false, domain.NotFound("there is no such matter").WithCode("matter.not_found")
	case m.Erased():
		return "", false, domain.Erased("this matter's file has been erased").WithCode("matter.erased")
	case m.Status() != domainmatter.StatusIntake && m.Status() != domainmatter.StatusOpen:
		return "", false, domain.Conflict("a closed matter takes no new due diligence").WithCode("cdd.matter.closed")
	}
	clients := slices.DeleteFunc(m.Parties(), func(p domainmatter.Party) bool {
		return p.Role != domainmatter.RoleClient && p.Role != domainmatter.RoleCoClient || !actor.Sees(p.ContactID)
	})
	i := 0
	if named != "" {
		i = slices.IndexFunc(clients, func(p domainmatter.Party) bool { return p.ContactID == journal.CanonicalID(named) })
	}
	if i < 0 || len(clients) == 0 {
		return "", false, domain.Invalid("client_id", "the matter has no such client").WithCode("cdd.client.id")
	}
	c, _, err := contactcmd.LoadAs(ctx, &h.records.journal, actor, clients[i].ContactID)
	switch {
	case err != nil:
		return "", false, err
	case !c.Exists():
		return "", false, domain.Invalid("client_id", "the matter has no such client").WithCode("cdd.client.id")
	case c.Erased():
		return "", false, domain.Invalid("client_id", "that contact's data has been erased").WithCode("cdd.client.erased")
	}
	return c.ID(), c.Kind() == contact.KindOrganisation, nil
}
