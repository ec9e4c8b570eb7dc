package communication

import (
	"context"
	"encoding/json"
	"fmt"

	"github.com/google/uuid"

	"github.com/klient-crm/klient/commands/journal"
	"github.com/klient-crm/klient/domain"
	domaincommunication "github.com/klient-crm/klient/domain/communication"
	"github.com/klient-crm/klient/eventstore"
)

// SendCampaign queues a campaign: its record with the text, once, and
// one e-mail per recipient, each sealing that recipient's address and
// withdrawal link with their key, in the campaign's own stream. The audience is the caller's (projections/outbox.Audience:
// active consent, never restricted, objected, erased, protected or
// walled), each e-mail with its consent's withdrawal link.
type SendCampaign struct {
	Actor      journal.Actor
	CampaignID string // optional: a client-chosen UUID makes a resend queue nothing twice
	Name       string
	Purpose    string
	Subject    string
	Body       string
	// Footer is the line before each recipient's withdrawal link, in the
	// sender's language.
	Footer string
	// ObjectionFooter is the line before the opt-out link of recipients
	// included under legitimate interest (required when there are any).
	ObjectionFooter string
	Recipients      []domaincommunication.CampaignRecipient // MailID is filled here
}

// CampaignResult says where the campaign was written.
type CampaignResult struct {
	CampaignID string
	Queued     int
	Position   eventstore.Position
}

// campaignBatch is how many e-mails one append writes: big enough that
// 10,000 recipients are a few appends, small enough for one transaction.
const campaignBatch = 1000

// SendCampaignHandler handles SendCampaign.
type SendCampaignHandler struct{ log *Communications }

// NewSendCampaignHandler returns the handler.
func NewSendCampaignHandler(log *Communications) (*SendCampaignHandler, error) {
	if err := requireCommunications("NewSendCampaignHandler", log); err != nil {
		return nil, err
	}
	return &SendCampaignHandler{log: log}, nil
}

// Handle appends the campaign in batches after its record (NoStream, so
// a second send of the same campaign is refused as taken). A crash
// between batches leaves a campaign whose record says how many were
// meant and whose stream holds the e-mails queued so far: a resend with
// the same ID appends the e-mail of each recipient not yet in the stream,
// found by the e-mail's ID (one per campaign and contact), not by
// position — the audience drawn again for the resend may have lost or
// gained people since, in any place of its order.
func (h *SendCampaignHandler) Handle(ctx context.Context, cmd SendCampaign) (CampaignResult, error) {
	if err := cmd.Actor.Check(); err != nil {
		return CampaignResult{}, err
	}
	id, err := journal.NewID(cmd.CampaignID, domain.Invalid("campaign_id", "a campaign ID is a UUID").WithCode("campaign.id.format"))
	if err != nil {
		return CampaignResult{}, err
	}
	space := uuid.MustParse(id)
	for i := range cmd.Recipients {
		cmd.Recipients[i].MailID = uuid.NewSHA1(space, []byte(cmd.Recipients[i].ContactID)).String()
	}
	now := h.log.journal.Now()
	events, err := domaincommunication.QueueCampaign(id, cmd.Name, cmd.Purpose,
		domaincommunication.CampaignText{Subject: cmd.Subject, Body: cmd.Body, Footer: cmd.Footer, ObjectionFooter: cmd.ObjectionFooter},
		cmd.Recipients, now)
	if err != nil {
		return CampaignResult{}, err
	}
	stream := journal.Stream{Name: domaincommunication.CampaignStreamName(id), StaleCode: "campaign.id.taken"}
	queued, version, found, err := h.queued(ctx, stream.Name)
	if err != nil {
		return CampaignResult{}, err
	}
	res := CampaignResult{CampaignID: id, Queued: len(events) - 1}
	if found { // a resend: the record is there; only the missing e-mails go
		missing := events[:0:0]
		for _, ev := range events[1:] {
			if r, ok := ev.(domaincommunication.MailRequested); ok && !queued[r.MailID] {
				missing = append(missing, ev)
			}
		}
		events = missing
	}
	for start := 0; start < len(events); start += campaignBatch {
		end := min(start+campaignBatch, len(events))
		expected := eventstore.NoStream
		if found {
			expected = eventstore.Exact(version)
		}
		written, err := h.log.journal.Append(ctx, cmd.Actor, stream, expected, events[start:end], now)
		if err != nil {
			return CampaignResult{}, err
		}
		res.Position, version, found = written.LastPosition, written.LastVersion, true
	}
	return res, nil
}

// queued reads which e-mails a campaign's stream holds, by ID (the
// request's plain field: nothing is opened), and the stream's version.
func (h *SendCampaignHandler) queued(ctx context.Context, stream string) (map[string]bool, uint64, bool, error) {
	ids := map[string]bool{}
	var version uint64
	found := false
	err := h.log.journal.Read(ctx, stream, 0, func(env eventstore.Envelope) error {
		version, found = env.Version, true
		if env.Type != domaincommunication.TypeMailRequested {
			return nil
		}
		var r struct {
			MailID string `json:"mail_id"`
		}
		if err := json.Unmarshal(env.Data, &r); err != nil {
			return domain.Internal(fmt.Errorf("commands: campaign %s: %w", stream, err))
		}
		ids[r.MailID] = true
		return nil
	})
	return ids, version, found, err
}

// LoadCampaign reads a campaign's record, the first event of its stream;
// found is false for an unknown ID.
func (r *Communications) LoadCampaign(ctx context.Context, id string) (c domaincommunication.CampaignQueued, found bool, err error) {
	id = journal.CanonicalID(id)
	if _, err := uuid.Parse(id); err != nil {
		return c, false, nil
	}
	env, found, err := r.journal.First(ctx, domaincommunication.CampaignStreamName(id))
	if err != nil || !found {
		return c, false, err
	}
	d, err := r.journal.Decode(ctx, env)
	if err != nil {
		return c, false, err
	}
	c, found = d.Event.(domaincommunication.CampaignQueued)
	return c, found, nil
}
