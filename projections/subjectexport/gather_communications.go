package subjectexport

import (
	"context"

	"github.com/klient-crm/klient/domain/communication"
	"github.com/klient-crm/klient/projections/communications"
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
			p.Communications = append(p.Communications, g.communication(e))
			g.entries = append(g.entries, e.ID)
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
