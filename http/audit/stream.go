package audit

import (
	"errors"
	"net/http"
	"regexp"
	"strings"

	"github.com/go-chi/chi/v5"

	"github.com/klient-crm/klient/domain"
	"github.com/klient-crm/klient/http/web"
	"github.com/klient-crm/klient/projections/audit"
	"github.com/klient-crm/klient/projections/audit/history"
)

// auditStreamPage is any other stream's events up to a moment: a task's,
// a deadline's, a wall's, a staff member's, a request's.
type auditStreamPage struct {
	Stream string
	AsOf   asOf
	Events []auditEventRow
}

// Form is the page's "show as of" form.
func (p auditStreamPage) Form() asOfForm {
	return asOfForm{Action: "/audit/streams/" + p.Stream, AsOf: p.AsOf}
}

// errNoSuchStream: a stream name that names no stream, or one behind a wall.
var errNoSuchStream = domain.NotFound("there is no such stream").WithCode("audit.stream.not_found")

// streamName is what a stream is called: a kind and an ID, nothing more.
var streamName = regexp.MustCompile(`^[a-z][a-z-]{0,40}-[0-9A-Za-z-]{1,64}$`)

// showAuditStream: GET /audit/streams/{stream}?as_of=&as_of_time=. A
// contact's or a matter's stream goes to its own page, which knows its
// state and its walls.
func (s *Handlers) showAuditStream(w http.ResponseWriter, r *http.Request) {
	stream := chi.URLParam(r, "stream")
	if to := ownPage(stream); to != "" {
		http.Redirect(w, r, to+"?"+r.URL.RawQuery, http.StatusSeeOther)
		return
	}
	at, err := parseAsOf(r.URL.Query().Get("as_of"), r.URL.Query().Get("as_of_time"))
	if err != nil {
		s.Fail(w, r, err)
		return
	}
	page, subjects, err := s.auditStream(r, stream, at)
	if err == nil {
		err = s.recordAudit(r, subjects)
	}
	if err != nil {
		s.Fail(w, r, err)
		return
	}
	s.RenderPage(w, r, http.StatusOK, "audit_stream", page)
}

// ownPage is the history page of a contact's or a matter's stream, or "".
func ownPage(stream string) string {
	if to := streamHistory(stream); !strings.HasPrefix(to, "/audit/streams/") {
		return to
	}
	return ""
}

// auditStream reads the stream up to the moment; an event about a walled
// record (a walled contact, a matter walled or with a walled client) is
// listed without its content.
func (s *Handlers) auditStream(r *http.Request, stream string, at asOf) (auditStreamPage, []string, error) {
	if !streamName.MatchString(stream) {
		return auditStreamPage{}, nil, errNoSuchStream
	}
	events, err := s.deps.History.Read(r.Context(), stream, at.cut, false)
	if errors.Is(err, history.ErrNoStream) {
		return auditStreamPage{}, nil, errNoSuchStream
	}
	walls, werr := s.auditWalls(r)
	names, nerr := s.StaffNames(r)
	if err = errors.Join(err, werr, nerr); err != nil {
		return auditStreamPage{}, nil, err
	}
	hidden, err := s.walledEvents(r, walls, events)
	if err != nil {
		return auditStreamPage{}, nil, err
	}
	rows, subjects := auditEventRows(web.LangOf(r.Context()), events, names, walls)
	for i := range rows {
		if hidden[rows[i].Version] {
			rows[i].Withheld, rows[i].Changes = true, nil
		}
	}
	return auditStreamPage{Stream: stream, AsOf: at, Events: rows}, withoutHidden(subjects, walls), nil
}

// walledEvents are the versions of events about a record behind a wall,
// weighed as the trail weighs its lines.
func (s *Handlers) walledEvents(r *http.Request, walls auditWalls, events []history.Event) (map[uint64]bool, error) {
	out, memo := map[uint64]bool{}, map[string]bool{}
	for _, e := range events {
		walled, err := s.walledRow(r, walls, audit.Row{Subjects: e.Metadata.Subjects}, memo)
		if err != nil {
			return nil, err
		}
		out[e.Version] = walled
	}
	return out, nil
}

// withoutHidden drops the subjects behind a wall from what the access log
// records as shown.
func withoutHidden(subjects []string, walls auditWalls) []string {
	out := subjects[:0:0]
	for _, id := range subjects {
		if !walls.subject(id) {
			out = append(out, id)
		}
	}
	return out
}
