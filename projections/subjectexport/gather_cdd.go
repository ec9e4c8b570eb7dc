package subjectexport

import (
	"context"

	domaincdd "github.com/klient-crm/klient/domain/cdd"
	cddmodel "github.com/klient-crm/klient/projections/cdd"
)

// DueDiligenceRecords reads a matter's due-diligence record from the log,
// where its parts are sealed with the client's key (no read model keeps
// them): commands/cdd.Records.
type DueDiligenceRecords interface {
	Load(ctx context.Context, matterID string) (*domaincdd.Record, error)
}

// dueDiligence gathers the records of the subject (and of the contacts
// merged into them) as a matter's client. What the firm must not hand over
// under the anti-money-laundering act is marked withheld (GroundAML):
// its assessment in words — the risk's reasons, the sanctions hits and
// their reviews, the decision's reason — which may tell of a suspicion
// the firm may not reveal. What the person gave or was verified by — the
// identity check and what was seen, the beneficial owners, the PEP answer
// — and the record's outcome — the risk level, the list screened against
// and when, the decision and its date — are theirs to see.
func (g *gatherer) dueDiligence(ctx context.Context, p *Package) error {
	if g.cdd == nil {
		return nil
	}
	ids, err := cddmodel.ClientRecords(ctx, g.db, g.subjects())
	if err != nil {
		return err
	}
	for _, id := range ids {
		rec, err := g.cdd.Load(ctx, id)
		if err != nil {
			return err
		}
		if !rec.Exists() {
			continue
		}
		d := dueDiligenceOf(rec)
		for _, m := range p.Matters { // gathered before: the subject is the matter's client
			if m.MatterID == d.MatterID && m.Number != "" {
				d.Matter = m.Number + " " + m.Title
			}
		}
		p.DueDiligence = append(p.DueDiligence, d)
	}
	return nil
}

func dueDiligenceOf(rec *domaincdd.Record) DueDiligence {
	v := rec.View()
	d := DueDiligence{MatterID: rec.MatterID(), Risk: string(rec.Risk()), Erased: rec.Erased()}
	var held []string
	if r := v.Risk; r != nil && r.Reasons != "" {
		held = append(held, "risk_reasons")
	}
	if i := v.Identity; i != nil {
		d.IdentityMethod, d.IdentityVerifiedAt, d.IdentityDetails = string(i.Method), i.VerifiedAt, i.Details
	}
	if c := v.IdentityCopy; c != nil {
		d.IdentityCopy = c.Name
	}
	if o := v.Owners; o != nil {
		d.BeneficialOwners, d.NoOwnersReason = o.Owners, o.NoneReason
	}
	if e := v.PEP; e != nil {
		d.PEPAnswer, d.PEPDetails = string(e.Answer), e.Details
	}
	if s := v.Screening; s != nil {
		d.ScreenedListVersion, d.ScreenedListDate, d.ScreenedAt = s.ListVersion, s.ListDate, s.ScreenedAt
		if s.HitCount > 0 {
			held = append(held, "sanctions_hits")
		}
		if len(v.Reviews) > 0 {
			held = append(held, "hit_reviews")
		}
	}
	if x := v.Decided; x != nil {
		d.Decision, d.DecidedAt = string(x.Decision), x.DecidedAt
		held = append(held, "decision_reason")
	}
	if len(held) > 0 {
		d.Withheld = withheld(GroundAML, held...)
	}
	return d
}
