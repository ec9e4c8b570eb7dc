package casework

import (
	"io"
	"log/slog"
	"mime"
	"net/http"
	"strconv"

	"github.com/go-chi/chi/v5"

	"github.com/klient-crm/klient/domain"
	"github.com/klient-crm/klient/http/web"
	"github.com/klient-crm/klient/projections/accesslog"
	"github.com/klient-crm/klient/projections/documents"
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
	h := w.Header()
	h.Set("Content-Type", doc.ContentType)
	h.Set("Content-Disposition", mime.FormatMediaType("attachment", map[string]string{"filename": doc.Name}))
	h.Set("Content-Length", strconv.FormatInt(doc.Size, 10))
	h.Set("X-Content-Type-Options", "nosniff")
	w.WriteHeader(http.StatusOK)
	if _, err := io.Copy(w, body); err != nil {
		s.Log().LogAttrs(r.Context(), slog.LevelWarn, "download broke off", slog.String("error", domain.Loggable(err)),
			slog.String("correlation_id", web.CorrelationID(r.Context())))
	}
}

func (s *Handlers) recordDownload(r *http.Request, doc documents.Document) error {
	p, _ := web.PrincipalOf(r.Context())
	err := s.deps.Files.RecordDownload(r.Context(), documents.Download{DocumentID: doc.ID,
		StaffID: p.StaffID, CorrelationID: web.CorrelationID(r.Context())})
	if err != nil {
		return err
	}
	return s.RecordAccess(r, p.StaffID, p.Action, accesslog.ViaDownload, []string{doc.DataSubject})
}

// visibleDocument reads a document the principal may see: filed under a
// matter they see, or under a log entry they see. Anything else is the
// same 404 as an unknown ID.
func (s *Handlers) visibleDocument(r *http.Request, id string) (documents.Document, error) {
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
		return documents.Document{}, errNoSuchDocument
	}
	if _, marked, merr := s.specialOf(r, doc.ID); merr != nil || (marked && !maySeeSpecial(r)) {
		if merr != nil {
			return documents.Document{}, merr
		}
		p, _ := web.PrincipalOf(r.Context())
		s.Refused(r, p.StaffID, "special_category")
		return documents.Document{}, errNoSuchDocument
	}
	return doc, err
}

func (s *Handlers) documentVisible(r *http.Request, doc documents.Document) (bool, error) {
	if doc.MatterID != "" {
		return s.CanSeeMatter(r, doc.MatterID)
	}
	if doc.CommunicationID == "" {
		return false, nil
	}
	return s.canSeeEntry(r, doc.CommunicationID)
}

// canSeeEntry: a log entry is visible when its matter is, and when no
// contact it names is walled off.
func (s *Handlers) canSeeEntry(r *http.Request, id string) (bool, error) {
	e, err := s.deps.CommunicationLog.Get(r.Context(), id)
	switch {
	case domain.IsKind(err, domain.KindNotFound):
		return false, nil
	case err != nil && !domain.IsKind(err, domain.KindErased):
		return false, err
	}
	if e.MatterID != "" {
		if ok, err := s.CanSeeMatter(r, e.MatterID); err != nil || !ok {
			return false, err
		}
	}
	if hiddenEntry(r, e) {
		p, _ := web.PrincipalOf(r.Context())
		s.Refused(r, p.StaffID, "special_category")
		return false, nil
	}
	h, err := s.Hidden(r)
	for _, c := range e.ContactIDs {
		if h.Has(c) {
			return false, err
		}
	}
	return err == nil, err
}
