package casework

import (
	"net/http"
	"net/url"
	"slices"
	"time"

	"github.com/google/uuid"

	mattercmd "github.com/klient-crm/klient/commands/matter"
	"github.com/klient-crm/klient/domain/matter"
	"github.com/klient-crm/klient/http/web"
)

// The notes on a matter's file: their page and their API.

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

// NoteJSON is one note on a matter's file; text is empty once the file's
// key is destroyed.
type NoteJSON struct {
	ID      string    `json:"id"`
	Text    string    `json:"text"`
	Author  string    `json:"author"` // staff ID
	AddedAt time.Time `json:"added_at"`
}

// noteRequest adds a note. A client that picks the ID may resend it
// after a timeout: the note is added once.
type noteRequest struct {
	ID      string  `json:"id,omitempty"`
	Text    string  `json:"text"`
	Version *uint64 `json:"version,omitempty"`
}

// apiAddNote is POST /api/v1/matters/{id}/notes, from the version in
// If-Match or the body; it answers with the matter and its notes.
func (s *Handlers) apiAddNote(w http.ResponseWriter, r *http.Request) {
	var req noteRequest
	if err := web.DecodeJSON(r, &req); err != nil {
		s.WriteProblem(w, r, err)
		return
	}
	version, err := web.ExpectedVersion(r.Header.Get("If-Match"), req.Version)
	var res mattercmd.MatterResult
	if err == nil {
		res, err = s.deps.Matters.Details.HandleNote(r.Context(), mattercmd.AddMatterNote{Actor: s.Actor(r),
			MatterID: web.MatterOf(r).ID, ExpectedVersion: version, NoteID: req.ID, Text: req.Text})
	}
	if err != nil {
		s.WriteProblem(w, r, err)
		return
	}
	s.awaitMatter(r.Context(), res)
	m, err := s.deps.MatterReads.Get(r.Context(), res.MatterID)
	if err != nil || m.Version < res.Version {
		s.writeMatter(w, r, http.StatusCreated, res)
		return
	}
	s.writeMatterWithNotes(w, r, http.StatusCreated, matterOut(m))
}

// writeMatterWithNotes answers with out and the matter's notes, newest
// first, and records that the caller read the file.
func (s *Handlers) writeMatterWithNotes(w http.ResponseWriter, r *http.Request, status int, out MatterJSON) {
	notes, err := s.deps.MatterReads.Notes(r.Context(), out.ID)
	if err == nil {
		err = s.RecordView(r, append([]string{matter.Subject(out.ID)}, out.ClientIDs...))
	}
	if err != nil {
		s.WriteProblem(w, r, err)
		return
	}
	out.Notes = []NoteJSON{}
	for _, n := range slices.Backward(notes) {
		out.Notes = append(out.Notes, NoteJSON{ID: n.NoteID, Text: n.Text, Author: n.Author, AddedAt: n.AddedAt})
	}
	w.Header().Set("ETag", web.VersionETag(out.Version))
	web.WriteJSON(w, status, out)
}

// apiArchiveMatter is POST /api/v1/matters/{id}/archive: only a closed
// matter can be archived; after that nothing on it changes.
func (s *Handlers) apiArchiveMatter(w http.ResponseWriter, r *http.Request) {
	s.apiLifecycle(w, r, MatterLifecycle.HandleArchive)
}
