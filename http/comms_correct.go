package http

import (
	"net/http"
	"net/url"

	commcmd "github.com/klient-crm/klient/commands/communication"
	"github.com/klient-crm/klient/commands/journal"
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
func (s *server) correctCommunicationForm(w http.ResponseWriter, r *http.Request) {
	e, err := s.correctableEntry(r)
	if err != nil {
		s.Fail(w, r, err)
		return
	}
	f := url.Values{"subject": {e.SubjectLine}, "body": {e.Body}, "version": {web.Uitoa(e.Version)},
		"return": {web.BackTo(r.URL.Query(), entryHome(e))}}
	s.showCorrection(w, r, http.StatusOK, e, web.FormState{Values: f})
}

func (s *server) showCorrection(w http.ResponseWriter, r *http.Request, status int, e communications.Entry, f web.FormState) {
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
func (s *server) correctCommunication(w http.ResponseWriter, r *http.Request) {
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
		res, err = s.deps.Casework.Communications.Correct.Handle(r.Context(),
			correction(web.ActorOf(r.Context()), e, version, r.PostForm.Get("subject"), r.PostForm.Get("body")))
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
