package casework

import (
	"net/http"
	"net/url"

	mattercmd "github.com/klient-crm/klient/commands/matter"
	"github.com/klient-crm/klient/http/web"
)

// matterEditPage is the view of the form that changes a matter's title,
// description and practice area.
type matterEditPage struct {
	ID, Number string
	Form       web.FormState
	Areas      []string
}

// editMatter shows the form filled from the read model, with the version
// the change starts from in a hidden field.
func (s *Handlers) editMatter(w http.ResponseWriter, r *http.Request) {
	m := web.MatterOf(r)
	f := url.Values{"title": {m.Title}, "description": {m.Description}, "practice_area": {m.PracticeArea},
		"version": {web.Uitoa(m.Version)}}
	s.showMatterEdit(w, r, http.StatusOK, web.FormState{Values: f})
}

func (s *Handlers) showMatterEdit(w http.ResponseWriter, r *http.Request, status int, f web.FormState) {
	m := web.MatterOf(r)
	page := matterEditPage{ID: m.ID, Number: m.Number, Form: f, Areas: s.deps.Matters.PracticeAreas()}
	if err := s.RecordView(r, []string{"matter-" + m.ID}); err != nil {
		s.Fail(w, r, err)
		return
	}
	s.RenderPage(w, r, status, "matter_edit", page)
}

// updateMatter saves the form, refusing it when someone else changed the
// matter since the form was opened (its hidden version is stale).
func (s *Handlers) updateMatter(w http.ResponseWriter, r *http.Request) {
	if !s.ParseForm(w, r) {
		return
	}
	m, f := web.MatterOf(r), r.PostForm
	version, err := web.VersionOf(f)
	var res mattercmd.MatterResult
	if err == nil {
		res, err = s.deps.Matters.Details.HandleDetails(r.Context(), mattercmd.ChangeMatterDetails{
			Actor: s.Actor(r), MatterID: m.ID, ExpectedVersion: version,
			Title: f.Get("title"), Description: f.Get("description"), PracticeArea: f.Get("practice_area")})
	}
	if err != nil {
		state, status, ok := s.FailedForm(r, err, "/matters/"+m.ID+"/edit")
		if !ok {
			s.Fail(w, r, err)
			return
		}
		s.showMatterEdit(w, r, status, state)
		return
	}
	s.awaitMatter(r.Context(), res)
	http.Redirect(w, r, "/matters/"+m.ID+"?done=saved", http.StatusSeeOther)
}
