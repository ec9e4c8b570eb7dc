package casework

import (
	"net/http"
	"net/url"
	"slices"
	"time"

	"github.com/google/uuid"

	mattercmd "github.com/klient-crm/klient/commands/matter"
	"github.com/klient-crm/klient/http/web"
)

// noteView is one note on the matter's file with its author named.
type noteView struct {
	ID, Text, Author string
	At               time.Time
	Erased           bool
}

// loadNotes fills the notes tab: the file's notes, newest first (the
// read model keeps them oldest first, as they were written), and the
// form for another.
func (s *Handlers) loadNotes(r *http.Request, page *matterPage, names map[string]string) error {
	notes, err := s.deps.MatterReads.Notes(r.Context(), page.Matter.ID)
	if err != nil {
		return err
	}
	for _, n := range slices.Backward(notes) {
		page.Notes = append(page.Notes, noteView{ID: n.NoteID, Text: n.Text, Author: names[n.Author], At: n.AddedAt,
			Erased: page.Matter.Erased})
	}
	if page.Form.Values == nil {
		// A fresh note ID per form: a resent form adds the note once.
		page.Form.Values = url.Values{"note_id": {uuid.Must(uuid.NewV7()).String()}}
	}
	return nil
}

// addMatterNote puts a note on the file from the version the page showed;
// an empty or over-long note is refused and nothing written.
func (s *Handlers) addMatterNote(w http.ResponseWriter, r *http.Request) {
	if !s.ParseForm(w, r) {
		return
	}
	m, f := web.MatterOf(r), r.PostForm
	version, err := web.VersionOf(f)
	var res mattercmd.MatterResult
	if err == nil {
		res, err = s.deps.Matters.Details.HandleNote(r.Context(), mattercmd.AddMatterNote{
			Actor: s.Actor(r), MatterID: m.ID, ExpectedVersion: version, NoteID: f.Get("note_id"), Text: f.Get("text")})
	}
	if err != nil {
		s.matterFormFailed(w, r, "notes", err)
		return
	}
	s.awaitMatter(r.Context(), res)
	http.Redirect(w, r, "/matters/"+m.ID+"/notes?done=noted", http.StatusSeeOther)
}
