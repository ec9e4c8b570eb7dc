package contacts

import (
	"net/http"

	"github.com/go-chi/chi/v5"

	"github.com/klient-crm/klient/http/i18n"
	"github.com/klient-crm/klient/http/web"
	"github.com/klient-crm/klient/internal/contactimport"
)

// ImportPlanJSON is the dry run of an upload: what was read, the mapping,
// the first rows, the counts and the rows that need a look (the first
// maxPlanRows of them), each with its choices.
type ImportPlanJSON struct {
	ID       string            `json:"id"`        // the upload's handle: GET /api/v1/contacts/imports/{id}
	ImportID string            `json:"import_id"` // from the file's bytes: the same file, the same ID
	Format   string            `json:"format"`
	Encoding string            `json:"encoding"`
	Columns  []ImportColumn    `json:"columns"`
	Preview  [][]string        `json:"preview"`
	Counts   ImportCountsJSON  `json:"counts"`
	Rows     []ImportRowJSON   `json:"rows"`
	Run      *ImportStatusJSON `json:"run,omitempty"`
}

// ImportColumn is one column of the file and the field it is read as.
type ImportColumn struct {
	Name  string `json:"name"`
	Field string `json:"field"`
}

// ImportCountsJSON are the dry run's counts by outcome.
type ImportCountsJSON struct {
	Rows       int `json:"rows"`
	New        int `json:"new"`
	Invalid    int `json:"invalid"`
	Repeated   int `json:"repeated"`
	Imported   int `json:"imported"`
	Duplicates int `json:"duplicates"`
	Withheld   int `json:"withheld"`
}

// ImportRowJSON is a row that needs a look.
type ImportRowJSON struct {
	Line     int                 `json:"line"`
	Outcome  string              `json:"outcome"`
	Name     string              `json:"name,omitempty"`
	Problems []ImportProblemJSON `json:"problems,omitempty"`
	Match    *ImportMatchJSON    `json:"match,omitempty"`
	Decision string              `json:"decision,omitempty"`
	Choices  []string            `json:"choices,omitempty"`
}

// ImportProblemJSON is one refusal of a row's field, in words.
type ImportProblemJSON struct {
	Field   string `json:"field,omitempty"`
	Code    string `json:"code"`
	Message string `json:"message"`
}

// ImportMatchJSON is the existing contact a row likely is.
type ImportMatchJSON struct {
	ContactID string `json:"contact_id"`
	Name      string `json:"name"`
	Exact     bool   `json:"exact"`
}

// ImportStatusJSON is a run's progress, then its counts.
type ImportStatusJSON struct {
	ID       string `json:"id"`
	State    string `json:"state"` // running, done, failed
	Done     int    `json:"done"`
	Total    int    `json:"total"`
	ImportID string `json:"import_id"`
	Created  int    `json:"created"`
	Merged   int    `json:"merged"`
	Skipped  int    `json:"skipped"`
	Invalid  int    `json:"invalid"`
}

// maxPlanRows is how many rows needing a look a dry run lists.
const maxPlanRows = 500

// apiImportDryRun is POST /api/v1/contacts/imports/dry-run: multipart with
// the part file and, optionally, mapping (a JSON array of field names, one
// per column). Nothing is written.
func (s *Handlers) apiImportDryRun(w http.ResponseWriter, r *http.Request) {
	fields, name, data, err := s.readImportUpload(r)
	if err != nil {
		s.WriteProblem(w, r, err)
		return
	}
	job, err := s.newJob(r, name, data, fields["mapping"])
	if err != nil {
		s.WriteProblem(w, r, err)
		return
	}
	s.imports.add(job)
	if err := s.recordMatches(r, job); err != nil {
		s.WriteProblem(w, r, err)
		return
	}
	web.WriteJSON(w, http.StatusOK, planJSON(web.LangOf(r.Context()), job))
}

// apiImport is POST /api/v1/contacts/imports: multipart with the part
// file, basis, purpose, note (a legitimate interest's balancing test),
// optionally mapping and decisions (a JSON object of line → skip, merge
// or create). The run goes on after the answer (202): its progress and
// counts are at the Location.
func (s *Handlers) apiImport(w http.ResponseWriter, r *http.Request) {
	fields, name, data, err := s.readImportUpload(r)
	if err != nil {
		s.WriteProblem(w, r, err)
		return
	}
	job, err := s.newJob(r, name, data, fields["mapping"])
	if err == nil {
		err = s.startWith(r, job, fields)
	}
	if err != nil {
		s.WriteProblem(w, r, err)
		return
	}
	s.imports.add(job)
	w.Header().Set("Location", "/api/v1/contacts/imports/"+job.id)
	web.WriteJSON(w, http.StatusAccepted, statusJSON(job))
}

// startWith starts job with the batch and decisions of fields.
func (s *Handlers) startWith(r *http.Request, job *importJob, fields map[string]string) error {
	b := batchOf(fields)
	decisions, err := parseDecisions(fields["decisions"])
	if err != nil {
		return err
	}
	b.Decisions = decisions
	return s.start(s.Actor(r), job, b)
}

// apiImportStatus is GET /api/v1/contacts/imports/{id}: the upload's dry
// run and, once started, its run.
func (s *Handlers) apiImportStatus(w http.ResponseWriter, r *http.Request) {
	job, err := s.imports.get(chi.URLParam(r, "id"), s.Actor(r).ID)
	if err == nil {
		err = s.recordMatches(r, job)
	}
	if err != nil {
		s.WriteProblem(w, r, err)
		return
	}
	web.WriteJSON(w, http.StatusOK, planJSON(web.LangOf(r.Context()), job))
}

func planJSON(lang i18n.Lang, job *importJob) ImportPlanJSON {
	job.mu.Lock()
	defer job.mu.Unlock()
	p := job.plan
	out := ImportPlanJSON{ID: job.id, ImportID: p.ImportID, Format: string(p.Format), Encoding: p.Encoding,
		Preview: preview(job.table), Rows: []ImportRowJSON{},
		Counts: ImportCountsJSON{Rows: p.Counts.Rows, New: p.Counts.New, Invalid: p.Counts.Invalid, Repeated: p.Counts.Repeated,
			Imported: p.Counts.Imported, Duplicates: p.Counts.Duplicates, Withheld: p.Counts.Withheld}}
	for i, h := range job.table.Header {
		out.Columns = append(out.Columns, ImportColumn{Name: h, Field: string(job.mapping[i])})
	}
	for _, row := range needingALook(p) {
		out.Rows = append(out.Rows, rowJSON(lang, row))
	}
	if job.started {
		st := statusLocked(job)
		out.Run = &st
	}
	return out
}

// needingALook are the plan's rows other than the plainly new, at most
// maxPlanRows.
func needingALook(p contactimport.Plan) []contactimport.PlanRow {
	var out []contactimport.PlanRow
	for _, r := range p.Rows {
		if r.Outcome == contactimport.OutcomeNew {
			continue
		}
		if len(out) == maxPlanRows {
			break
		}
		out = append(out, r)
	}
	return out
}

func rowJSON(lang i18n.Lang, r contactimport.PlanRow) ImportRowJSON {
	j := ImportRowJSON{Line: r.Line, Outcome: string(r.Outcome), Name: r.Name, Decision: string(r.Decision)}
	for _, c := range r.Choices() {
		j.Choices = append(j.Choices, string(c))
	}
	for _, p := range r.Problems {
		j.Problems = append(j.Problems, ImportProblemJSON{Field: p.Field, Code: p.Code, Message: problemText(lang, p)})
	}
	if m := r.Match; m != nil {
		j.Match = &ImportMatchJSON{ContactID: m.ContactID, Name: m.Name, Exact: m.Exact}
	}
	return j
}

// problemText is a row's problem in words: the domain's message for its
// code.
func problemText(lang i18n.Lang, p contactimport.Problem) string {
	if i18n.Has(p.Code) {
		return i18n.T(lang, p.Code)
	}
	return i18n.T(lang, "import.row.invalid")
}

// preview is the first rows of the file, for the mapping to be checked
// against.
func preview(t contactimport.Table) [][]string {
	rows := t.Rows
	if len(rows) > 5 {
		rows = rows[:5]
	}
	out := make([][]string, len(rows))
	copy(out, rows)
	return out
}

func statusJSON(job *importJob) ImportStatusJSON {
	job.mu.Lock()
	defer job.mu.Unlock()
	return statusLocked(job)
}

func statusLocked(job *importJob) ImportStatusJSON {
	st := ImportStatusJSON{ID: job.id, State: "running", Done: job.done, Total: job.total, ImportID: job.plan.ImportID}
	switch {
	case job.finished && job.failed != nil:
		st.State = "failed"
	case job.finished:
		st.State = "done"
	}
	if job.finished {
		st.Created, st.Merged, st.Skipped, st.Invalid = job.result.Created, job.result.Merged, job.result.Skipped, job.result.Invalid
	}
	return st
}
