package casework

import (
	"net/http"
	"net/url"
	"strings"
	"time"

	"github.com/go-chi/chi/v5"
	"github.com/google/uuid"

	commcmd "github.com/klient-crm/klient/commands/communication"
	"github.com/klient-crm/klient/domain/communication"
	"github.com/klient-crm/klient/http/i18n"
	"github.com/klient-crm/klient/http/web"
)

// loadCommunications fills the communications tab: the matter's log,
// newest first, filtered by the URL's kind and dates, and the log form.
func (s *Handlers) loadCommunications(r *http.Request, page *matterPage, names map[string]string) ([]string, error) {
	page.Filter, page.Kinds = filterOf(r.URL.Query()), communication.Kinds()
	entries, err := s.deps.CommunicationLog.ForMatter(r.Context(), page.Matter.ID, logFilter(r, page.Filter))
	if err != nil {
		return nil, err
	}
	views, subjects, err := s.entryViews(r, entries, names)
	if err != nil {
		return nil, err
	}
	s.withCorrectLinks(r, views, "/matters/"+page.Matter.ID+"/communications")
	if err := s.withDeliveries(r, page.Matter.ID, views); err != nil {
		return nil, err
	}
	page.Comms, page.Form = views, withLogDefaults(page.Form, r)
	parties, err := s.partyRefs(r, page.Matter.ID)
	page.Participants = participantChoices(page.Form, parties, s.matterStaff(r, page))
	return append(subjects, web.Shown(parties)...), err
}

// partyRefs names a matter's parties through the walls.
func (s *Handlers) partyRefs(r *http.Request, matterID string) ([]web.ContactRef, error) {
	parties, err := s.deps.MatterReads.Parties(r.Context(), matterID)
	if err != nil {
		return nil, err
	}
	ids := make([]string, len(parties))
	for i, p := range parties {
		ids[i] = p.ContactID
	}
	return s.ContactRefs(r, ids)
}

// matterStaff are the people on the matter, and the member: who can take
// part in its communications.
func (s *Handlers) matterStaff(r *http.Request, page *matterPage) []web.StaffOption {
	p, _ := web.PrincipalOf(r.Context())
	m := page.Matter
	var out []web.StaffOption
	for _, o := range page.Staff {
		if o.ID == p.StaffID || o.ID == m.ResponsibleLawyer || containsString(m.TeamMembers, o.ID) {
			out = append(out, o)
		}
	}
	return out
}

// withLogDefaults fills an empty log form: a fresh entry ID (a resent
// form logs once), now, the member as participant and follow-up owner.
func withLogDefaults(f web.FormState, r *http.Request) web.FormState {
	if f.Values != nil {
		return f
	}
	p, _ := web.PrincipalOf(r.Context())
	f.Values = url.Values{"communication_id": {uuid.Must(uuid.NewV7()).String()},
		"occurred_at":  {time.Now().In(i18n.Stockholm).Format(web.LocalDateTime)},
		"participants": {"staff:" + p.StaffID}, "follow_up_to": {p.StaffID}, "kind": {string(communication.KindPhoneCall)}}
	return f
}

// logMatterCommunication logs an entry filed under the matter.
func (s *Handlers) logMatterCommunication(w http.ResponseWriter, r *http.Request) {
	if !s.ParseForm(w, r) {
		return
	}
	m := web.MatterOf(r)
	res, err := s.deps.Communications.Log.Handle(r.Context(), s.logCommand(r, communication.Links{MatterID: m.ID}))
	if err != nil {
		s.matterFormFailed(w, r, "communications", err)
		return
	}
	s.Await(r.Context(), communicationsProjector, res.Position)
	http.Redirect(w, r, "/matters/"+m.ID+"/communications?done=logged", http.StatusSeeOther)
}

// logCommand reads the log form. Participants are "contact:<id>" or
// "staff:<id>"; a follow-up date asks someone to follow the entry up.
func (s *Handlers) logCommand(r *http.Request, links communication.Links) commcmd.LogCommunication {
	f := r.PostForm
	at, _ := time.ParseInLocation(web.LocalDateTime, strings.TrimSpace(f.Get("occurred_at")), i18n.Stockholm)
	cmd := commcmd.LogCommunication{Actor: s.Actor(r), CommunicationID: f.Get("communication_id"), Links: links,
		Details: communication.Details{Kind: communication.Kind(f.Get("kind")), OccurredAt: at,
			SubjectLine: f.Get("subject"), Body: f.Get("body")}}
	for _, p := range f["participants"] {
		kind, id, _ := strings.Cut(p, ":")
		cmd.Details.Participants = append(cmd.Details.Participants,
			communication.Participant{Kind: communication.ParticipantKind(kind), ID: id})
	}
	if due := strings.TrimSpace(f.Get("follow_up_on")); due != "" {
		cmd.FollowUp = &communication.FollowUp{DueOn: due, AssignedTo: f.Get("follow_up_to")}
	}
	return cmd
}

// matterFormFailed shows tab again with the form as sent and what is
// wrong with it; an error no form can show gets the error page.
func (s *Handlers) matterFormFailed(w http.ResponseWriter, r *http.Request, tab string, err error) {
	reload := "/matters/" + web.MatterOf(r).ID
	if tab != "" {
		reload += "/" + tab
	}
	f, status, ok := s.FailedForm(r, err, reload)
	if !ok {
		s.Fail(w, r, err)
		return
	}
	s.renderMatter(w, r, status, matterPage{Tab: tab, Form: f})
}

// clearFollowUp marks a follow-up done, from the start page.
func (s *Handlers) clearFollowUp(w http.ResponseWriter, r *http.Request) {
	if !s.ParseForm(w, r) {
		return
	}
	id := chi.URLParam(r, "id")
	ok, err := s.canSeeEntry(r, id)
	if err == nil && !ok {
		err = errNoSuchEntry
	}
	var version uint64
	if err == nil {
		version, err = web.VersionOf(r.PostForm)
	}
	var res commcmd.CommunicationResult
	if err == nil {
		res, err = s.deps.Communications.FollowUps.HandleClear(r.Context(), commcmd.ClearFollowUp{
			Actor: s.Actor(r), CommunicationID: id, ExpectedVersion: version})
	}
	if err != nil {
		s.Fail(w, r, err)
		return
	}
	s.Await(r.Context(), communicationsProjector, res.Position)
	http.Redirect(w, r, "/work", http.StatusSeeOther)
}
