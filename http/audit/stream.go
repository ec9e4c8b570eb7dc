package audit

import (
	"errors"
	"net/http"
	"regexp"
	"strings"

	"github.com/go-chi/chi/v5"

	"github.com/klient-crm/klient/domain"
	"github.com/klient-crm/klient/domain/matter"
	"github.com/klient-crm/klient/http/web"
	"github.com/klient-crm/klient/projections/audit"
	"github.com/klient-crm/klient/projections/audit/history"
)

// auditStreamPage is any other stream's events up to a moment: a task's,
// a deadline's, a wall's, a staff member's, a request's.
type auditStreamPage struct {
	Stream string
	Record string // the record in words
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
// The ID may be words with Swedish letters joined by single spaces: a
// workflow template's stream is named after its practice area
// ("workflow-template-processrätt", "workflow-template-offentlig rätt").
var streamName = regexp.MustCompile(`^[a-z][a-z-]{0,40}-[\p{L}0-9-]{1,64}(?: [\p{L}0-9-]{1,64})*$`)

// streamNameMax bounds a stream name, in bytes.
const streamNameMax = 120

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

// auditStream reads the stream up to the moment. A stream about a walled
// record — a walled contact, a matter walled or with a walled client, or
// filed under such a matter (a task's, a deadline's, a log entry's, a
// document's) — is answered as one that does not exist (issue 11, item
// 8): its event types, actors and times are the record's too.
func (s *Handlers) auditStream(r *http.Request, stream string, at asOf) (auditStreamPage, []string, error) {
	if len(stream) > streamNameMax || !streamName.MatchString(stream) {
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
	walled, err := s.walledStream(r, walls, events)
	if err != nil {
		return auditStreamPage{}, nil, err
	}
	if walled {
		s.Refused(r, s.KnownStaffID(r), "walled")
		return auditStreamPage{}, nil, errNoSuchStream
	}
	lang := web.LangOf(r.Context())
	if err := s.withMarked(r, &walls, events); err != nil {
		return auditStreamPage{}, nil, err
	}
	rows, subjects := auditEventRows(lang, events, names, walls)
	record, err := s.streamRecord(r, stream, events)
	return auditStreamPage{Stream: stream, Record: record, AsOf: at, Events: rows}, subjects, err
}

// streamRecord is the record a stream keeps, in words ("Uppgift i ärende
// 2026-0042 Tvist", "Etisk mur"), as the trail names it.
func (s *Handlers) streamRecord(r *http.Request, stream string, events []history.Event) (string, error) {
	row := audit.Row{Stream: stream}
	for _, e := range events {
		if row.MatterID = audit.MatterOf(e.Decoded); row.MatterID != "" {
			break
		}
	}
	ids := []string{streamSubject(stream)}
	if row.MatterID != "" {
		ids = append(ids, matter.Subject(row.MatterID))
	}
	refs, err := s.NameSubjects(r, ids)
	if err != nil {
		return "", err
	}
	return recordOf(web.LangOf(r.Context()), row, refs).Name, nil
}

// walledStream reports a stream any of whose events is about a record
// behind a wall, weighed as the trail weighs its lines; the matter the
// stream is filed under (its first event naming one) counts for every
// event, since a task's later events no longer name it.
func (s *Handlers) walledStream(r *http.Request, walls auditWalls, events []history.Event) (bool, error) {
	var matterID string
	for _, e := range events {
		if matterID = audit.MatterOf(e.Decoded); matterID != "" {
			break
		}
	}
	memo := map[string]bool{}
	for _, e := range events {
		walled, err := s.walledRow(r, walls, audit.Row{Subjects: e.Metadata.Subjects, MatterID: matterID}, memo)
		if walled || err != nil {
			return walled, err
		}
	}
	return false, nil
}
