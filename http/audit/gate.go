package audit

import (
	"net/http"
	"strings"

	"github.com/klient-crm/klient/domain"
	"github.com/klient-crm/klient/domain/matter"
	"github.com/klient-crm/klient/http/web"
	"github.com/klient-crm/klient/projections/audit"
)

// auditWalls are the records a wall that stands now keeps the principal
// away from. Auditors see every matter (they only read), but a wall beats
// every role, as matterGate says: a walled auditor finds neither the
// walled matter nor a walled contact, nor their lines in the trail.
type auditWalls struct {
	gate web.MatterGate
	// sensitiveHidden: the reader may not read special categories; marked
	// are the log entries marked now among the events shown (special.go).
	sensitiveHidden bool
	marked          map[string]bool
}

func (s *Handlers) auditWalls(r *http.Request) (auditWalls, error) {
	g, err := s.MatterGate(r)
	return auditWalls{gate: g}, err
}

// matter reports a walled matter, or one whose clients (now or at the
// moment shown) include a walled contact.
func (w auditWalls) matter(id string, clients ...[]string) bool {
	if w.gate.WalledMatter(id) {
		return true
	}
	for _, ids := range clients {
		for _, c := range ids {
			if w.contact(c) {
				return true
			}
		}
	}
	return false
}

func (w auditWalls) contact(id string) bool {
	return w.gate.WalledContact(id)
}

// subject reports a data subject behind a wall: a walled contact, or a
// walled matter's subject.
func (w auditWalls) subject(id string) bool {
	if m, ok := strings.CutPrefix(id, matter.Subject("")); ok {
		return w.gate.WalledMatter(m)
	}
	return w.contact(id)
}

// walledRow reports a line of the trail about a walled record: a walled
// contact, or a matter that is walled or whose client is (as the matters
// read model has its clients now), whether the line names the matter or
// its subject. memo keeps each matter's answer for the request.
func (s *Handlers) walledRow(r *http.Request, w auditWalls, row audit.Row, memo map[string]bool) (bool, error) {
	ids := []string{row.MatterID}
	for _, subject := range row.Subjects {
		if w.contact(subject) {
			return true, nil
		}
		if m, ok := strings.CutPrefix(subject, matter.Subject("")); ok {
			ids = append(ids, m)
		}
	}
	for _, id := range ids {
		if walled, err := s.walledMatterNow(r, w, id, memo); walled || err != nil {
			return walled, err
		}
	}
	return false, nil
}

func (s *Handlers) walledMatterNow(r *http.Request, w auditWalls, id string, memo map[string]bool) (bool, error) {
	if id == "" {
		return false, nil
	}
	if walled, ok := memo[id]; ok {
		return walled, nil
	}
	m, err := s.Shared().Matters.Get(r.Context(), id)
	if err != nil && !domain.IsKind(err, domain.KindErased) && !domain.IsKind(err, domain.KindNotFound) {
		return false, err
	}
	memo[id] = w.matter(id, m.ClientIDs)
	return memo[id], nil
}

func (w auditWalls) anySubject(ids []string) bool {
	for _, id := range ids {
		if w.subject(id) {
			return true
		}
	}
	return false
}

// recordAudit logs the view of subjects for the audit: the auditor's own
// purpose when they gave one, else "audit".
func (s *Handlers) recordAudit(r *http.Request, subjects []string) error {
	if web.PurposeOf(r) == "" {
		r = r.Clone(r.Context())
		r.Header.Set(web.PurposeHeader, auditPurpose)
	}
	return s.RecordView(r, subjects)
}

// auditPurpose is the purpose the access log gives an audit view.
const auditPurpose = "audit"
