package http

import (
	"net/http"

	"github.com/go-chi/chi/v5"

	commcmd "github.com/klient-crm/klient/commands/communication"
	"github.com/klient-crm/klient/http/web"
)

// clearFollowUp marks a follow-up done, from the start page.
func (s *server) clearFollowUp(w http.ResponseWriter, r *http.Request) {
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
		res, err = s.deps.Casework.Communications.FollowUps.HandleClear(r.Context(), commcmd.ClearFollowUp{
			Actor: web.ActorOf(r.Context()), CommunicationID: id, ExpectedVersion: version})
	}
	if err != nil {
		s.Fail(w, r, err)
		return
	}
	s.Await(r.Context(), communicationsProjector, res.Position)
	http.Redirect(w, r, "/work", http.StatusSeeOther)
}
