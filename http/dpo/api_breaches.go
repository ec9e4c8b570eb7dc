package dpo

import (
	"net/http"
	"time"

	"github.com/go-chi/chi/v5"

	dpocmd "github.com/klient-crm/klient/commands/dpo"
	domaindpo "github.com/klient-crm/klient/domain/dpo"
	"github.com/klient-crm/klient/http/web"
	dpomodel "github.com/klient-crm/klient/projections/dpo"
)

// BreachKey is a breach's place in the register's order (latest
// discovered first): a time and an ID, nothing personal.
type BreachKey struct {
	Discovered time.Time `json:"d"`
	ID         string    `json:"i"`
}

// Valid reports a key the list could have written.
func (k BreachKey) Valid() bool { return !k.Discovered.IsZero() && k.ID != "" }

// apiListBreaches is GET /api/v1/breaches: the register, a page at a time.
func (s *Handlers) apiListBreaches(w http.ResponseWriter, r *http.Request) {
	page, err := web.PageOf(r.URL.Query(), "breaches")
	var after *BreachKey
	if err == nil {
		after, err = web.After[BreachKey](page)
	}
	var list []dpomodel.Breach
	if err == nil {
		f := dpomodel.Filter{Limit: page.ReadLimit()}
		if after != nil {
			f.AfterDiscovered, f.AfterID = after.Discovered, after.ID
		}
		list, err = s.deps.Register.Breaches(r.Context(), f)
	}
	list, next := web.Cut(page, list, func(b dpomodel.Breach) web.CursorKey { return BreachKey{b.DiscoveredAt, b.ID} })
	var views []breachView
	if err == nil {
		views, err = s.breachViews(r, list)
	}
	if err != nil {
		s.WriteProblem(w, r, err)
		return
	}
	items := make([]BreachJSON, len(views))
	for i, b := range views {
		items[i] = breachOut(b)
	}
	web.WriteJSON(w, http.StatusOK, web.PageJSON(items, next))
}

// apiGetBreach is GET /api/v1/breaches/{id}, with its version as ETag.
func (s *Handlers) apiGetBreach(w http.ResponseWriter, r *http.Request) {
	b, err := s.breachOf(r)
	if err != nil {
		s.WriteProblem(w, r, err)
		return
	}
	w.Header().Set("ETag", web.VersionETag(b.Version))
	web.WriteJSON(w, http.StatusOK, breachOut(b))
}

// apiRecordBreach is POST /api/v1/breaches: the clock starts at
// discovered_at.
func (s *Handlers) apiRecordBreach(w http.ResponseWriter, r *http.Request) {
	var in NewBreachJSON
	if err := web.DecodeJSON(r, &in); err != nil {
		s.WriteProblem(w, r, err)
		return
	}
	res, err := s.deps.Record.Handle(r.Context(), dpocmd.RecordBreach{Actor: s.Actor(r), BreachID: in.ID, Reference: in.Reference,
		DiscoveredAt: timeOf(in.DiscoveredAt), Summary: in.Summary})
	s.answer(w, r, res, err, http.StatusCreated)
}

// apiAssessBreach is PUT /api/v1/breaches/{id}/assessment.
func (s *Handlers) apiAssessBreach(w http.ResponseWriter, r *http.Request) {
	var in AssessmentJSON
	if err := web.DecodeJSON(r, &in); err != nil {
		s.WriteProblem(w, r, err)
		return
	}
	version, err := web.ExpectedVersion(r.Header.Get("If-Match"), in.Version)
	var res dpocmd.BreachResult
	if err == nil {
		res, err = s.deps.Assess.Handle(r.Context(), dpocmd.AssessBreach{Actor: s.Actor(r), BreachID: chi.URLParam(r, "id"),
			ExpectedVersion: version, Assessment: domaindpo.BreachAssessed{StartedAt: timeOf(in.StartedAt),
				EndedAt: timeOf(in.EndedAt), Nature: in.Nature, SubjectCategories: in.SubjectCategories,
				SubjectsApprox: in.SubjectsApprox, DataCategories: in.DataCategories, RecordsApprox: in.RecordsApprox,
				Consequences: in.Consequences, Severity: in.Severity, MeasuresTaken: in.MeasuresTaken,
				MeasuresPlanned: in.MeasuresPlanned}})
	}
	s.answer(w, r, res, err, http.StatusOK)
}

// apiDecideBreach is POST /api/v1/breaches/{id}/decisions: one step of
// art. 33/34 (no confirmation: a program says what it means).
func (s *Handlers) apiDecideBreach(w http.ResponseWriter, r *http.Request) {
	var in DecisionJSON
	if err := web.DecodeJSON(r, &in); err != nil {
		s.WriteProblem(w, r, err)
		return
	}
	version, err := web.ExpectedVersion(r.Header.Get("If-Match"), in.Version)
	var res dpocmd.BreachResult
	if err == nil {
		res, err = s.deps.Decide.Handle(r.Context(), dpocmd.DecideBreach{Actor: s.Actor(r), BreachID: chi.URLParam(r, "id"),
			ExpectedVersion: version, Step: dpocmd.BreachStep(in.Step), At: timeOf(in.At), IMYReference: in.IMYReference, Text: in.Text})
	}
	if err != nil {
		// The domain names each step's text and time by what it is; the
		// body has one text and one at for every step.
		p := s.ProblemFor(r, err)
		for i, e := range p.Errors {
			p.Errors[i].Field = decisionFields[e.Field]
			if p.Errors[i].Field == "" {
				p.Errors[i].Field = e.Field
			}
		}
		web.SendProblem(w, p)
		return
	}
	s.answer(w, r, res, err, http.StatusOK)
}

// decisionFields are the body's names of the domain's fields of a decision.
var decisionFields = map[string]string{"delay_reason": "text", "reason": "text", "how": "text",
	"reported_at": "at", "informed_at": "at"}

// answer sends a command's refusal, or the breach as it now reads.
func (s *Handlers) answer(w http.ResponseWriter, r *http.Request, res dpocmd.BreachResult, err error, status int) {
	if err != nil {
		s.WriteProblem(w, r, err)
		return
	}
	s.Await(r.Context(), breachProjector, res.Position)
	b, err := s.deps.Register.Breach(r.Context(), res.BreachID)
	var views []breachView
	if err == nil {
		views, err = s.breachViews(r, []dpomodel.Breach{b})
	}
	if err != nil {
		s.WriteProblem(w, r, err)
		return
	}
	if status == http.StatusCreated {
		w.Header().Set("Location", "/api/v1/breaches/"+res.BreachID)
	}
	w.Header().Set("ETag", web.VersionETag(b.Version))
	web.WriteJSON(w, status, breachOut(views[0]))
}
