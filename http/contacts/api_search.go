package contacts

import (
	"net/http"
	"strconv"

	"github.com/klient-crm/klient/domain"
	"github.com/klient-crm/klient/http/web"
	"github.com/klient-crm/klient/projections/contacts"
)

// searchRequest is the body of POST /api/v1/contacts/search, for clients
// that must keep search terms out of URLs and access logs.
type searchRequest struct {
	Q               string `json:"q"`
	Kind            string `json:"kind,omitempty"`
	IncludeArchived bool   `json:"include_archived,omitempty"`
	Limit           int    `json:"limit,omitempty"`
	Offset          int    `json:"offset,omitempty"`
}

// apiListContacts is GET /api/v1/contacts?q=…: a ranked search when q is
// given, the alphabetical list otherwise.
func (s *Handlers) apiListContacts(w http.ResponseWriter, r *http.Request) {
	q := r.URL.Query()
	req := searchRequest{Q: q.Get("q"), Kind: q.Get("kind"), IncludeArchived: q.Get("include_archived") == "true"}
	var err error
	if req.Limit, err = optionalInt(q.Get("limit"), "limit"); err == nil {
		req.Offset, err = optionalInt(q.Get("offset"), "offset")
	}
	if err != nil {
		s.WriteProblem(w, r, err)
		return
	}
	s.search(w, r, req)
}

// apiSearchContacts is POST /api/v1/contacts/search.
func (s *Handlers) apiSearchContacts(w http.ResponseWriter, r *http.Request) {
	var req searchRequest
	if err := web.DecodeJSON(r, &req); err != nil {
		s.WriteProblem(w, r, err)
		return
	}
	s.search(w, r, req)
}

func (s *Handlers) search(w http.ResponseWriter, r *http.Request, req searchRequest) {
	if req.Kind != "" && req.Kind != kindPerson && req.Kind != kindOrganisation {
		s.WriteProblem(w, r, domain.Invalid("kind", "the kind must be person or organisation").WithCode("request.kind.invalid"))
		return
	}
	dir, err := s.Contacts(r)
	if err != nil {
		s.WriteProblem(w, r, err)
		return
	}
	found, err := dir.Search(r.Context(), req.Q, contacts.Options{Kind: contacts.Kind(req.Kind),
		IncludeArchived: req.IncludeArchived, Limit: req.Limit, Offset: req.Offset})
	if err == nil {
		err = s.RecordView(r, web.SummaryIDs(found))
	}
	if err != nil {
		s.WriteProblem(w, r, err)
		return
	}
	web.WriteJSON(w, http.StatusOK, listOut(found))
}

func optionalInt(v, field string) (int, error) {
	if v == "" {
		return 0, nil
	}
	n, err := strconv.Atoi(v)
	if err != nil || n < 0 {
		return 0, web.BadRequest(web.ErrMalformed, field, "request.number.invalid", "this must be a non-negative whole number")
	}
	return n, nil
}
