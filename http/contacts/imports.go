package contacts

import (
	"context"
	"crypto/rand"
	"encoding/hex"
	"encoding/json"
	"errors"
	"io"
	"log/slog"
	"net/http"
	"strconv"
	"sync"
	"time"

	"github.com/klient-crm/klient/commands/journal"
	"github.com/klient-crm/klient/domain"
	"github.com/klient-crm/klient/domain/gdpr"
	"github.com/klient-crm/klient/http/web"
	"github.com/klient-crm/klient/internal/contactimport"
)

// An import is one uploaded file, kept in this instance's memory from the
// upload to the end of its run (and for uploadLifetime after its last
// use), never on disk or in the database: the file is personal data, and
// what stays of it is what the import wrote. The page keeps coming back to
// the same instance only as far as the load balancer's stickiness goes; a
// finished run is also its line in the audit trail.
type importJob struct {
	mu       sync.Mutex
	id       string // random: the page's and the API's handle
	staffID  string // only its uploader sees it; to anyone else it does not exist
	fileName string
	data     []byte
	table    contactimport.Table
	mapping  contactimport.Mapping
	plan     contactimport.Plan
	used     time.Time
	// The run, once started.
	started, finished bool
	done, total       int
	result            contactimport.Result
	failed            error
}

// importJobs are the imports of this instance.
type importJobs struct {
	mu   sync.Mutex
	jobs map[string]*importJob
}

// uploadLifetime is how long an upload not yet imported is kept.
const uploadLifetime = 30 * time.Minute

// maxJobsPerStaff bounds the files one member holds in memory.
const maxJobsPerStaff = 3

func newImportJobs() *importJobs { return &importJobs{jobs: map[string]*importJob{}} }

// add keeps a new upload, dropping expired ones and the member's oldest
// beyond maxJobsPerStaff that is not running.
func (j *importJobs) add(job *importJob) {
	j.mu.Lock()
	defer j.mu.Unlock()
	now := time.Now()
	var mine []*importJob
	for id, old := range j.jobs {
		old.mu.Lock()
		idle := !old.started || old.finished
		expired := idle && now.Sub(old.used) > uploadLifetime
		if expired {
			delete(j.jobs, id)
		} else if old.staffID == job.staffID && idle {
			mine = append(mine, old)
		}
		old.mu.Unlock()
	}
	for len(mine) >= maxJobsPerStaff {
		oldest := 0
		for i, m := range mine {
			if m.used.Before(mine[oldest].used) {
				oldest = i
			}
		}
		delete(j.jobs, mine[oldest].id)
		mine = append(mine[:oldest], mine[oldest+1:]...)
	}
	job.used = now
	j.jobs[job.id] = job
}

// get finds the member's import id; another's, or an expired one, is
// unknown.
func (j *importJobs) get(id, staffID string) (*importJob, error) {
	j.mu.Lock()
	defer j.mu.Unlock()
	job, ok := j.jobs[id]
	if !ok || job.staffID != staffID {
		return nil, errNoSuchImport
	}
	job.mu.Lock()
	job.used = time.Now()
	job.mu.Unlock()
	return job, nil
}

var errNoSuchImport = domain.NotFound("there is no such import").WithCode("import.not_found")

func newImportID() string {
	b := make([]byte, 16)
	_, _ = rand.Read(b) // crypto/rand does not fail
	return hex.EncodeToString(b)
}

// readImportUpload reads the multipart upload's fields and its part
// "file" (which may come after them). A body announced larger than the
// limit is refused before a byte of it is read.
func (s *Handlers) readImportUpload(r *http.Request) (fields map[string]string, name string, data []byte, err error) {
	if limit := s.UploadLimit(); r.ContentLength > limit {
		return nil, "", nil, &domain.Error{Kind: domain.KindInvalid, Code: "import.file.too_large", Field: "file",
			Message: "the file is larger than an import takes", Err: &http.MaxBytesError{Limit: limit}}
	}
	mr, err := r.MultipartReader()
	if err != nil {
		return nil, "", nil, web.BadRequest(errors.Join(web.ErrMalformed, err), "file", "request.form.malformed", "send the file as multipart/form-data")
	}
	fields = map[string]string{}
	for {
		part, err := mr.NextPart()
		if errors.Is(err, io.EOF) {
			break
		}
		if err != nil {
			return nil, "", nil, web.FormError(err)
		}
		if part.FormName() == "file" {
			name = part.FileName()
			if data, err = io.ReadAll(part); err != nil {
				return nil, "", nil, web.FormError(err)
			}
			continue
		}
		b, err := io.ReadAll(io.LimitReader(part, 64<<10))
		if err != nil {
			return nil, "", nil, web.FormError(err)
		}
		fields[part.FormName()] = string(b)
	}
	if name == "" && len(data) == 0 {
		return nil, "", nil, domain.Invalid("file", "choose a file to import").WithCode("import.file.missing")
	}
	return fields, name, data, nil
}

// newJob reads the upload into a job with the guessed mapping (or the
// one given) and its dry run.
func (s *Handlers) newJob(r *http.Request, name string, data []byte, mapping string) (*importJob, error) {
	t, err := contactimport.Read(data)
	if err != nil {
		return nil, err
	}
	m := t.Guess
	if mapping != "" {
		if m, err = parseMapping(mapping, len(t.Header)); err != nil {
			return nil, err
		}
	}
	job := &importJob{id: newImportID(), staffID: s.Actor(r).ID, fileName: name, data: data, table: t, mapping: m}
	if err := s.dryRun(r, job); err != nil {
		return nil, err
	}
	return job, nil
}

// dryRun plans job under its mapping.
func (s *Handlers) dryRun(r *http.Request, job *importJob) error {
	plan, err := contactimport.DryRun(r.Context(), s.deps.Import.DB, s.Actor(r), job.data, job.table, job.mapping, time.Now())
	if err != nil {
		return err
	}
	job.plan = plan
	return nil
}

// recordMatches puts the existing contacts the plan names (its likely
// duplicates, shown by name) in the access log as seen by the member.
func (s *Handlers) recordMatches(r *http.Request, job *importJob) error {
	job.mu.Lock()
	var ids []string
	for _, row := range job.plan.Rows {
		if row.Match != nil {
			ids = append(ids, row.Match.ContactID)
		}
	}
	job.mu.Unlock()
	return s.RecordView(r, ids)
}

// parseMapping reads a mapping as a JSON array of field names, one per
// column ("" for none).
func parseMapping(raw string, columns int) (contactimport.Mapping, error) {
	var names []string
	bad := domain.Invalid("mapping", "the mapping is one field name per column").WithCode("import.mapping.invalid")
	if err := json.Unmarshal([]byte(raw), &names); err != nil || len(names) != columns {
		return nil, bad
	}
	m := make(contactimport.Mapping, columns)
	for i, n := range names {
		f, ok := contactimport.ParseField(n)
		if !ok {
			return nil, bad
		}
		m[i] = f
	}
	return m, nil
}

// parseDecisions reads decisions as a JSON object of line → decision.
func parseDecisions(raw string) (map[int]contactimport.Decision, error) {
	out := map[int]contactimport.Decision{}
	if raw == "" {
		return out, nil
	}
	var byLine map[string]string
	bad := domain.Invalid("decisions", "decisions are skip, merge or create by line").WithCode("import.decision.invalid")
	if err := json.Unmarshal([]byte(raw), &byLine); err != nil {
		return nil, bad
	}
	for line, d := range byLine {
		n, err := strconv.Atoi(line)
		dec, ok := contactimport.ParseDecision(d)
		if err != nil || !ok {
			return nil, bad
		}
		out[n] = dec
	}
	return out, nil
}

// start checks the batch and runs job's plan in the background: the run
// outlives the request (a page follows its progress). Its context is the
// server's own, not the request's.
func (s *Handlers) start(actor journal.Actor, job *importJob, b contactimport.Batch) error {
	if err := s.deps.Import.CheckBatch(b); err != nil {
		return err
	}
	job.mu.Lock()
	if job.started && !job.finished {
		job.mu.Unlock()
		return domain.Conflict("this file is being imported").WithCode("import.running")
	}
	job.started, job.finished, job.done, job.total, job.failed = true, false, 0, 0, nil
	plan := job.plan
	job.mu.Unlock()
	b.FileName = job.fileName
	go func() {
		res, err := s.deps.Import.Run(context.Background(), actor, plan, b, func(done, total int) {
			job.mu.Lock()
			job.done, job.total = done, total
			job.mu.Unlock()
		})
		if err == nil { // done means the contacts are in the lists
			s.Await(context.Background(), web.ContactsProjector, res.Position)
		} else {
			s.Log().LogAttrs(context.Background(), slog.LevelError, "contact import stopped", slog.String("import", res.ImportID),
				slog.Int("created", res.Created), slog.Any("error", err))
		}
		job.mu.Lock()
		job.result, job.failed, job.finished = res, err, true
		job.data = nil // the file is no longer needed
		job.mu.Unlock()
	}()
	return nil
}

// batchOf reads the batch's lawful basis from fields.
func batchOf(fields map[string]string) contactimport.Batch {
	return contactimport.Batch{Basis: gdpr.Basis(fields["basis"]), Purpose: fields["purpose"], Note: fields["note"]}
}
