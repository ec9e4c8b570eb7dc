package casework

import (
	"net/http"
	"net/url"
	"slices"

	"github.com/go-chi/chi/v5"
	commcmd "github.com/klient-crm/klient/commands/communication"
	"github.com/klient-crm/klient/commands/journal"
	"github.com/klient-crm/klient/domain"
	"github.com/klient-crm/klient/domain/access"
	"github.com/klient-crm/klient/http/web"
	"github.com/klient-crm/klient/projections/communications"
)

// commCorrectPage is the form that corrects a log entry's subject line
// and note; its kind, time and participants stay as they are.
type commCorrectPage struct {
	Entry  entryView
	Form   web.FormState
	Return string
}

// correctCommunicationForm serves GET /communications/{id}/edit, filled
// from the read model with the version the correction starts from.
func (s *Handlers) correctCommunicationForm(w http.ResponseWriter, r *http.Request) {
	e, err := s.correctableEntry(r)
	if err != nil {
		s.Fail(w, r, err)
		return
	}
	f := url.Values{"subject": {e.SubjectLine}, "body": {e.Body}, "version": {web.Uitoa(e.Version)},
		"return": {web.BackTo(r.URL.Query(), entryHome(e))}}
	s.showCorrection(w, r, http.StatusOK, e, web.FormState{Values: f})
}

func (s *Handlers) showCorrection(w http.ResponseWriter, r *http.Request, status int, e communications.Entry, f web.FormState) {
	members, err := s.ActiveStaff(r)
	var v entryView
	if err == nil {
		v, _, err = s.entryView(r, e, web.NamesOf(members))
	}
	if err == nil {
		err = s.RecordView(r, append([]string{e.DataSubject}, web.Shown(v.Contacts)...))
	}
	if err != nil {
		s.Fail(w, r, err)
		return
	}
	s.RenderPage(w, r, status, "matter_comm_correct", commCorrectPage{Entry: v, Form: f, Return: web.BackTo(f.Values, entryHome(e))})
}

// correctCommunication saves the corrected subject line and note over
// the entry's other facts, refusing it when someone else changed the
// entry since the form was opened.
func (s *Handlers) correctCommunication(w http.ResponseWriter, r *http.Request) {
	if !s.ParseForm(w, r) {
		return
	}
	e, err := s.correctableEntry(r)
	if err != nil {
		s.Fail(w, r, err)
		return
	}
	version, err := web.VersionOf(r.PostForm)
	var res commcmd.CommunicationResult
	if err == nil {
		res, err = s.deps.Communications.Correct.Handle(r.Context(),
			correction(s.Actor(r), e, version, r.PostForm.Get("subject"), r.PostForm.Get("body")))
	}
	if err != nil {
		f, status, ok := s.FailedForm(r, err, "/communications/"+e.ID+"/edit?return="+url.QueryEscape(web.BackTo(r.PostForm, entryHome(e))))
		if !ok {
			s.Fail(w, r, err)
			return
		}
		s.showCorrection(w, r, status, e, f)
		return
	}
	s.Await(r.Context(), communicationsProjector, res.Position)
	http.Redirect(w, r, web.BackTo(r.PostForm, entryHome(e))+"?done=corrected", http.StatusSeeOther)
}

// correction is the entry's facts with a new subject line and note.
func correction(a journal.Actor, e communications.Entry, version uint64, subject, body string) commcmd.CorrectCommunication {
	cmd := commcmd.CorrectCommunication{Actor: a, CommunicationID: e.ID, ExpectedVersion: version}
	cmd.Details.Kind, cmd.Details.OccurredAt, cmd.Details.Participants = e.Kind, e.OccurredAt, e.Participants
	cmd.Details.SubjectLine, cmd.Details.Body = subject, body
	return cmd
}

// entryHome is the log an entry is shown in: its matter's, else its
// first contact's.
func entryHome(e communications.Entry) string {
	switch {
	case e.MatterID != "":
		return "/matters/" + e.MatterID + "/communications"
	case len(e.ContactIDs) > 0:
		return "/contacts/" + e.ContactIDs[0] + "/communications"
	}
	return "/work"
}

// errNotYourEntry: the log is the firm's record of what was said, so
// only whoever wrote an entry, or a lawyer on its matter, may correct it.
var errNotYourEntry = domain.Forbidden("only whoever logged this entry, or a lawyer on its matter, can correct it").
	WithCode("communication.correct.not_allowed")

// correctableEntry reads the entry the path names as the principal may
// see it (else not found) and says whether they may correct it.
func (s *Handlers) correctableEntry(r *http.Request) (communications.Entry, error) {
	id := chi.URLParam(r, "id")
	ok, err := s.canSeeEntry(r, id)
	if err == nil && !ok {
		err = errNoSuchEntry
	}
	var e communications.Entry
	if err == nil {
		e, err = s.deps.CommunicationLog.Get(r.Context(), id)
	}
	if err == nil && !s.mayCorrect(r, e) {
		err = errNotYourEntry
	}
	// The form and the API's answer show a marked entry's text: opened,
	// as everywhere, with a purpose. The form's own post only writes.
	if err == nil && e.Special && r.Method != http.MethodPost && web.PurposeOf(r) == "" {
		err = errEntryPurposeRequired
	}
	if err == nil {
		err = s.refuseArchived(r, e.MatterID)
	}
	return e, err
}

// mayCorrect: the entry's author, or a lawyer responsible for or on the
// team of the matter the entry is filed under.
func (s *Handlers) mayCorrect(r *http.Request, e communications.Entry) bool {
	p, _ := web.PrincipalOf(r.Context())
	if e.LoggedBy == p.StaffID {
		return true
	}
	if e.MatterID == "" || !slices.Contains(p.Roles, access.RoleLawyer) {
		return false
	}
	m, err := s.VisibleMatter(r, e.MatterID)
	return err == nil && (m.ResponsibleLawyer == p.StaffID || slices.Contains(m.TeamMembers, p.StaffID))
}

// withCorrectLinks gives every entry the member may correct the address
// of its correction form, which comes back to back.
func (s *Handlers) withCorrectLinks(r *http.Request, views []entryView, back string) {
	p, _ := web.PrincipalOf(r.Context())
	if !p.Can(access.CommunicationLog) {
		return
	}
	for i, v := range views {
		if !v.Erased && !v.Deleted && s.mayCorrect(r, v.Entry) && s.refuseArchived(r, v.MatterID) == nil {
			views[i].CorrectHref = "/communications/" + v.ID + "/edit?return=" + url.QueryEscape(back)
		}
	}
}
