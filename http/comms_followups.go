package http

import (
	"net/http"

	"github.com/go-chi/chi/v5"

	commcmd "github.com/klient-crm/klient/commands/communication"
)

// clearFollowUp marks a follow-up done, from the start page.
func (s *server) clearFollowUp(w http.ResponseWriter, r *http.Request) {
	if !s.parseForm(w, r) {
		return
	}
	id := chi.URLParam(r, "id")
	ok, err := s.canSeeEntry(r, id)
	if err == nil && !ok {
		err = errNoSuchEntry
	}
	var version uint64
	if err == nil {
		version, err = versionOf(r.PostForm)
	}
	var res commcmd.CommunicationResult
	if err == nil {
		res, err = s.deps.Casework.Communications.FollowUps.HandleClear(r.Context(), commcmd.ClearFollowUp{
			Actor: actorOf(r.Context()), CommunicationID: id, ExpectedVersion: version})
	}
	if err != nil {
		s.fail(w, r, err)
		return
	}
	s.await(r.Context(), communicationsProjector, res.Position)
	http.Redirect(w, r, "/work", http.StatusSeeOther)
}
