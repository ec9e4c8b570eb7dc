package requests

import (
	"net/http"
	"time"

	"github.com/klient-crm/klient/domain/gdpr"
	"github.com/klient-crm/klient/domain/work"
	"github.com/klient-crm/klient/http/web"
	dpomodel "github.com/klient-crm/klient/projections/dpo"
	gdprmodel "github.com/klient-crm/klient/projections/gdpr"
)

// gdprHome is the view of the DPO's start page: what is late first, then
// what is due, what waits behind a statutory hold, and what was erased.
type gdprHome struct {
	Breaches     []breachClock
	Reviews      []processorReview
	Impacts      []processorReview // impact assessments to review
	Access       accessReview
	Special      []dpomodel.SpecialCategoryCount // documents marked with each special category
	Overdue      []requestRow
	Open         []requestRow
	Held         []heldErasure
	Restricted   int
	Certificates []certificateLine
	// Behind names the read models behind the page that are being
	// rebuilt: a panel they feed says it cannot tell rather than "none"
	// (a running 72-hour clock may not be replayed yet).
	Behind map[string]bool
}

// breachClock is a breach whose 72-hour clock runs, as the start page's
// table (the layout's "breach-table") shows it.
type breachClock struct {
	ID, Reference          string
	DiscoveredAt, Deadline time.Time
	Running, Overdue       bool
	HoursLeft              int
	OverdueHours           int
	Status                 string
}

// breachClocks reads the running clocks at the deps' clock.
func (s *Handlers) breachClocks(r *http.Request) ([]breachClock, error) {
	running, err := s.deps.Breaches.Running(r.Context())
	now := s.deps.Clock()
	out := make([]breachClock, len(running))
	for i, b := range running {
		c := b.Clock()
		out[i] = breachClock{ID: b.ID, Reference: b.Reference, DiscoveredAt: b.DiscoveredAt, Deadline: c.Deadline,
			Running: c.Running(), Overdue: c.Overdue(now), HoursLeft: c.HoursLeft(now), OverdueHours: -c.HoursLeft(now),
			Status: "running"}
	}
	return out, err
}

// processorReview is a processor whose review falls due within
// reviewNotice, or is past due.
type processorReview struct {
	ID, Name string
	ReviewBy time.Time
	Overdue  bool
}

// reviewNotice is how far ahead the start page reminds of reviews.
const reviewNotice = 30 * 24 * time.Hour

func (s *Handlers) processorReviews(r *http.Request) ([]processorReview, error) {
	now := s.deps.Clock()
	due, err := s.deps.Breaches.ReviewsDue(r.Context(), now.Add(reviewNotice))
	out := make([]processorReview, len(due))
	for i, p := range due {
		out[i] = processorReview{ID: p.ProcessorID, Name: p.Name, ReviewBy: p.ReviewBy, Overdue: p.ReviewDue(now)}
	}
	return out, err
}

// impactReviews are the impact assessments (art. 35.11) to review within
// reviewNotice, or past due, in the processors' shape.
func (s *Handlers) impactReviews(r *http.Request) ([]processorReview, error) {
	now := s.deps.Clock()
	due, err := s.deps.Breaches.ImpactReviewsDue(r.Context(), now.Add(reviewNotice))
	out := make([]processorReview, len(due))
	for i, a := range due {
		out[i] = processorReview{ID: a.AssessmentID, Name: a.Title, ReviewBy: a.ReviewBy, Overdue: a.ReviewDue(now)}
	}
	return out, err
}

// accessReview is the next access review as the start page says it:
// under way, never done (due now), due within reviewNotice, or late.
type accessReview struct {
	Open          string
	Never         bool
	DueBy         time.Time
	Soon, Overdue bool
}

func (s *Handlers) accessReview(r *http.Request) (accessReview, error) {
	now := s.deps.Clock()
	due, found, open, err := s.deps.Breaches.AccessReviewDue(r.Context())
	return accessReview{Open: open, Never: !found, DueBy: due, Soon: found && due.Before(now.Add(reviewNotice)),
		Overdue: found && !now.Before(due)}, err
}

// certificateLine is a certificate as the start page lists it.
type certificateLine struct {
	gdprmodel.ErasureCertificate
	Short string // the pseudonym, shortened
}

// heldErasure is an erasure the law holds back: the person is restricted
// until HoldEnds, and the scheduler erases them on EraseAt.
type heldErasure struct {
	RequestID string
	Person    web.ContactRef
	Grounds   []string
	HoldEnds  work.Date
	EraseAt   work.Date
}

// homeCertificates is how many recent certificates the start page lists.
const homeCertificates = 10

// gdprHomePage shows the DPO's start page.
func (s *Handlers) gdprHomePage(w http.ResponseWriter, r *http.Request) {
	reg := s.deps.Register
	open, err := reg.Requests(r.Context(), gdprmodel.Filter{Status: gdpr.StatusOpen, Now: time.Now(), Limit: 500})
	var page gdprHome
	var rows []requestRow
	if err == nil {
		page.Behind, err = s.rebuilding(r)
	}
	if err == nil {
		rows, err = s.requestRows(r, open)
	}
	if err == nil {
		page.Breaches, err = s.breachClocks(r)
	}
	if err == nil {
		page.Reviews, err = s.processorReviews(r)
	}
	if err == nil {
		page.Impacts, err = s.impactReviews(r)
	}
	if err == nil {
		page.Access, err = s.accessReview(r)
	}
	if err == nil {
		page.Special, err = s.deps.Breaches.SpecialCategoriesInUse(r.Context())
	}
	if err == nil {
		page.Held, err = s.heldErasures(r)
	}
	if err == nil {
		var restricted []gdprmodel.Restricted
		restricted, err = reg.Restricted(r.Context())
		page.Restricted = len(restricted)
	}
	var certs []gdprmodel.ErasureCertificate
	if err == nil {
		certs, err = reg.Certificates(r.Context(), homeCertificates)
	}
	if err != nil {
		s.Fail(w, r, err)
		return
	}
	for _, c := range certs {
		page.Certificates = append(page.Certificates, certificateLine{c, shortPseudonym(c.SubjectHash)})
	}
	for _, row := range rows {
		if row.Overdue {
			page.Overdue = append(page.Overdue, row)
		} else {
			page.Open = append(page.Open, row)
		}
	}
	s.RenderPage(w, r, http.StatusOK, "gdpr", page)
}

// rebuilding is the set of read models being rebuilt in place, as the
// runtime says (the layout's banner reads the same answer).
func (s *Handlers) rebuilding(r *http.Request) (map[string]bool, error) {
	names, err := s.Shared().Projections.Rebuilding(r.Context())
	out := make(map[string]bool, len(names))
	for _, n := range names {
		out[n] = true
	}
	return out, err
}

// heldErasures lists the erasures scheduled behind a hold, naming the
// people (and logging that the page shows them).
func (s *Handlers) heldErasures(r *http.Request) ([]heldErasure, error) {
	scheduled, err := s.deps.Register.Scheduled(r.Context())
	if err != nil {
		return nil, err
	}
	var ids []string
	for _, e := range scheduled {
		ids = append(ids, e.SubjectID)
	}
	refs, err := s.people(r, ids)
	if err != nil {
		return nil, err
	}
	var out []heldErasure
	for _, e := range scheduled {
		if e.Approved || refs[e.SubjectID].Hidden {
			continue
		}
		out = append(out, heldErasure{RequestID: e.RequestID, Person: refs[e.SubjectID], Grounds: e.Grounds,
			HoldEnds: e.EraseAt.AddDays(-1), EraseAt: e.EraseAt})
	}
	return out, s.RecordView(r, heldSubjects(out))
}

func heldSubjects(held []heldErasure) []string {
	ids := make([]string, len(held))
	for i, h := range held {
		ids[i] = h.Person.ID
	}
	return ids
}
