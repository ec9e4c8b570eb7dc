package casework

import (
	"net/http"

	mattercmd "github.com/klient-crm/klient/commands/matter"
	"github.com/klient-crm/klient/domain/matter"
	"github.com/klient-crm/klient/http/casework/conflicts"
	"github.com/klient-crm/klient/http/web"
	"github.com/klient-crm/klient/projections/matters"
)

// conflictPage is the view of a conflict check's result and the decision
// form. The fingerprint and version go back with the decision, so what
// is recorded is what the lawyer saw.
type conflictPage struct {
	Matter      matters.Matter
	Fingerprint string
	Version     uint64
	Probes      []conflicts.ProbeView
	Hits        int
	Decisions   []matter.ConflictDecision
	Form        web.FormState
}

// runConflictCheck runs the check over the matter's current parties and
// shows what it found. Nothing is recorded yet.
func (s *Handlers) runConflictCheck(w http.ResponseWriter, r *http.Request) {
	if !s.ParseForm(w, r) {
		return
	}
	s.showConflicts(w, r, http.StatusOK, web.FormState{Values: r.PostForm})
}

// showConflicts runs the check from the version the page carried and
// renders the result with f, the decision form as it stands.
func (s *Handlers) showConflicts(w http.ResponseWriter, r *http.Request, status int, f web.FormState) {
	m := web.MatterOf(r)
	version, err := web.VersionOf(r.PostForm)
	var rep mattercmd.ConflictReport
	if err == nil {
		rep, err = s.deps.Matters.Conflicts.HandleRun(r.Context(), mattercmd.RunConflictCheck{
			Actor: s.Actor(r), MatterID: m.ID, ExpectedVersion: version})
	}
	if err != nil {
		s.matterFormFailed(w, r, "", err)
		return
	}
	probes, subjects, err := s.conflicts.Views(r, rep)
	if err == nil {
		err = s.RecordView(r, append(subjects, matter.Subject(m.ID)))
	}
	if err != nil {
		s.Fail(w, r, err)
		return
	}
	s.RenderPage(w, r, status, "conflict", conflictPage{Matter: m, Fingerprint: rep.Fingerprint,
		Version: rep.MatterVersion, Probes: probes, Hits: len(rep.Hits), Decisions: matter.Decisions, Form: f})
}

// decideConflict records the check with the lawyer's decision. A waiver
// without a reason is shown again with the result; a result that changed
// since it was shown must be reviewed again.
func (s *Handlers) decideConflict(w http.ResponseWriter, r *http.Request) {
	if !s.ParseForm(w, r) {
		return
	}
	m, f := web.MatterOf(r), r.PostForm
	version, err := web.VersionOf(f)
	var res mattercmd.MatterResult
	if err == nil {
		res, err = s.deps.Matters.Conflicts.HandleDecision(r.Context(), mattercmd.RecordConflictDecision{
			Actor: s.Actor(r), MatterID: m.ID, ExpectedVersion: version, Fingerprint: f.Get("fingerprint"),
			Decision: matter.ConflictDecision(f.Get("decision")), Reason: f.Get("reason")})
	}
	if err != nil {
		state, status, ok := s.FailedForm(r, err, "/matters/"+m.ID)
		if !ok || state.Stale {
			s.matterFormFailed(w, r, "", err)
			return
		}
		s.showConflicts(w, r, status, state)
		return
	}
	s.awaitMatter(r.Context(), res)
	http.Redirect(w, r, "/matters/"+m.ID+"?done=decided", http.StatusSeeOther)
}
