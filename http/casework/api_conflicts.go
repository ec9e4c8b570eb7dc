package casework

import (
	"net/http"

	"github.com/klient-crm/klient/commands/journal"
	mattercmd "github.com/klient-crm/klient/commands/matter"
	"github.com/klient-crm/klient/domain/matter"
	"github.com/klient-crm/klient/http/casework/conflicts"
	"github.com/klient-crm/klient/http/web"
)

// apiRunConflictCheck is POST /api/v1/matters/{id}/conflict-checks: it
// runs the check over the matter's current parties and answers with what
// it found, as the caller may see it. Nothing is recorded.
func (s *Handlers) apiRunConflictCheck(w http.ResponseWriter, r *http.Request) {
	var req struct {
		Version *uint64 `json:"version,omitempty"`
	}
	if r.ContentLength != 0 {
		if err := web.DecodeJSON(r, &req); err != nil {
			s.WriteProblem(w, r, err)
			return
		}
	}
	m := web.MatterOf(r)
	version, err := web.ExpectedVersion(r.Header.Get("If-Match"), req.Version)
	var rep mattercmd.ConflictReport
	if err == nil {
		rep, err = s.deps.Matters.Conflicts.HandleRun(r.Context(), mattercmd.RunConflictCheck{
			Actor: s.Actor(r), MatterID: m.ID, ExpectedVersion: version})
	}
	var probes []conflicts.ProbeView
	var subjects []string
	if err == nil {
		probes, subjects, err = s.conflicts.Views(r, rep)
	}
	if err == nil {
		err = s.RecordView(r, append(subjects, matter.Subject(m.ID)))
	}
	if err != nil {
		s.WriteProblem(w, r, err)
		return
	}
	web.WriteJSON(w, http.StatusOK, conflictOut(rep, probes))
}

func conflictOut(rep mattercmd.ConflictReport, probes []conflicts.ProbeView) ConflictJSON {
	out := ConflictJSON{MatterID: rep.MatterID, Version: rep.MatterVersion, Fingerprint: rep.Fingerprint,
		Hits: len(rep.Hits), Parties: []ProbeJSON{}}
	for _, p := range probes {
		out.Parties = append(out.Parties, ProbeJSON{ContactID: p.Contact.ID, Role: p.Role, Hits: conflicts.HitsJSON(p.Hits)})
	}
	return out
}

// decisionRequest records a decision on the check whose fingerprint the
// caller reviewed.
type decisionRequest struct {
	Version     *uint64                 `json:"version,omitempty"`
	Fingerprint string                  `json:"fingerprint"`
	Decision    matter.ConflictDecision `json:"decision"`
	Reason      string                  `json:"reason,omitempty"`
}

// apiDecideConflict is POST /api/v1/matters/{id}/conflict-checks/decision.
func (s *Handlers) apiDecideConflict(w http.ResponseWriter, r *http.Request) {
	var req decisionRequest
	if err := web.DecodeJSON(r, &req); err != nil {
		s.WriteProblem(w, r, err)
		return
	}
	s.apiChangeMatter(w, r, req.Version, http.StatusCreated, func(a journal.Actor, id string, v uint64) (mattercmd.MatterResult, error) {
		return s.deps.Matters.Conflicts.HandleDecision(r.Context(), mattercmd.RecordConflictDecision{Actor: a,
			MatterID: id, ExpectedVersion: v, Fingerprint: req.Fingerprint, Decision: req.Decision, Reason: req.Reason})
	})
}
