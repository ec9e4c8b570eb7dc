package requests

import (
	"net/http"
	"net/url"
	"slices"
	"time"

	"github.com/klient-crm/klient/domain/gdpr"
	"github.com/klient-crm/klient/http/i18n"
	"github.com/klient-crm/klient/http/web"
	gdprmodel "github.com/klient-crm/klient/projections/gdpr"
)

// requestList is the view of the register: its filters, their choices
// and the requests they leave, oldest deadline first.
type requestList struct {
	Status, Right string
	OverdueOnly   bool
	Statuses      []gdpr.RequestStatus
	Rights        []gdpr.RequestKind
	Rows          []requestRow
	Error         string
}

// requestStatuses are the statuses the register filters by.
var requestStatuses = []gdpr.RequestStatus{gdpr.StatusOpen, gdpr.StatusCompleted, gdpr.StatusRefused}

// requestListLimit is how many requests the register page lists.
const requestListLimit = 500

// requestListPage lists the register. The filters are the register's own
// words (status, right, overdue), nothing personal, so they sit in the
// URL; a value the register does not know is a 400 with the page again.
func (s *Handlers) requestListPage(w http.ResponseWriter, r *http.Request) {
	q := r.URL.Query()
	page := requestList{Status: q.Get("status"), Right: q.Get("right"), OverdueOnly: q.Get("overdue") != "",
		Statuses: requestStatuses, Rights: gdpr.RequestKinds}
	f, ok := requestFilter(q)
	status := http.StatusOK
	if !ok {
		page.Error, status = i18n.T(web.LangOf(r.Context()), "dsr.filter.unknown"), http.StatusBadRequest
		page.Status, page.Right, f = "", "", gdprmodel.Filter{OverdueOnly: page.OverdueOnly}
	}
	f.Now, f.Limit = time.Now(), requestListLimit
	reqs, err := s.deps.Register.Requests(r.Context(), f)
	if err == nil {
		page.Rows, err = s.requestRows(r, reqs)
	}
	if err != nil {
		s.Fail(w, r, err)
		return
	}
	s.RenderPage(w, r, status, "gdpr_requests", page)
}

// requestFilter reads the register's filters; ok is false when a status
// or right is not one the register knows.
func requestFilter(q url.Values) (gdprmodel.Filter, bool) {
	f := gdprmodel.Filter{Status: gdpr.RequestStatus(q.Get("status")), Kind: gdpr.RequestKind(q.Get("right")),
		OverdueOnly: q.Get("overdue") != ""}
	okStatus := f.Status == "" || slices.Contains(requestStatuses, f.Status)
	okKind := f.Kind == "" || slices.Contains(gdpr.RequestKinds, f.Kind)
	return f, okStatus && okKind
}
