package documents

import (
	"net/http"

	documentcmd "github.com/klient-crm/klient/commands/document"
	"github.com/klient-crm/klient/http/web"
	docmodel "github.com/klient-crm/klient/projections/documents"
	dpomodel "github.com/klient-crm/klient/projections/dpo"
)

// DocView is one document of a matter's list.
type DocView struct {
	docmodel.Document
	UploadedByName string
	Special        *dpomodel.SpecialMark // marked as special categories (art. 9, 10); only those who may read it see it
	MayMark        bool
}

// ForMatter is the matter's documents tab: those the principal may see,
// with who uploaded each by names (the matter's text, logged with the
// matter's subject).
func (s *Handlers) ForMatter(r *http.Request, matterID string, names map[string]string) ([]DocView, error) {
	docs, err := s.deps.Files.ForMatter(r.Context(), matterID)
	if err != nil {
		return nil, err
	}
	docs, marks, err := s.withoutSpecial(r, docs)
	mayMark := MaySeeSpecial(r)
	var out []DocView
	for _, d := range docs {
		v := DocView{Document: d, UploadedByName: names[d.UploadedBy], MayMark: mayMark && !d.Erased}
		if m, ok := marks[d.ID]; ok {
			v.Special = &m
		}
		out = append(out, v)
	}
	return out, err
}

// uploadDocument files the uploaded document with the matter. The body is
// read as a stream: the file goes to the blob store as it arrives.
func (s *Handlers) uploadDocument(w http.ResponseWriter, r *http.Request) {
	m := web.MatterOf(r)
	fields, name, content, err := web.StreamedUpload(r)
	if err == nil {
		var res documentcmd.DocumentResult
		res, err = s.deps.Attach.Handle(r.Context(), documentcmd.AttachDocument{
			Actor: s.Actor(r), DocumentID: fields.Get("document_id"), MatterID: m.ID, Name: name, Content: content})
		if err == nil {
			s.Await(r.Context(), documentsProjector, res.Position)
			http.Redirect(w, r, "/matters/"+m.ID+"/documents?done=uploaded", http.StatusSeeOther)
			return
		}
	}
	web.DrainUpload(r)
	r.PostForm = fields
	s.deps.MatterFormFailed(w, r, "documents", err)
}

// apiUploadDocument is POST /api/v1/documents: multipart/form-data with
// matter_id or communication_id, then the part "file". It answers 201
// with the stored document's ID, size and sniffed type.
func (s *Handlers) apiUploadDocument(w http.ResponseWriter, r *http.Request) {
	fields, name, content, err := web.StreamedUpload(r)
	if err == nil {
		err = s.deps.UploadTarget(r, fields.Get("matter_id"), fields.Get("communication_id"))
	}
	var res documentcmd.DocumentResult
	if err == nil {
		res, err = s.deps.Attach.Handle(r.Context(), documentcmd.AttachDocument{Actor: s.Actor(r),
			DocumentID: fields.Get("id"), MatterID: fields.Get("matter_id"), CommunicationID: fields.Get("communication_id"),
			Name: name, Content: content})
	}
	if err != nil {
		web.DrainUpload(r)
		s.WriteProblem(w, r, err)
		return
	}
	s.Await(r.Context(), documentsProjector, res.Position)
	w.Header().Set("Location", "/api/v1/documents/"+res.DocumentID)
	web.WriteJSON(w, http.StatusCreated, map[string]any{"id": res.DocumentID, "version": res.Version,
		"size": res.Size, "content_type": res.ContentType})
}
