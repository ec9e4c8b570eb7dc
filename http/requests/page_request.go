package requests

import (
	"net/http"
	"slices"
	"time"

	"github.com/go-chi/chi/v5"

	"github.com/klient-crm/klient/domain"
	"github.com/klient-crm/klient/domain/gdpr"
	"github.com/klient-crm/klient/http/web"
	gdprmodel "github.com/klient-crm/klient/projections/gdpr"
)

// requestPage is the view of one request with the actions that apply to
// it now; Form is the action that failed, shown again with its message.
type requestPage struct {
	requestRow
	Held        *heldErasure
	Certificate bool // the erasure was carried out: its certificate exists
	Form        web.FormState
	Done        string // catalogue key of what the last action did
}

// CanVerify, CanExtend, CanAnswer: the steps an open request still has.
func (p requestPage) CanVerify() bool { return p.Status == gdpr.StatusOpen && !p.Verified }
func (p requestPage) CanExtend() bool { return p.Status == gdpr.StatusOpen && !p.Extended }
func (p requestPage) CanAnswer() bool {
	// An erasure is answered by carrying it out, or, when the law holds it
	// back, by telling the person so within the month: the scheduler
	// erases on the day whether the request is still open or not.
	return p.Status == gdpr.StatusOpen && (!p.IsErasure() || p.Held != nil)
}

// IsErasure: the request is answered by approving the erasure.
func (p requestPage) IsErasure() bool { return p.Kind == gdpr.KindErasure }

// CanErase: an erasure request whose requester has proved who they are,
// open, not yet held.
func (p requestPage) CanErase() bool {
	return p.IsErasure() && p.Status == gdpr.StatusOpen && p.Verified && p.Held == nil && !p.Erased
}

// HasPackage: access and portability are answered with the package.
func (p requestPage) HasPackage() bool {
	return (p.Kind == gdpr.KindAccess || p.Kind == gdpr.KindPortability) && !p.Erased
}

// IsRectification: the contact's details are corrected on its edit page.
func (p requestPage) IsRectification() bool { return p.Kind == gdpr.KindRectification && !p.Erased }

// doneKeys are the confirmations ?done= may ask for.
var doneKeys = []string{"registered", "verified", "extended", "completed", "refused", "held"}

// requestDetailPage shows one request.
func (s *Handlers) requestDetailPage(w http.ResponseWriter, r *http.Request) {
	page, err := s.requestView(r, chi.URLParam(r, "id"))
	if err != nil {
		s.Fail(w, r, err)
		return
	}
	if done := r.URL.Query().Get("done"); slices.Contains(doneKeys, done) {
		page.Done = "dsr.done." + done
	}
	s.RenderPage(w, r, http.StatusOK, "gdpr_request", page)
}

// requestView reads request id with its person, hold and certificate,
// and logs the view of the person. A request about someone the member is
// walled from is not found, exactly like an unknown one.
func (s *Handlers) requestView(r *http.Request, id string) (requestPage, error) {
	if !web.WellFormedID(id) {
		return requestPage{}, errNoSuchRequest
	}
	reg := s.deps.Register
	req, err := reg.Request(r.Context(), id, time.Now())
	if err != nil {
		return requestPage{}, err
	}
	rows, err := s.requestRows(r, []gdprmodel.Request{req})
	if err != nil || len(rows) == 0 {
		return requestPage{}, web.FirstErr(err, errNoSuchRequest)
	}
	page := requestPage{requestRow: rows[0]}
	if page.Held, err = s.heldFor(r, page.requestRow); err != nil {
		return requestPage{}, err
	}
	_, err = reg.Certificate(r.Context(), req.RequestID)
	page.Certificate = err == nil
	if domain.IsKind(err, domain.KindNotFound) {
		err = nil
	}
	return page, err
}

// errNoSuchRequest answers an unknown request and one the member may not see.
var errNoSuchRequest = domain.NotFound("there is no such request").WithCode("gdpr.request.not_found")

// heldFor is the hold on row's erasure, if the schedule has one.
func (s *Handlers) heldFor(r *http.Request, row requestRow) (*heldErasure, error) {
	if row.Kind != gdpr.KindErasure {
		return nil, nil
	}
	scheduled, err := s.deps.Register.Scheduled(r.Context())
	for _, e := range scheduled {
		if e.RequestID == row.RequestID && !e.Approved {
			return &heldErasure{RequestID: e.RequestID, Person: row.Person, Grounds: e.Grounds,
				HoldEnds: e.EraseAt.AddDays(-1), EraseAt: e.EraseAt}, err
		}
	}
	return nil, err
}
