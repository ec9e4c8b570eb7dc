package documents

import (
	"net/http"

	"github.com/go-chi/chi/v5"

	"github.com/klient-crm/klient/domain"
	"github.com/klient-crm/klient/http/web"
	"github.com/klient-crm/klient/projections/accesslog"
	docmodel "github.com/klient-crm/klient/projections/documents"
)

// downloadDocument sends a document's bytes to a member who may see what
// it is filed under, as an attachment of its sniffed type with nosniff,
// so a browser never renders it in Klient's origin. The download and the
// view are recorded before the first byte goes out.
func (s *Handlers) downloadDocument(w http.ResponseWriter, r *http.Request) {
	doc, err := s.visibleDocument(r, chi.URLParam(r, "id"))
	if err == nil {
		err = s.purposeGiven(r, doc.ID)
	}
	if err != nil {
		s.Fail(w, r, err)
		return
	}
	body, err := s.deps.Files.Open(r.Context(), doc.ID, doc.DataSubject)
	if err != nil {
		s.Fail(w, r, err)
		return
	}
	defer body.Close()
	if err := s.recordDownload(r, doc); err != nil {
		s.Fail(w, r, err)
		return
	}
	s.SendFile(w, r, web.StoredFile{Name: doc.Name, ContentType: doc.ContentType, Size: doc.Size}, body)
}

func (s *Handlers) recordDownload(r *http.Request, doc docmodel.Document) error {
	p, _ := web.PrincipalOf(r.Context())
	err := s.deps.Files.RecordDownload(r.Context(), docmodel.Download{DocumentID: doc.ID,
		StaffID: p.StaffID, CorrelationID: web.CorrelationID(r.Context())})
	if err != nil {
		return err
	}
	return s.RecordAccess(r, p.StaffID, p.Action, accesslog.ViaDownload, []string{doc.DataSubject})
}

// visibleDocument reads a document the principal may see: filed under a
// matter they see, or under a log entry they see. Anything else is the
// same 404 as an unknown ID.
func (s *Handlers) visibleDocument(r *http.Request, id string) (docmodel.Document, error) {
	doc, err := s.deps.Files.Get(r.Context(), id)
	if err != nil && !domain.IsKind(err, domain.KindErased) {
		if domain.IsKind(err, domain.KindNotFound) || domain.IsKind(err, domain.KindInvalid) {
			err = errNoSuchDocument
		}
		return doc, err
	}
	ok, verr := s.documentVisible(r, doc)
	if verr != nil {
		return doc, verr
	}
	if !ok {
		return docmodel.Document{}, errNoSuchDocument
	}
	if _, marked, merr := s.specialOf(r, doc.ID); merr != nil || (marked && !MaySeeSpecial(r)) {
		if merr != nil {
			return docmodel.Document{}, merr
		}
		p, _ := web.PrincipalOf(r.Context())
		s.Refused(r, p.StaffID, "special_category")
		return docmodel.Document{}, errNoSuchDocument
	}
	return doc, err
}

func (s *Handlers) documentVisible(r *http.Request, doc docmodel.Document) (bool, error) {
	if doc.MatterID != "" {
		return s.CanSeeMatter(r, doc.MatterID)
	}
	if doc.CommunicationID == "" {
		return false, nil
	}
	return s.deps.EntryVisible(r, doc.CommunicationID)
}
