package cdd

import (
	"io"
	"maps"
	"net/http"
	"slices"
	"strings"
	"time"

	"github.com/go-chi/chi/v5"
	"github.com/google/uuid"

	cddcmd "github.com/klient-crm/klient/commands/cdd"
	"github.com/klient-crm/klient/domain"
	"github.com/klient-crm/klient/domain/access"
	domaincdd "github.com/klient-crm/klient/domain/cdd"
	"github.com/klient-crm/klient/http/web"
	cddmodel "github.com/klient-crm/klient/projections/cdd"
	"github.com/klient-crm/klient/projections/matters"
)

// AssessmentJSON is the firm's general risk assessment.
type AssessmentJSON struct {
	Version       int                `json:"version"`        // the assessment's own, as records name it; 0: none yet
	StreamVersion *uint64            `json:"stream_version"` // send it back to publish the next one
	Factors       []domaincdd.Factor `json:"factors"`
	NormalFrom    int                `json:"normal_from"`
	HighFrom      int                `json:"high_from"`
	Summary       string             `json:"summary"`
	PublishedAt   string             `json:"published_at,omitempty"`
	PublishedBy   string             `json:"published_by,omitempty"`
}

// ListJSON is an imported sanctions list.
type ListJSON struct {
	ListID      string `json:"list_id"`
	Version     string `json:"version"`
	GeneratedAt string `json:"generated_at"`
	Entries     int    `json:"entries"`
}

// QueueItemJSON is a record waiting for the AML officer.
type QueueItemJSON struct {
	MatterID    string `json:"matter_id"`
	ClientID    string `json:"client_id"`
	Risk        string `json:"risk"`
	ListVersion string `json:"list_version"`
	Hits        int    `json:"hits"`
	Since       string `json:"since"`
}

// QueueKey is a queue item's place: how long it waited, and its matter.
type QueueKey struct {
	Since  time.Time `json:"s"`
	Matter string    `json:"m"`
}

// Valid reports a key the list could have written.
func (k QueueKey) Valid() bool { return !k.Since.IsZero() && k.Matter != "" }

// apiGetAssessment is GET /api/v1/due-diligence/assessment.
func (s *Handlers) apiGetAssessment(w http.ResponseWriter, r *http.Request) {
	a, err := s.deps.Records.Assessment(r.Context())
	if err != nil {
		s.WriteProblem(w, r, err)
		return
	}
	web.WriteJSON(w, http.StatusOK, assessmentOut(a))
}

func assessmentOut(a *domaincdd.RiskAssessment) AssessmentJSON {
	c := a.Current()
	out := AssessmentJSON{Version: c.Version, Factors: c.Factors, NormalFrom: c.NormalFrom, HighFrom: c.HighFrom, Summary: c.Summary,
		PublishedAt: stamp(c.PublishedAt), PublishedBy: c.PublishedBy}
	if out.Factors == nil {
		out.Factors = []domaincdd.Factor{}
	}
	if a.Exists() {
		v := a.StreamVersion()
		out.StreamVersion = &v
	}
	return out
}

// apiPublishAssessment is PUT /api/v1/due-diligence/assessment: the next
// version, whole. The first has no stream_version; each later one names
// the one it replaces.
func (s *Handlers) apiPublishAssessment(w http.ResponseWriter, r *http.Request) {
	var in AssessmentJSON
	if err := web.DecodeJSON(r, &in); err != nil {
		s.WriteProblem(w, r, err)
		return
	}
	cmd := cddcmd.PublishAssessment{Actor: s.Actor(r), New: in.StreamVersion == nil, Factors: in.Factors,
		NormalFrom: in.NormalFrom, HighFrom: in.HighFrom, Summary: in.Summary}
	if in.StreamVersion != nil {
		cmd.ExpectedVersion = *in.StreamVersion
	}
	_, err := s.deps.Publish.Handle(r.Context(), cmd)
	if err != nil {
		s.WriteProblem(w, r, err)
		return
	}
	s.apiGetAssessment(w, r)
}

// apiImportList is POST /api/v1/due-diligence/lists: the EU consolidated
// list's XML as the body.
func (s *Handlers) apiImportList(w http.ResponseWriter, r *http.Request) {
	if mt := strings.TrimSpace(strings.Split(r.Header.Get("Content-Type"), ";")[0]); mt != "application/xml" && mt != "text/xml" {
		s.WriteProblem(w, r, web.BadRequest(web.ErrUnsupportedMedia, "", "cdd.list.content_type", "send the list as application/xml"))
		return
	}
	file, err := io.ReadAll(r.Body)
	if err != nil {
		s.WriteProblem(w, r, err)
		return
	}
	info, err := s.deps.Sanctions.HandleImport(r.Context(), cddcmd.ImportList{Actor: s.Actor(r), File: file})
	if err != nil {
		s.WriteProblem(w, r, err)
		return
	}
	web.WriteJSON(w, http.StatusCreated, ListJSON{ListID: info.ID, Version: info.Version, GeneratedAt: stamp(info.GeneratedAt), Entries: info.Entries})
}

// apiEscalated is GET /api/v1/due-diligence/escalated: the records
// waiting for the AML officer, the longest waiting first, those behind a
// wall left out in the query's page (and again here, a second line).
func (s *Handlers) apiEscalated(w http.ResponseWriter, r *http.Request) {
	page, err := web.PageOf(r.URL.Query(), "due-diligence")
	var after *QueueKey
	if err == nil {
		after, err = web.After[QueueKey](page)
	}
	var list []cddmodel.RecordStatus
	if err == nil {
		list, err = s.escalated(r, page.ReadLimit(), after)
	}
	if err != nil {
		s.WriteProblem(w, r, err)
		return
	}
	list, next := web.Cut(page, list, func(x cddmodel.RecordStatus) web.CursorKey { return QueueKey{x.UpdatedAt, x.MatterID} })
	items := []QueueItemJSON{}
	for _, x := range list {
		items = append(items, QueueItemJSON{MatterID: x.MatterID, ClientID: x.ClientID, Risk: x.Risk, ListVersion: x.ListVersion,
			Hits: x.Hits, Since: stamp(x.UpdatedAt)})
	}
	web.WriteJSON(w, http.StatusOK, web.PageJSON(items, next))
}

// escalated reads up to limit records of the officer's queue after the
// key, the walls before the reader applied in the query, then once more
// over the rows read.
func (s *Handlers) escalated(r *http.Request, limit int, after *QueueKey) ([]cddmodel.RecordStatus, error) {
	walls, err := s.readerWalls(r)
	if err != nil {
		return nil, err
	}
	f := cddmodel.QueueFilter{Limit: limit, WalledContacts: walls.contacts, WalledMatters: walls.matters}
	if after != nil {
		f.AfterUpdated, f.AfterMatter = after.Since, after.Matter
	}
	list, err := s.deps.Queue.Escalated(r.Context(), f)
	return slices.DeleteFunc(list, func(x cddmodel.RecordStatus) bool { return walls.hide(x.MatterID, x.ClientID) }), err
}

// readerWalls is what keeps the officer's firm-wide lists (the queue,
// the watch, the report) within the reader's walls: the walled contacts
// and matters a query leaves out, and, for the rows read, the matter gate
// and the hidden contacts once more.
type readerWalls struct {
	gate              web.MatterGate
	hidden            web.HiddenSet
	contacts, matters []string
}

func (s *Handlers) readerWalls(r *http.Request) (readerWalls, error) {
	gate, err := s.MatterGate(r)
	if err != nil {
		return readerWalls{}, err
	}
	hidden, err := s.Hidden(r)
	if err != nil {
		return readerWalls{}, err
	}
	targets, err := s.WalledTargets(r)
	if err != nil {
		return readerWalls{}, err
	}
	w := readerWalls{gate: gate, hidden: hidden, contacts: slices.Collect(maps.Keys(hidden))}
	w.matters, _ = access.WalledIDs(targets)
	return w, nil
}

// hide tells whether a row of matter and client is behind the walls.
func (w readerWalls) hide(matterID, clientID string) bool {
	return w.gate.WalledMatter(matterID) || w.hidden.Has(clientID)
}

// officerMatter is the matter {id} whose record the AML officer reads or
// decides: the officer is on no matter's team, so need-to-know does not
// stand before a record, but a wall does — on the matter or on any of its
// clients (web.MatterGate.WallsOff) — and then the answer is the unknown
// matter's. An erased matter comes back with what is left of it.
func (s *Handlers) officerMatter(r *http.Request) (matters.Matter, error) {
	u, err := uuid.Parse(strings.TrimSpace(chi.URLParam(r, "id")))
	if err != nil {
		return matters.Matter{}, web.ErrNoSuchMatter
	}
	m, err := s.Shared().Matters.Get(r.Context(), u.String())
	switch {
	case domain.IsKind(err, domain.KindNotFound):
		return matters.Matter{}, web.ErrNoSuchMatter
	case err != nil && !domain.IsKind(err, domain.KindErased):
		return matters.Matter{}, err
	}
	gate, err := s.MatterGate(r)
	switch {
	case err != nil:
		return matters.Matter{}, err
	case gate.WallsOff(m):
		return matters.Matter{}, web.ErrNoSuchMatter
	}
	return m, nil
}

// apiOfficerRecord is GET /api/v1/due-diligence/records/{id}.
func (s *Handlers) apiOfficerRecord(w http.ResponseWriter, r *http.Request) {
	m, err := s.officerMatter(r)
	if err != nil {
		s.refuse(w, r, err)
		return
	}
	s.writeRecord(w, r, m.ID, http.StatusOK)
}

// apiOfficerDecide is POST /api/v1/due-diligence/records/{id}/decision:
// the AML officer's decision (the command reads the role from the staff
// stream).
func (s *Handlers) apiOfficerDecide(w http.ResponseWriter, r *http.Request) {
	m, err := s.officerMatter(r)
	if err != nil {
		s.refuse(w, r, err)
		return
	}
	s.decide(w, r, m.ID)
}

// refuse answers a record the officer may not see as an unknown matter,
// and logs the refusal as the matter gate does.
func (s *Handlers) refuse(w http.ResponseWriter, r *http.Request, err error) {
	if domain.IsKind(err, domain.KindNotFound) {
		p, _ := web.PrincipalOf(r.Context())
		s.Refused(r, p.StaffID, "not_visible")
	}
	s.WriteProblem(w, r, err)
}
