package conflicts

import (
	"errors"
	"io"
	"net/http"
	"strings"
	"time"

	"github.com/go-chi/chi/v5"

	mattercmd "github.com/klient-crm/klient/commands/matter"
	"github.com/klient-crm/klient/domain"
	"github.com/klient-crm/klient/domain/matter"
	"github.com/klient-crm/klient/http/web"
	"github.com/klient-crm/klient/projections/staff"
)

// Lateral hire (issue 14): an administrator uploads a newly hired
// lawyer's list of former clients and matters (CSV), and the conflict
// check a matter's parties get runs over it; the report is the matter's
// (the same findings, worded by conflict-hits through the reader's
// need-to-know) and is kept with the staff member (commands/matter's
// HandleLateralHire). Pages under /staff/{id}/lateral-hire, the API under
// /api/v1/staff/{id}/lateral-hire-checks.

// maxLateralList bounds an uploaded list: thousands of rows are a few
// hundred kilobytes.
const maxLateralList = 2 << 20

// lateralEntryView is one row of the list and what the check found for it.
type lateralEntryView struct {
	Row   int
	Entry matter.LateralEntry
	Hits  []HitView
}

// lateralCheckView is one recorded check.
type lateralCheckView struct {
	ID        string
	FileName  string
	RanAt     time.Time
	CheckedBy string
	Rows      int
	Hits      int
	Entries   []lateralEntryView
}

// lateralPage is the staff member's lateral-hire page: the upload form,
// the checks recorded (newest first), and one of them shown whole.
type lateralPage struct {
	Member staff.Member
	Checks []lateralCheckView
	Shown  *lateralCheckView
	Form   web.FormState
}

// lateralMember is the staff member the route names; an unknown or
// deactivated one answers 404.
func (s *Handlers) lateralMember(r *http.Request) (staff.Member, error) {
	m, err := s.ActiveMember(r.Context(), chi.URLParam(r, "id"))
	if err != nil && domain.KindOf(err) != domain.KindInternal {
		return staff.Member{}, domain.NotFound("there is no such staff member").WithCode("staff.not_found")
	}
	return m, err
}

// lateralViews words the checks' findings for the reader and returns the
// data subjects shown. Only the check named by shown (or, with all, every
// check) is worded whole; the rest are counted.
func (s *Handlers) lateralViews(r *http.Request, reps []mattercmd.LateralHireReport, shown string) ([]lateralCheckView, *lateralCheckView, []string, error) {
	names, err := s.StaffNames(r)
	if err != nil {
		return nil, nil, nil, err
	}
	var subjects []string
	var one *lateralCheckView
	out := make([]lateralCheckView, len(reps))
	for i, rep := range reps {
		v := lateralCheckView{ID: rep.CheckID, FileName: rep.FileName, RanAt: rep.RanAt, CheckedBy: names[rep.CheckedBy],
			Rows: len(rep.Entries), Hits: len(rep.Hits)}
		if rep.CheckID == shown {
			byProbe, seen, err := s.hitsByProbe(r, rep.Hits)
			if err != nil {
				return nil, nil, nil, err
			}
			subjects = append(subjects, seen...)
			for j, e := range rep.Entries {
				v.Entries = append(v.Entries, lateralEntryView{Row: j + 2, Entry: e, Hits: byProbe[matter.LateralProbeID(j)]})
			}
			one = &v
		}
		out[i] = v
	}
	return out, one, subjects, nil
}

// lateralHirePage is GET /staff/{id}/lateral-hire and
// GET /staff/{id}/lateral-hire/{check}.
func (s *Handlers) lateralHirePage(w http.ResponseWriter, r *http.Request) {
	s.showLateral(w, r, http.StatusOK, chi.URLParam(r, "check"), web.FormState{})
}

func (s *Handlers) showLateral(w http.ResponseWriter, r *http.Request, status int, shown string, f web.FormState) {
	m, err := s.lateralMember(r)
	var reps []mattercmd.LateralHireReport
	if err == nil {
		reps, err = s.deps.LateralHire.LateralHireChecks(r.Context(), m.ID)
	}
	var checks []lateralCheckView
	var one *lateralCheckView
	var subjects []string
	if err == nil {
		checks, one, subjects, err = s.lateralViews(r, reps, shown)
	}
	if err == nil && shown != "" && one == nil {
		err = errNoSuchLateralCheck
	}
	if err == nil {
		err = s.RecordView(r, subjects)
	}
	if err != nil {
		s.Fail(w, r, err)
		return
	}
	s.RenderPage(w, r, status, "lateral_hire", lateralPage{Member: m, Checks: checks, Shown: one, Form: f})
}

var errNoSuchLateralCheck = domain.NotFound("there is no such check").WithCode("lateral.not_found")

// checkLateralHire is POST /staff/{id}/lateral-hire: the upload. A list
// that cannot be read is shown again with what is wrong, row by row, and
// nothing is recorded.
func (s *Handlers) checkLateralHire(w http.ResponseWriter, r *http.Request) {
	m, err := s.lateralMember(r)
	if err != nil {
		web.DrainUpload(r)
		s.Fail(w, r, err)
		return
	}
	var rep mattercmd.LateralHireReport
	_, name, file, err := web.StreamedUpload(r)
	if err == nil {
		rep, err = s.runLateral(r, m.ID, name, file)
	}
	if err != nil {
		web.DrainUpload(r)
		state, status, ok := s.FailedForm(r, err, "/staff/"+m.ID+"/lateral-hire")
		if !ok {
			s.Fail(w, r, err)
			return
		}
		s.showLateral(w, r, status, "", state)
		return
	}
	http.Redirect(w, r, "/staff/"+m.ID+"/lateral-hire/"+rep.CheckID, http.StatusSeeOther)
}

// runLateral reads the list and checks it.
func (s *Handlers) runLateral(r *http.Request, staffID, name string, file io.Reader) (mattercmd.LateralHireReport, error) {
	if file == nil {
		return mattercmd.LateralHireReport{}, domain.Invalid("file", "choose the list to check").WithCode("lateral.file.missing")
	}
	data, err := io.ReadAll(io.LimitReader(file, maxLateralList+1))
	if err != nil {
		return mattercmd.LateralHireReport{}, web.FormError(err)
	}
	if len(data) > maxLateralList {
		return mattercmd.LateralHireReport{}, domain.Invalid("file", "the list is too large").WithCode("lateral.file.too_large")
	}
	entries, err := matter.ParseLateralList(data, s.deps.LateralHire.LateralNow())
	if err != nil {
		return mattercmd.LateralHireReport{}, err
	}
	return s.deps.LateralHire.HandleLateralHire(r.Context(), mattercmd.CheckLateralHire{Actor: s.Actor(r),
		StaffID: staffID, FileName: name, Entries: entries})
}

// LateralCheckJSON is one recorded lateral-hire check in the API: the
// list's rows with what was found for each, as the caller may see it.
type LateralCheckJSON struct {
	ID        string             `json:"id"`
	StaffID   string             `json:"staff_id"`
	FileName  string             `json:"file_name"`
	RanAt     time.Time          `json:"ran_at"`
	CheckedBy string             `json:"checked_by"`
	Hits      int                `json:"hits"`
	Rows      []LateralEntryJSON `json:"rows"`
}

// LateralEntryJSON is one row of the list and its findings.
type LateralEntryJSON struct {
	Row    int       `json:"row"`
	Name   string    `json:"name"`
	Number string    `json:"number,omitempty"`
	Email  string    `json:"email,omitempty"`
	Role   string    `json:"role,omitempty"`
	Matter string    `json:"matter,omitempty"`
	Hits   []HitJSON `json:"hits"`
}

// LateralChecksJSON is a staff member's checks, newest first.
type LateralChecksJSON struct {
	Items []LateralCheckJSON `json:"items"`
}

// apiCheckLateralHire is POST /api/v1/staff/{id}/lateral-hire-checks: the
// body is the list itself (text/csv), its name in ?file_name.
func (s *Handlers) apiCheckLateralHire(w http.ResponseWriter, r *http.Request) {
	m, err := s.lateralMember(r)
	var rep mattercmd.LateralHireReport
	if err == nil {
		if ct := r.Header.Get("Content-Type"); !strings.HasPrefix(ct, "text/csv") && !strings.HasPrefix(ct, "text/plain") {
			err = web.BadRequest(errors.New("lateral hire: content type "+ct), "file", "lateral.file.content_type", "send the list as text/csv")
		}
	}
	if err == nil {
		rep, err = s.runLateral(r, m.ID, r.URL.Query().Get("file_name"), r.Body)
	}
	if err != nil {
		web.DrainUpload(r)
		s.WriteProblem(w, r, err)
		return
	}
	out, err := s.lateralJSON(r, []mattercmd.LateralHireReport{rep})
	if err != nil {
		s.WriteProblem(w, r, err)
		return
	}
	w.Header().Set("Location", "/api/v1/staff/"+m.ID+"/lateral-hire-checks")
	web.WriteJSON(w, http.StatusCreated, out[0])
}

// apiLateralHireChecks is GET /api/v1/staff/{id}/lateral-hire-checks.
func (s *Handlers) apiLateralHireChecks(w http.ResponseWriter, r *http.Request) {
	m, err := s.lateralMember(r)
	var reps []mattercmd.LateralHireReport
	if err == nil {
		reps, err = s.deps.LateralHire.LateralHireChecks(r.Context(), m.ID)
	}
	var out []LateralCheckJSON
	if err == nil {
		out, err = s.lateralJSON(r, reps)
	}
	if err != nil {
		s.WriteProblem(w, r, err)
		return
	}
	web.WriteJSON(w, http.StatusOK, LateralChecksJSON{Items: out})
}

// lateralJSON words every check whole for the API, and records what of
// whom was shown.
func (s *Handlers) lateralJSON(r *http.Request, reps []mattercmd.LateralHireReport) ([]LateralCheckJSON, error) {
	out := []LateralCheckJSON{}
	var subjects []string
	for _, rep := range reps {
		views, one, seen, err := s.lateralViews(r, []mattercmd.LateralHireReport{rep}, rep.CheckID)
		if err != nil {
			return nil, err
		}
		subjects = append(subjects, seen...)
		c := LateralCheckJSON{ID: one.ID, StaffID: rep.StaffID, FileName: one.FileName, RanAt: one.RanAt,
			CheckedBy: rep.CheckedBy, Hits: views[0].Hits, Rows: []LateralEntryJSON{}}
		for _, e := range one.Entries {
			c.Rows = append(c.Rows, LateralEntryJSON{Row: e.Row, Name: e.Entry.Name, Number: e.Entry.Number, Email: e.Entry.Email,
				Role: e.Entry.Role, Matter: e.Entry.Matter, Hits: HitsJSON(e.Hits)})
		}
		out = append(out, c)
	}
	return out, s.RecordView(r, subjects)
}
