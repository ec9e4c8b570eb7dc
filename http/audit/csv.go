package audit

import (
	"bytes"
	"net/http"

	"github.com/klient-crm/klient/projections/audit"
)

// auditCSVMaxRows bounds one export: a bigger one is narrowed by its
// dates. The export says so in its file name rather than being cut
// silently.
const auditCSVMaxRows = 100_000

// exportAuditTrail: GET /audit/trail.csv, the trail search's filters as
// CSV (every matching line, not one page), through projections/audit's
// WriteCSV. It is written to a buffer first, so a failure is a clean
// error and not half a file.
func (s *Handlers) exportAuditTrail(w http.ResponseWriter, r *http.Request) {
	q := auditQueryOf(r.URL.Query())
	q.After = ""
	f, err := q.filter(audit.MaxLimit, principalID(r))
	if err == nil {
		err = s.UnlessRebuilding(r)
	}
	if err != nil {
		s.Fail(w, r, err)
		return
	}
	rows, subjects, complete, err := s.auditAll(r, f)
	var buf bytes.Buffer
	if err == nil {
		err = audit.WriteCSV(&buf, rows)
	}
	if err == nil {
		err = s.recordAudit(r, subjects)
	}
	if err != nil {
		s.Fail(w, r, err)
		return
	}
	name := "audit-trail.csv"
	if !complete {
		name = "audit-trail-first-100000.csv"
	}
	w.Header().Set("Content-Type", "text/csv; charset=utf-8")
	w.Header().Set("Content-Disposition", `attachment; filename="`+name+`"`)
	w.Header().Set("Cache-Control", "no-store")
	_, _ = w.Write(buf.Bytes())
}

// auditAll reads every line of the search, page after page, up to
// auditCSVMaxRows; complete is false when it stopped there.
func (s *Handlers) auditAll(r *http.Request, f audit.Filter) (rows []audit.Row, subjects []string, complete bool, err error) {
	for len(rows) < auditCSVMaxRows {
		found, shown, err := s.auditSearch(r, f)
		if err != nil {
			return nil, nil, false, err
		}
		rows, subjects = append(rows, found.raw...), append(subjects, shown...)
		if found.next.IsZero() {
			return rows, subjects, true, nil
		}
		f.After = found.next
	}
	return rows, subjects, false, nil
}
