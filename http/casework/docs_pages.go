package casework

import (
	"errors"
	"io"
	"mime/multipart"
	"net/http"
	"net/url"

	documentcmd "github.com/klient-crm/klient/commands/document"
	"github.com/klient-crm/klient/domain"
	"github.com/klient-crm/klient/http/web"
	"github.com/klient-crm/klient/projections/documents"
	dpomodel "github.com/klient-crm/klient/projections/dpo"
)

// docView is one document of a matter's list.
type docView struct {
	documents.Document
	UploadedByName string
	Special        *dpomodel.SpecialMark // marked as special categories (art. 9, 10); only those who may read it see it
	MayMark        bool
}

// loadDocuments fills the documents tab. Names are the matter's text,
// logged with the matter's subject.
func (s *Handlers) loadDocuments(r *http.Request, page *matterPage, names map[string]string) error {
	docs, err := s.deps.Files.ForMatter(r.Context(), page.Matter.ID)
	if err != nil {
		return err
	}
	docs, marks, err := s.withoutSpecial(r, docs)
	mayMark := maySeeSpecial(r)
	for _, d := range docs {
		v := docView{Document: d, UploadedByName: names[d.UploadedBy], MayMark: mayMark && !d.Erased}
		if m, ok := marks[d.ID]; ok {
			v.Special = &m
		}
		page.Docs = append(page.Docs, v)
	}
	return err
}

// uploadDocument files the uploaded document with the matter. The body is
// read as a stream: the file goes to the blob store as it arrives.
func (s *Handlers) uploadDocument(w http.ResponseWriter, r *http.Request) {
	m := web.MatterOf(r)
	fields, name, content, err := uploadOf(r)
	if err == nil {
		var res documentcmd.DocumentResult
		res, err = s.deps.Documents.Attach.Handle(r.Context(), documentcmd.AttachDocument{
			Actor: s.Actor(r), DocumentID: fields.Get("document_id"), MatterID: m.ID, Name: name, Content: content})
		if err == nil {
			s.Await(r.Context(), documentsProjector, res.Position)
			http.Redirect(w, r, "/matters/"+m.ID+"/documents?done=uploaded", http.StatusSeeOther)
			return
		}
	}
	drain(r)
	r.PostForm = fields
	s.matterFormFailed(w, r, "documents", err)
}

// uploadOf reads a multipart upload up to its part "file": the fields
// before it, the file's name and its content, still unread.
func uploadOf(r *http.Request) (url.Values, string, io.Reader, error) {
	fields := url.Values{}
	mr, err := r.MultipartReader()
	if err != nil {
		return fields, "", nil, web.BadRequest(errors.Join(web.ErrMalformed, err), "file", "request.form.malformed", "send the file as multipart/form-data")
	}
	for {
		part, err := mr.NextPart()
		if errors.Is(err, io.EOF) {
			return fields, "", nil, nil // no file: the command says the file is empty
		}
		if err != nil {
			return fields, "", nil, web.FormError(err)
		}
		if part.FormName() == "file" {
			return fields, part.FileName(), part, nil
		}
		if err := readField(part, fields); err != nil {
			return fields, "", nil, err
		}
	}
}

// readField keeps one small form field of an upload.
func readField(part *multipart.Part, fields url.Values) error {
	b, err := io.ReadAll(io.LimitReader(part, 4<<10))
	if err != nil {
		return web.FormError(err)
	}
	fields.Add(part.FormName(), string(b))
	return nil
}

// drain reads what is left of a refused upload, so that the browser,
// still sending, gets the answer rather than a reset connection. The
// body's limit bounds it.
func drain(r *http.Request) {
	_, _ = io.Copy(io.Discard, r.Body)
}

// errNoSuchDocument is what a document one may not see looks like.
var errNoSuchDocument = domain.NotFound("there is no such document").WithCode("document.not_found")
