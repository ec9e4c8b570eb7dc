package casework

import (
	"net/http"
	"slices"
	"time"

	mattercmd "github.com/klient-crm/klient/commands/matter"
	"github.com/klient-crm/klient/domain/matter"
	"github.com/klient-crm/klient/http/web"
)

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
