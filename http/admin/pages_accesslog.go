package admin

import (
	"html/template"
	"net/http"
	"net/url"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/klient-crm/klient/http/i18n"
	"github.com/klient-crm/klient/http/web"
	"github.com/klient-crm/klient/projections/accesslog"
	"github.com/klient-crm/klient/projections/staff"
)

// accessLogPage is the view of the access-log search: filters, one page
// of entries newest first, in words, and the cursor of the next (older)
// page. The person or matter is picked by search (Picking: the page
// offers the matches instead of entries).
type accessLogPage struct {
	Staff, Subject string
	From, To       string // dates, as typed
	Entries        []accessLogRow
	Members        []staff.Member
	Subjects       web.Picker
	Picking        bool
	Older          template.URL // the next (older) page, or ""
	Error          string
	RefusedOnly    bool // only refused attempts
	Own            bool // the searching member's own entries too
}

// accessLogRow is one entry in words: who read what of whom, and why.
type accessLogRow struct {
	At        time.Time
	Who       string
	What      string // the action in words, and how when not on a page
	Refused   string // the reason's catalogue key, when refused
	Token     string // the name of the API token the request came with
	Webhook   string // the name of the webhook an entry was sent by
	Subjects  []accessLogSubject
	More      int    // subjects beyond those shown
	Purpose   string // as given; Klient's own purposes in words
	Reference string // the end of the correlation ID, to find the request in the logs
	Full      string // the whole correlation ID, in the title
}

// accessLogSubject is someone an entry names, and the search for their
// entries (none for someone the reader may not know of).
type accessLogSubject struct{ Name, Href string }

// accessLogPageSize is how many entries one page shows, and
// accessLogSubjectsShown how many people one entry names.
const (
	accessLogPageSize      = 50
	accessLogSubjectsShown = 3
)

// accessLogPage searches who saw whose data. The filters are IDs and
// dates, nothing personal, so they may sit in the URL; words typed to
// find a person or a matter are posted (pickAccessLogFilter).
func (s *Handlers) accessLogPage(w http.ResponseWriter, r *http.Request) {
	page, err := s.accessLogFilters(r, r.URL.Query())
	if err != nil {
		s.Fail(w, r, err)
		return
	}
	f, ok := page.filter(r, r.URL.Query().Get("before"))
	if !ok {
		page.Error = i18n.T(web.LangOf(r.Context()), "accesslog.filter.bad_date")
	}
	var entries []accesslog.Entry
	// A subject the reader may not see (walled, restricted) is named as
	// one that does not exist, and its entries are as many: none.
	if page.Subjects.Chosen == nil || !page.Subjects.Chosen.Unknown {
		entries, err = s.SearchAccessLog(r, f)
	}
	var shown []string
	if err == nil {
		page.Entries, shown, err = s.accessLogRows(r, entries)
	}
	if err == nil {
		err = s.RecordView(r, shown) // the page names them now, not only their IDs
	}
	if err != nil {
		s.Fail(w, r, err)
		return
	}
	if len(entries) == accessLogPageSize {
		page.Older = template.URL("/admin/access-log?" + page.values(entries[len(entries)-1].ID).Encode()) // built by url.Values: safe
	}
	s.RenderPage(w, r, http.StatusOK, "accesslog", page)
}

// pickAccessLogFilter: POST /admin/access-log, the filter form. Words
// typed into the person's search find the people and matters that
// match, to choose from; without words the filters go to the GET page,
// IDs only.
func (s *Handlers) pickAccessLogFilter(w http.ResponseWriter, r *http.Request) {
	if !s.ParseForm(w, r) {
		return
	}
	page, err := s.accessLogFilters(r, r.PostForm)
	if err != nil {
		s.Fail(w, r, err)
		return
	}
	words := strings.TrimSpace(r.PostForm.Get("subject_q"))
	if words == "" {
		http.Redirect(w, r, "/admin/access-log?"+page.values(0).Encode(), http.StatusSeeOther)
		return
	}
	if err := s.Offer(r, &page.Subjects, words, s.findSubjects); err != nil {
		s.Fail(w, r, err)
		return
	}
	page.Picking = true
	s.RenderPage(w, r, http.StatusOK, "accesslog", page)
}

// findSubjects are the people and the matters the words match: an
// access-log entry names either.
func (s *Handlers) findSubjects(r *http.Request, words string) ([]web.SubjectRef, error) {
	people, err := s.FindPeople(r, words)
	if err != nil {
		return nil, err
	}
	found, err := s.FindMatters(r, words)
	return append(people, found...), err
}

// accessLogFilters are the page's filters as v has them, the chosen
// person named.
func (s *Handlers) accessLogFilters(r *http.Request, v url.Values) (accessLogPage, error) {
	page := accessLogPage{Staff: v.Get("staff"), Subject: strings.TrimSpace(v.Get("subject")),
		From: v.Get("from"), To: v.Get("to"), RefusedOnly: v.Get("refused") != "", Own: v.Get("own") != "",
		Subjects: web.Picker{Field: "subject", Legend: "accesslog.field.subject"}}
	members, err := s.Shared().Staff.List(r.Context())
	if err != nil {
		return page, err
	}
	page.Members = members
	if page.Subject != "" {
		names, err := s.NameSubjects(r, []string{page.Subject})
		if err != nil {
			return page, err
		}
		ref := names[page.Subject]
		page.Subjects.Chosen = &ref
	}
	return page, nil
}

// accessLogRows names the entries' people in one read; it returns the
// contacts it names, for the access log.
func (s *Handlers) accessLogRows(r *http.Request, entries []accesslog.Entry) ([]accessLogRow, []string, error) {
	names, err := s.StaffNames(r)
	if err != nil {
		return nil, nil, err
	}
	var ids []string
	for _, e := range entries {
		ids = append(ids, e.Subjects[:min(len(e.Subjects), accessLogSubjectsShown)]...)
	}
	refs, err := s.NameSubjects(r, ids)
	if err != nil {
		return nil, nil, err
	}
	tokens, err := s.tokenNames(r, entries)
	if err != nil {
		return nil, nil, err
	}
	lang := web.LangOf(r.Context())
	rows := make([]accessLogRow, 0, len(entries))
	var shown []web.SubjectRef
	for _, e := range entries {
		row := accessLogRow{At: e.At, Who: web.ActorName(lang, names, e.StaffID), What: web.AccessWords(lang, e.Action, e.Via),
			Purpose: purposeWords(lang, e.Purpose, e.PurposeErased), Full: e.CorrelationID, More: max(len(e.Subjects)-accessLogSubjectsShown, 0)}
		row.Reference = e.CorrelationID[strings.LastIndex(e.CorrelationID, "-")+1:]
		row.Token = tokens[e.TokenID]
		row.Webhook = tokens[webhookKey+e.WebhookID]
		if e.Refused != "" {
			row.Refused = "accesslog.refused." + e.Refused
		}
		for _, id := range e.Subjects[:min(len(e.Subjects), accessLogSubjectsShown)] {
			ref := refs[id]
			shown = append(shown, ref)
			subject := accessLogSubject{Name: ref.Name}
			if !ref.Unknown {
				subject.Href = "/admin/access-log?" + url.Values{"subject": {id}}.Encode()
			}
			row.Subjects = append(row.Subjects, subject)
		}
		rows = append(rows, row)
	}
	return rows, web.ContactIDs(shown), nil
}

// tokenNames are the names of the API tokens and webhooks (under
// webhookKey) entries were made with, each read only when an entry has
// one.
func (s *Handlers) tokenNames(r *http.Request, entries []accesslog.Entry) (map[string]string, error) {
	names := map[string]string{}
	if slices.ContainsFunc(entries, func(e accesslog.Entry) bool { return e.TokenID != "" }) {
		tokens, err := s.Shared().Credentials.ListTokens(r.Context())
		if err != nil {
			return nil, err
		}
		for _, t := range tokens {
			names[t.ID] = t.Name
		}
	}
	if slices.ContainsFunc(entries, func(e accesslog.Entry) bool { return e.WebhookID != "" }) {
		hooks, err := s.deps.Webhooks.List(r.Context())
		if err != nil {
			return nil, err
		}
		for _, h := range hooks {
			names[webhookKey+h.ID] = h.Name
		}
	}
	return names, nil
}

// webhookKey marks a webhook's ID among tokenNames' keys.
const webhookKey = "webhook:"

// purposeWords is the purpose a reader gave, as given; the purposes
// Klient gives itself (an audit's) in words.
func purposeWords(lang i18n.Lang, purpose string, erased bool) string {
	if erased {
		return i18n.T(lang, "accesslog.purpose_erased") // the people it was about are erased
	}
	if key := "accesslog.own_purpose." + purpose; purpose != "" && i18n.Has(key) {
		return i18n.T(lang, key)
	}
	return purpose
}

// filter builds the search for the signed-in member; ok is false when a
// date could not be read (it is then left out rather than guessed). Their
// own refusals are always left out (they would tell what exists behind a
// wall), their own reads unless asked for or searched for.
func (p accessLogPage) filter(r *http.Request, before string) (accesslog.Filter, bool) {
	viewer, _ := web.PrincipalOf(r.Context())
	f := accesslog.Filter{StaffID: p.Staff, Subject: p.Subject, Limit: accessLogPageSize, RefusedOnly: p.RefusedOnly,
		Viewer: viewer.StaffID, HideOwn: !p.Own && p.Staff != viewer.StaffID}
	f.Before, _ = strconv.ParseInt(before, 10, 64)
	from, ok1 := web.ParseDay(p.From)
	to, ok2 := web.ParseDay(p.To)
	f.From = from
	if !to.IsZero() {
		f.To = to.AddDate(0, 0, 1) // "to" includes the whole day
	}
	return f, ok1 && ok2
}

// values is the query string of this search, from the entry before
// last on (0: from the newest).
func (p accessLogPage) values(last int64) url.Values {
	v := url.Values{}
	for k, val := range map[string]string{"staff": p.Staff, "subject": p.Subject, "from": p.From, "to": p.To} {
		if val != "" {
			v.Set(k, val)
		}
	}
	if p.RefusedOnly {
		v.Set("refused", "1")
	}
	if p.Own {
		v.Set("own", "1")
	}
	if last > 0 {
		v.Set("before", strconv.FormatInt(last, 10))
	}
	return v
}
