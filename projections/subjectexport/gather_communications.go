package subjectexport

import (
	"context"

	"github.com/klient-crm/klient/domain/communication"
	"github.com/klient-crm/klient/projections/communications"
	"github.com/klient-crm/klient/projections/outbox"
)

// communications lists every entry the subject is filed under or took part
// in, deleted ones too (they are still stored). What is filed under
// another client's matter keeps its content back; other people taking
// part are counted, not named.
func (g *gatherer) communications(ctx context.Context, p *Package) error {
	for offset := 0; ; offset += 500 {
		page, err := communications.ForContact(ctx, g.db, g.subject, communications.Filter{IncludeDeleted: true, Limit: 500, Offset: offset})
		if err != nil {
			return err
		}
		for _, e := range page {
			c := g.communication(e)
			p.Communications = append(p.Communications, c)
			g.entries = append(g.entries, e.ID)
			if m, ok := entryMark(e, c); ok {
				g.entryMarks = append(g.entryMarks, m)
			}
		}
		if len(page) < 500 {
			return nil
		}
	}
}

func (g *gatherer) communication(e communications.Entry) Communication {
	c := Communication{ID: e.ID, Kind: string(e.Kind), OccurredAt: e.OccurredAt, MatterID: e.MatterID,
		Subject: e.SubjectLine, Body: e.Body, Corrected: e.CorrectedAt != nil, Deleted: e.Deleted, Erased: e.Erased}
	for _, pt := range e.Participants {
		switch {
		case pt.Kind == communication.ParticipantStaff:
			c.StaffTakingPart++
		case pt.ID != g.subject:
			c.OthersTakingPart++
		}
	}
	switch {
	case g.privileged(e.MatterID):
		c.Subject, c.Body = "", ""
		c.Withheld = withheld(GroundPrivilege, "subject", "body", "participants")
	case c.OthersTakingPart > 0:
		c.Withheld = withheld(GroundOthers, "participants")
	}
	return c
}

// heldMail lists the incoming e-mail from or to one of the subject's
// addresses (theirs and those of the records merged into theirs) that
// waits in a staff member's review queue, not yet filed under a matter:
// when it came, its size and how their address appears in it. Its
// content is sealed with its own key and handed over on request, like a
// document's.
func (g *gatherer) heldMail(ctx context.Context, p *Package) error {
	var emails []string
	for _, s := range append([]Subject{p.Subject}, p.Merged...) {
		for _, e := range s.Emails {
			emails = append(emails, e.Address)
		}
	}
	if g.index == nil || len(emails) == 0 {
		return nil
	}
	key, err := g.index.IndexKey(ctx, outbox.HeldAddressIndex)
	if err != nil {
		return err
	}
	list, err := outbox.HeldWithAddresses(ctx, g.db, outbox.AddressMACs(key, emails))
	if err != nil {
		return err
	}
	for _, h := range list {
		p.HeldMail = append(p.HeldMail, HeldMail{ID: h.ID, ReceivedAt: h.ReceivedAt, Bytes: h.Size, Roles: h.Roles})
	}
	return nil
}
