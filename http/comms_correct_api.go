package http

import (
	"net/http"

	commcmd "github.com/klient-crm/klient/commands/communication"
	"github.com/klient-crm/klient/http/web"
)

// patchCommunicationRequest corrects an entry's subject line and note:
// fields left out keep their value. The version comes in If-Match or the
// version field.
type patchCommunicationRequest struct {
	Version     *uint64 `json:"version,omitempty"`
	SubjectLine *string `json:"subject_line,omitempty"`
	Body        *string `json:"body,omitempty"`
}

// apiCorrectCommunication is PATCH /api/v1/communications/{id}: only the
// entry's author or a lawyer on its matter may correct it (403); an
// entry the caller may not see is a 404; the first version stays in the
// log.
func (s *server) apiCorrectCommunication(w http.ResponseWriter, r *http.Request) {
	var req patchCommunicationRequest
	if err := web.DecodeJSON(r, &req); err != nil {
		s.WriteProblem(w, r, err)
		return
	}
	e, err := s.correctableEntry(r)
	var version uint64
	if err == nil {
		version, err = web.ExpectedVersion(r.Header.Get("If-Match"), req.Version)
	}
	var res commcmd.CommunicationResult
	if err == nil {
		res, err = s.deps.Casework.Communications.Correct.Handle(r.Context(),
			correction(web.ActorOf(r.Context()), e, version, or(req.SubjectLine, e.SubjectLine), or(req.Body, e.Body)))
	}
	if err != nil {
		s.WriteProblem(w, r, err)
		return
	}
	s.Await(r.Context(), communicationsProjector, res.Position)
	w.Header().Set("ETag", web.VersionETag(res.Version))
	got, err := s.deps.Casework.CommunicationLog.Get(r.Context(), res.CommunicationID)
	if err == nil && got.Version >= res.Version {
		err = s.RecordView(r, []string{got.DataSubject})
	}
	if err != nil || got.Version < res.Version {
		web.WriteJSON(w, http.StatusOK, entryJSON{ID: res.CommunicationID, Version: res.Version, ContactIDs: []string{}})
		return
	}
	web.WriteJSON(w, http.StatusOK, entryOut(got))
}
