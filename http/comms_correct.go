package http

import (
	"net/http"
	"net/url"
	"slices"

	"github.com/go-chi/chi/v5"

	"github.com/klient-crm/klient/commands"
	"github.com/klient-crm/klient/domain"
	"github.com/klient-crm/klient/domain/access"
	"github.com/klient-crm/klient/projections/communications"
)

// commCorrectPage is the form that corrects a log entry's subject line
// and note; its kind, time and participants stay as they are.
type commCorrectPage struct {
	Entry  entryView
	Form   formState
	Return string
}

// errNotYourEntry: the log is the firm's record of what was said, so
// only whoever wrote an entry, or a lawyer on its matter, may correct it.
var errNotYourEntry = domain.Forbidden("only whoever logged this entry, or a lawyer on its matter, can correct it").
	WithCode("communication.correct.not_allowed")

// correctableEntry reads the entry the path names as the principal may
// see it (else not found) and says whether they may correct it.
func (s *server) correctableEntry(r *http.Request) (communications.Entry, error) {
	id := chi.URLParam(r, "id")
	ok, err := s.canSeeEntry(r, id)
	if err == nil && !ok {
		err = errNoSuchEntry
	}
	var e communications.Entry
	if err == nil {
		e, err = s.deps.Casework.CommunicationLog.Get(r.Context(), id)
	}
	if err == nil && !s.mayCorrect(r, e) {
		err = errNotYourEntry
	}
	return e, err
}

// mayCorrect: the entry's author, or a lawyer responsible for or on the
// team of the matter the entry is filed under.
func (s *server) mayCorrect(r *http.Request, e communications.Entry) bool {
	p, _ := principalOf(r.Context())
	if e.LoggedBy == p.StaffID {
		return true
	}
	if e.MatterID == "" || !slices.Contains(p.Roles, access.RoleLawyer) {
		return false
	}
	m, err := s.visibleMatter(r, e.MatterID)
	return err == nil && (m.ResponsibleLawyer == p.StaffID || slices.Contains(m.TeamMembers, p.StaffID))
}

// correctCommunicationForm serves GET /communications/{id}/edit, filled
// from the read model with the version the correction starts from.
func (s *server) correctCommunicationForm(w http.ResponseWriter, r *http.Request) {
	e, err := s.correctableEntry(r)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	f := url.Values{"subject": {e.SubjectLine}, "body": {e.Body}, "version": {uitoa(e.Version)},
		"return": {backTo(r.URL.Query(), entryHome(e))}}
	s.showCorrection(w, r, http.StatusOK, e, formState{Values: f})
}

func (s *server) showCorrection(w http.ResponseWriter, r *http.Request, status int, e communications.Entry, f formState) {
	members, err := s.activeStaff(r)
	var v entryView
	if err == nil {
		v, _, err = s.entryView(r, e, namesOf(members))
	}
	if err == nil {
		err = s.recordView(r, append([]string{e.DataSubject}, shown(v.Contacts)...))
	}
	if err != nil {
		s.fail(w, r, err)
		return
	}
	s.renderPage(w, r, status, "matter_comm_correct", commCorrectPage{Entry: v, Form: f, Return: backTo(f.Values, entryHome(e))})
}

// correctCommunication saves the corrected subject line and note over
// the entry's other facts, refusing it when someone else changed the
// entry since the form was opened.
func (s *server) correctCommunication(w http.ResponseWriter, r *http.Request) {
	if !s.parseForm(w, r) {
		return
	}
	e, err := s.correctableEntry(r)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	version, err := versionOf(r.PostForm)
	var res commands.CommunicationResult
	if err == nil {
		res, err = s.deps.Casework.Communications.Correct.Handle(r.Context(),
			correction(actorOf(r.Context()), e, version, r.PostForm.Get("subject"), r.PostForm.Get("body")))
	}
	if err != nil {
		f, status, ok := s.failedForm(r, err, "/communications/"+e.ID+"/edit?return="+url.QueryEscape(backTo(r.PostForm, entryHome(e))))
		if !ok {
			s.fail(w, r, err)
			return
		}
		s.showCorrection(w, r, status, e, f)
		return
	}
	s.await(r.Context(), communicationsProjector, res.Position)
	http.Redirect(w, r, backTo(r.PostForm, entryHome(e))+"?done=corrected", http.StatusSeeOther)
}

// correction is the entry's facts with a new subject line and note.
func correction(a commands.Actor, e communications.Entry, version uint64, subject, body string) commands.CorrectCommunication {
	cmd := commands.CorrectCommunication{Actor: a, CommunicationID: e.ID, ExpectedVersion: version}
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

// withCorrectLinks gives every entry the member may correct the address
// of its correction form, which comes back to back.
func (s *server) withCorrectLinks(r *http.Request, views []entryView, back string) {
	p, _ := principalOf(r.Context())
	if !p.can(access.CommunicationLog) {
		return
	}
	for i, v := range views {
		if !v.Erased && !v.Deleted && s.mayCorrect(r, v.Entry) {
			views[i].CorrectHref = "/communications/" + v.ID + "/edit?return=" + url.QueryEscape(back)
		}
	}
}
