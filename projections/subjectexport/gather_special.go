package subjectexport

import (
	"context"

	"github.com/klient-crm/klient/projections/communications"
	dpomodel "github.com/klient-crm/klient/projections/dpo"
)

// special lists the markings of what the package holds as special
// categories (art. 9, 10): those of the subject's contact record and of
// the records merged into it (a merge carries them to the survivor, and
// one marked before that rule stays under its own ID), then of the
// documents and entries it lists. A document or an entry whose content is
// withheld (another client's matter) keeps its marking back too: the
// marking tells what the content holds. A marking whose categories went
// with an erasure says nothing any more and is left out.
func (g *gatherer) special(ctx context.Context, p *Package) error {
	for _, id := range g.subjects() {
		marks, err := dpomodel.ContactMarks(ctx, g.db, id)
		if err != nil {
			return err
		}
		for _, m := range marks {
			if len(m.Categories) > 0 {
				p.SpecialCategories = append(p.SpecialCategories, SpecialMarking{What: string(m.Field), ID: id,
					Categories: texts(m.Categories), Grounds: texts(m.Grounds), MarkedAt: m.MarkedAt})
			}
		}
	}
	var ids []string
	for _, d := range p.Documents {
		if d.Withheld == nil && !d.Erased {
			ids = append(ids, d.ID)
		}
	}
	docs, err := dpomodel.SpecialMarks(ctx, g.db, ids)
	if err != nil {
		return err
	}
	for _, d := range p.Documents {
		if m, ok := docs[d.ID]; ok && d.Withheld == nil && !d.Erased && len(m.Categories) > 0 {
			p.SpecialCategories = append(p.SpecialCategories, SpecialMarking{What: "document", ID: d.ID, Label: d.Name,
				Categories: texts(m.Categories), Grounds: texts(m.Grounds), MarkedAt: m.MarkedAt})
		}
	}
	p.SpecialCategories = append(p.SpecialCategories, g.entryMarks...)
	return nil
}

// entryMark is the marking of entry e as the package lists it, when e
// has one it may show (see special).
func entryMark(e communications.Entry, c Communication) (SpecialMarking, bool) {
	privileged := c.Withheld != nil && c.Withheld.Ground == GroundPrivilege
	if !e.Special || len(e.SpecialCategories) == 0 || privileged || c.Erased {
		return SpecialMarking{}, false
	}
	return SpecialMarking{What: "communication", ID: e.ID, LabelKind: string(e.Kind), Label: stamp(e.OccurredAt, "2006-01-02"),
		Categories: texts(e.SpecialCategories), Grounds: texts(e.SpecialGrounds)}, true
}

func texts[T ~string](xs []T) []string {
	out := make([]string, len(xs))
	for i, x := range xs {
		out[i] = string(x)
	}
	return out
}
