package http

import (
	"net/http"
	"net/url"

	mattercmd "github.com/klient-crm/klient/commands/matter"
)

// matterEditPage is the view of the form that changes a matter's title,
// description and practice area.
type matterEditPage struct {
	ID, Number string
	Form       formState
	Areas      []string
}

// editMatter shows the form filled from the read model, with the version
// the change starts from in a hidden field.
func (s *server) editMatter(w http.ResponseWriter, r *http.Request) {
	m := matterOf(r)
	f := url.Values{"title": {m.Title}, "description": {m.Description}, "practice_area": {m.PracticeArea},
		"version": {uitoa(m.Version)}}
	s.showMatterEdit(w, r, http.StatusOK, formState{Values: f})
}

func (s *server) showMatterEdit(w http.ResponseWriter, r *http.Request, status int, f formState) {
	m := matterOf(r)
	page := matterEditPage{ID: m.ID, Number: m.Number, Form: f, Areas: s.deps.Casework.Matters.PracticeAreas()}
	if err := s.recordView(r, []string{"matter-" + m.ID}); err != nil {
		s.fail(w, r, err)
		return
	}
	s.renderPage(w, r, status, "matter_edit", page)
}

// updateMatter saves the form, refusing it when someone else changed the
// matter since the form was opened (its hidden version is stale).
func (s *server) updateMatter(w http.ResponseWriter, r *http.Request) {
	if !s.parseForm(w, r) {
		return
	}
	m, f := matterOf(r), r.PostForm
	version, err := versionOf(f)
	var res mattercmd.MatterResult
	if err == nil {
		res, err = s.deps.Casework.Matters.Details.HandleDetails(r.Context(), mattercmd.ChangeMatterDetails{
			Actor: actorOf(r.Context()), MatterID: m.ID, ExpectedVersion: version,
			Title: f.Get("title"), Description: f.Get("description"), PracticeArea: f.Get("practice_area")})
	}
	if err != nil {
		state, status, ok := s.failedForm(r, err, "/matters/"+m.ID+"/edit")
		if !ok {
			s.fail(w, r, err)
			return
		}
		s.showMatterEdit(w, r, status, state)
		return
	}
	s.awaitMatter(r.Context(), res)
	http.Redirect(w, r, "/matters/"+m.ID+"?done=saved", http.StatusSeeOther)
}
