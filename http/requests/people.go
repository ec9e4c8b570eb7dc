package requests

import (
	"math"
	"net/http"
	"time"

	"github.com/klient-crm/klient/domain"
	"github.com/klient-crm/klient/domain/work"
	"github.com/klient-crm/klient/http/web"
	gdprmodel "github.com/klient-crm/klient/projections/gdpr"
)

// requestRow is one request as the DPO's pages list it: the request, the
// person who made it and how many days are left to answer.
type requestRow struct {
	gdprmodel.Request
	Person   web.ContactRef
	DaysLeft int // negative once overdue
}

// people names the data subjects the DPO's pages show, restricted ones
// included (the DPO sees them whole), through the member's walls. The
// caller logs the view of whichever it shows.
func (s *Handlers) people(r *http.Request, ids []string) (map[string]web.ContactRef, error) {
	hidden, err := s.Hidden(r)
	if err != nil {
		return nil, err
	}
	out := make(map[string]web.ContactRef, len(ids))
	for _, id := range web.Distinct(ids) {
		ref := web.ContactRef{ID: id, Hidden: hidden.Has(id)}
		if !ref.Hidden {
			c, err := s.deps.Register.Person(r.Context(), id)
			switch {
			case domain.IsKind(err, domain.KindErased):
				ref.Erased = true
			case domain.IsKind(err, domain.KindNotFound):
				ref.Hidden = true
			case err != nil:
				return nil, err
			}
			ref.Name = c.DisplayName
		}
		out[id] = ref
	}
	return out, nil
}

// requestRows names the people of reqs and logs that the page shows them.
func (s *Handlers) requestRows(r *http.Request, reqs []gdprmodel.Request) ([]requestRow, error) {
	ids := make([]string, len(reqs))
	for i, q := range reqs {
		ids[i] = q.SubjectID
	}
	refs, err := s.people(r, ids)
	if err != nil {
		return nil, err
	}
	rows := make([]requestRow, 0, len(reqs))
	for _, q := range reqs {
		if refs[q.SubjectID].Hidden {
			continue // a walled person's requests are not the member's to see
		}
		rows = append(rows, requestRow{Request: q, Person: refs[q.SubjectID], DaysLeft: daysUntil(q.Deadline, time.Now())})
	}
	return rows, s.RecordView(r, rowSubjects(rows))
}

func rowSubjects(rows []requestRow) []string {
	ids := make([]string, len(rows))
	for i, q := range rows {
		ids[i] = q.SubjectID
	}
	return ids
}

// daysUntil counts the days from now's Stockholm date to d: 0 on the day
// itself, negative after it.
func daysUntil(d work.Date, now time.Time) int {
	return int(math.Round(d.Midnight().Sub(work.DateOf(now).Midnight()).Hours() / 24))
}

// OverdueDays is how many days late an overdue request is.
func (q requestRow) OverdueDays() int { return -q.DaysLeft }
