package casework

import (
	"net/http"

	"github.com/go-chi/chi/v5"

	"github.com/klient-crm/klient/domain/communication"
	"github.com/klient-crm/klient/http/web"
)

// contactCommsPage is the view of one contact's communication log: what
// is filed under them or where they took part, newest first, with the
// form to log another.
type contactCommsPage struct {
	ContactID    string
	Name         string
	Comms        []entryView
	Filter       commFilter
	Kinds        []communication.Kind
	Participants []web.Choice
	Staff        []web.StaffOption
	Form         web.FormState
	Done         string
}

func (s *Handlers) contactCommunications(w http.ResponseWriter, r *http.Request) {
	page := contactCommsPage{}
	switch done := r.URL.Query().Get("done"); done {
	case "logged", "corrected":
		page.Done = matterDone[done]
	}
	s.showContactComms(w, r, http.StatusOK, page)
}

// showContactComms leaves out entries filed under a matter the member may
// not see, or naming a contact they are walled from.
func (s *Handlers) showContactComms(w http.ResponseWriter, r *http.Request, status int, page contactCommsPage) {
	id := chi.URLParam(r, "id")
	c, err := s.ReadContact(r, id) // a restricted person is unknown but to the DPO
	if err != nil {
		s.Fail(w, r, err)
		return
	}
	members, err := s.ActiveStaff(r)
	if err != nil {
		s.Fail(w, r, err)
		return
	}
	page.ContactID, page.Name, page.Kinds = c.ID, c.DisplayName, communication.Kinds()
	page.Filter = filterOf(r.URL.Query())
	entries, err := s.deps.CommunicationLog.ForContact(r.Context(), c.ID, logFilter(r, page.Filter))
	var subjects []string
	if err == nil {
		page.Comms, subjects, err = s.entryViews(r, entries, web.NamesOf(members))
		s.withCorrectLinks(r, page.Comms, "/contacts/"+c.ID+"/communications")
	}
	if err == nil {
		err = s.RecordView(r, append(subjects, c.ID))
	}
	if err != nil {
		s.Fail(w, r, err)
		return
	}
	if page.Form.Values == nil {
		page.Form = withLogDefaults(page.Form, r)
		page.Form.Values.Add("participants", "contact:"+c.ID)
	}
	page.Staff = web.StaffOptions(members, false, page.Form.Get("follow_up_to"))
	page.Participants = participantChoices(page.Form, []web.ContactRef{{ID: c.ID, Name: c.DisplayName}}, s.meOnly(r, page.Staff))
	s.RenderPage(w, r, status, "contact_comms", page)
}

// meOnly is the member as the one staff participant a contact's log
// offers.
func (s *Handlers) meOnly(r *http.Request, staff []web.StaffOption) []web.StaffOption {
	p, _ := web.PrincipalOf(r.Context())
	for _, o := range staff {
		if o.ID == p.StaffID {
			return []web.StaffOption{o}
		}
	}
	return nil
}

// logContactCommunication logs an entry filed under the contact.
func (s *Handlers) logContactCommunication(w http.ResponseWriter, r *http.Request) {
	if !s.ParseForm(w, r) {
		return
	}
	id := chi.URLParam(r, "id")
	res, err := s.deps.Communications.Log.Handle(r.Context(), s.logCommand(r, communication.Links{ContactIDs: []string{id}}))
	if err != nil {
		f, status, ok := s.FailedForm(r, err, "/contacts/"+id+"/communications")
		if !ok {
			s.Fail(w, r, err)
			return
		}
		s.showContactComms(w, r, status, contactCommsPage{Form: f})
		return
	}
	s.Await(r.Context(), communicationsProjector, res.Position)
	http.Redirect(w, r, "/contacts/"+id+"/communications?done=logged", http.StatusSeeOther)
}
