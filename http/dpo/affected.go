package dpo

import (
	"cmp"
	"net/http"
	"net/url"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/klient-crm/klient/domain"
	"github.com/klient-crm/klient/http/i18n"
	"github.com/klient-crm/klient/http/web"
	dpomodel "github.com/klient-crm/klient/projections/dpo"
)

// "Who was affected" (art. 33.3 a, 34): after a breach through a staff
// account (a stolen laptop, a phished password) or in a time window (a
// misconfiguration), the people that account, or anyone, read or changed
// in the window — from the access log and the audit trail — counted and
// named, so the DPO can fill in IMY's numbers and write to them. The
// answer names people, so it is itself recorded in the access log.

// affectedQuery is the finder's question as the form and the API ask it.
type affectedQuery struct {
	StaffID  string
	TokenID  string // an API token instead of (or as well as) an account
	From, To time.Time
	Breach   string // optional: the breach the letters are about
	Offset   int    // the page: how many people before it
}

// affectedPageSize is how many people one page of the finder lists (and
// its letters print); the count is always of them all.
const affectedPageSize = 500

// offsetOf reads a page's offset; what is not a count is refused.
func offsetOf(v string) (int, error) {
	if v == "" {
		return 0, nil
	}
	n, err := strconv.Atoi(v)
	if err != nil || n < 0 {
		return 0, web.BadRequest(web.ErrMalformed, "offset", "affected.offset.invalid", "give a count")
	}
	return n, nil
}

// affectedQueryOf reads staff, from, to (datetime-local, Stockholm time;
// to empty is now) and breach from q.
func (s *Handlers) affectedQueryOf(q url.Values) (affectedQuery, error) {
	from, err1 := localTime("from", q.Get("from"))
	to, err2 := localTime("to", q.Get("to"))
	offset, err3 := offsetOf(q.Get("offset"))
	if err := web.FirstErr(err1, err2, err3); err != nil {
		return affectedQuery{}, err
	}
	aq, err := s.checkWindow(affectedQuery{From: from, To: to, Breach: strings.TrimSpace(q.Get("breach")),
		TokenID: strings.TrimSpace(q.Get("token")), Offset: offset}, strings.TrimSpace(q.Get("staff")))
	return aq, err
}

// affectedPerson is one person the finder found, named through the
// DPO's walls (web.NameSubjects: one walled off from the DPO is "okänd").
type affectedPerson struct {
	web.SubjectRef
	Views, Changes int
	First, Last    time.Time
}

// findAffected answers q with at most limit people, names them and
// records that they were shown.
func (s *Handlers) findAffected(r *http.Request, q affectedQuery, limit int) ([]affectedPerson, int, error) {
	found, total, err := s.deps.Register.Affected(r.Context(), dpomodel.AffectedFilter{StaffID: q.StaffID, TokenID: q.TokenID,
		From: q.From, To: q.To, Limit: limit, Offset: q.Offset})
	if err != nil {
		return nil, 0, err
	}
	ids := make([]string, len(found))
	for i, a := range found {
		ids[i] = a.SubjectID
	}
	refs, err := s.NameSubjects(r, ids)
	if err != nil {
		return nil, 0, err
	}
	out := make([]affectedPerson, len(found))
	var shown []string
	for i, a := range found {
		out[i] = affectedPerson{SubjectRef: refs[a.SubjectID], Views: a.Views, Changes: a.Changes, First: a.First, Last: a.Last}
		if !out[i].Unknown && !out[i].Erased {
			shown = append(shown, a.SubjectID)
		}
	}
	return out, total, s.RecordView(r, shown)
}

// staffOption is one account the finder's form offers.
type staffOption struct {
	ID, Name string
	Selected bool
}

// staffOptions are every account, by name (a departed member's account
// may be the one that leaked).
func (s *Handlers) staffOptions(r *http.Request, chosen string) ([]staffOption, error) {
	names, err := s.StaffNames(r)
	out := make([]staffOption, 0, len(names))
	for id, name := range names {
		if name == "" {
			name = i18n.T(web.LangOf(r.Context()), "audit.name.erased_staff")
		}
		out = append(out, staffOption{ID: id, Name: name, Selected: id == chosen})
	}
	slices.SortFunc(out, func(a, b staffOption) int { return cmp.Or(cmp.Compare(a.Name, b.Name), cmp.Compare(a.ID, b.ID)) })
	return out, err
}

// tokenOption is one API token the finder's form offers, by its name
// (a revoked one may be the one that leaked).
type tokenOption struct {
	ID, Name string
	Selected bool
}

func (s *Handlers) tokenOptions(r *http.Request, chosen string) ([]tokenOption, error) {
	tokens, err := s.Shared().Credentials.ListTokens(r.Context())
	out := make([]tokenOption, len(tokens))
	for i, t := range tokens {
		out[i] = tokenOption{ID: t.ID, Name: t.Name, Selected: t.ID == chosen}
	}
	return out, err
}

// affectedPage is the finder's view: the form, and once asked, the count
// and one page of the people, with links to the pages before and after.
type affectedPage struct {
	Form        web.FormState
	Staff       []staffOption
	Tokens      []tokenOption
	Breaches    []breachView
	Asked       bool
	Count       int
	People      []affectedPerson
	First, Last int // the people shown, counted from 1
	PrevURL     string
	NextURL     string
	LettersURL  string
}

// pageURLs sets the page's place in the answer and the links to the
// neighbouring pages.
func (p *affectedPage) pageURLs(q url.Values, offset int) {
	p.First, p.Last = offset+1, offset+len(p.People)
	at := func(o int) string {
		v := url.Values{}
		for k, vs := range q {
			v[k] = vs
		}
		v.Set("offset", strconv.Itoa(o))
		return "/registers/affected?" + v.Encode()
	}
	if offset > 0 {
		p.PrevURL = at(max(offset-affectedPageSize, 0))
	}
	if p.Last < p.Count {
		p.NextURL = at(p.Last)
	}
}

func (s *Handlers) affectedPage(w http.ResponseWriter, r *http.Request) {
	q := r.URL.Query()
	page := affectedPage{Form: web.FormState{Values: q}}
	var err error
	if page.Staff, err = s.staffOptions(r, q.Get("staff")); err == nil {
		page.Tokens, err = s.tokenOptions(r, q.Get("token"))
	}
	if err == nil {
		var list []dpomodel.Breach
		list, err = s.deps.Register.Breaches(r.Context(), dpomodel.Filter{Limit: registerPageSize})
		if err == nil {
			page.Breaches, err = s.breachViews(r, list)
		}
	}
	if err != nil {
		s.Fail(w, r, err)
		return
	}
	status := http.StatusOK
	if q.Has("from") {
		aq, err := s.affectedQueryOf(q)
		if err == nil {
			page.People, page.Count, err = s.findAffected(r, aq, affectedPageSize)
			page.Asked = true
			page.LettersURL = "/registers/affected/letters?" + q.Encode()
			page.pageURLs(q, aq.Offset)
		}
		if err != nil {
			form, st, ok := s.FailedForm(r, err, "/registers/affected")
			if !ok {
				s.Fail(w, r, err)
				return
			}
			form.Values, page.Form, status = q, form, st
		}
	}
	s.RenderPage(w, r, status, "dpo_affected", page)
}

// AffectedJSON is the finder's answer: how many people, and who (IDs; the
// API names no one), a page at a time: Next is the offset of the next.
type AffectedJSON struct {
	Count int                  `json:"count"`
	Items []AffectedPersonJSON `json:"items"`
	Next  string               `json:"next,omitempty"`
}

// AffectedPersonJSON is one person touched in the window.
type AffectedPersonJSON struct {
	SubjectID string    `json:"subject_id"`
	Views     int       `json:"views"`
	Changes   int       `json:"changes"`
	First     time.Time `json:"first"`
	Last      time.Time `json:"last"`
}

// apiAffected is GET /api/v1/affected?staff=&token=&from=&to=&offset=:
// RFC 3339 times, at most dpomodel.MaxAffected people a page.
func (s *Handlers) apiAffected(w http.ResponseWriter, r *http.Request) {
	q := r.URL.Query()
	var aq affectedQuery
	var err error
	for _, f := range []struct {
		name string
		t    *time.Time
	}{{"from", &aq.From}, {"to", &aq.To}} {
		if v := q.Get(f.name); v != "" && err == nil {
			if *f.t, err = time.Parse(time.RFC3339, v); err != nil {
				err = web.BadRequest(web.ErrMalformed, f.name, "breach.time.invalid", "give an RFC 3339 time")
			}
		}
	}
	if err == nil {
		aq.Offset, err = offsetOf(q.Get("offset"))
	}
	if err == nil {
		aq.TokenID = strings.TrimSpace(q.Get("token"))
		aq, err = s.checkWindow(aq, strings.TrimSpace(q.Get("staff")))
	}
	var people []affectedPerson
	var total int
	if err == nil {
		people, total, err = s.findAffected(r, aq, dpomodel.MaxAffected)
	}
	if err != nil {
		s.WriteProblem(w, r, err)
		return
	}
	out := AffectedJSON{Count: total, Items: make([]AffectedPersonJSON, len(people))}
	if end := aq.Offset + len(people); end < total {
		out.Next = strconv.Itoa(end)
	}
	for i, p := range people {
		out.Items[i] = AffectedPersonJSON{SubjectID: p.ID, Views: p.Views, Changes: p.Changes, First: p.First, Last: p.Last}
		if p.Unknown { // walled from the reader, restricted or gone: counted, never named, as the page shows them
			out.Items[i].SubjectID = ""
		}
	}
	web.WriteJSON(w, http.StatusOK, out)
}

// checkWindow is affectedQueryOf's rule for times already parsed.
func (s *Handlers) checkWindow(q affectedQuery, staff string) (affectedQuery, error) {
	q.StaffID = staff
	if q.To.IsZero() {
		q.To = s.deps.Clock()
	}
	switch {
	case q.From.IsZero():
		return q, domain.Invalid("from", "say from when").WithCode("breach.affected.from_required")
	case !q.From.Before(q.To):
		return q, domain.Invalid("to", "the window must end after it starts").WithCode("breach.affected.window")
	}
	return q, nil
}
