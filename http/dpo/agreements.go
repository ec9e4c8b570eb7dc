package dpo

import (
	"context"
	"io"
	"net/http"
	"time"

	"github.com/go-chi/chi/v5"

	dpocmd "github.com/klient-crm/klient/commands/dpo"
	"github.com/klient-crm/klient/domain"
	domaindpo "github.com/klient-crm/klient/domain/dpo"
	"github.com/klient-crm/klient/http/web"
	dpomodel "github.com/klient-crm/klient/projections/dpo"
)

// A processor's signed agreement (art. 28.3, 28.9): the DPO uploads the
// PDF on the processor's page or through the API; its bytes are kept in
// the documents' encrypted store under the processor's key, and each
// upload is a line of the processor's history with a link to download
// it. Only the DPO downloads it (access.GDPRManage): auditors see that it
// is there, when and by whom it was uploaded.

// AgreementFiles opens a stored agreement's bytes (projections/documents'
// Store): a document sealed for another subject is not found.
type AgreementFiles interface {
	Open(ctx context.Context, docID, subject string) (io.ReadCloser, error)
}

// processorHistoryLine is one line of a processor's history as the page
// shows it.
type processorHistoryLine struct {
	dpomodel.ProcessorEvent
	ByName string
}

// processorHistory names who made each change of processor id.
func (s *Handlers) processorHistory(r *http.Request, id string) ([]processorHistoryLine, error) {
	events, err := s.deps.Register.ProcessorHistory(r.Context(), id)
	if err != nil {
		return nil, err
	}
	names, err := s.StaffNames(r)
	if err != nil {
		return nil, err
	}
	out := make([]processorHistoryLine, len(events))
	for i, e := range events {
		out[i] = processorHistoryLine{ProcessorEvent: e, ByName: nameOf(names, e.By)}
	}
	return out, nil
}

func (s *Handlers) attachAgreement(r *http.Request, processorID string) (dpocmd.AgreementResult, error) {
	fields, name, content, err := web.StreamedUpload(r)
	if err != nil {
		return dpocmd.AgreementResult{}, err
	}
	return s.deps.AttachAgreement.Handle(r.Context(), dpocmd.AttachProcessorAgreement{Actor: s.Actor(r), ProcessorID: processorID,
		DocumentID: fields.Get("document_id"), Name: name, Content: content})
}

// uploadAgreementPage takes the page's upload form; a refused file comes
// back as the processor's page with the message by the file field.
func (s *Handlers) uploadAgreementPage(w http.ResponseWriter, r *http.Request) {
	id := chi.URLParam(r, "id")
	res, err := s.attachAgreement(r, id)
	if err != nil {
		web.DrainUpload(r)
		form, status, ok := s.FailedForm(r, err, "/registers/processors/"+id)
		if !ok || domain.KindOf(err) == domain.KindNotFound {
			s.Fail(w, r, err)
			return
		}
		s.renderProcessor(w, r, status, processorPage{Upload: form})
		return
	}
	s.Await(r.Context(), breachProjector, res.Position)
	http.Redirect(w, r, "/registers/processors/"+res.ProcessorID+"?done=agreement#processor-history", http.StatusSeeOther)
}

// downloadAgreement sends one signed agreement of the processor; one of
// another processor, or none, is the same 404.
func (s *Handlers) downloadAgreement(w http.ResponseWriter, r *http.Request) {
	id, docID := chi.URLParam(r, "id"), chi.URLParam(r, "doc")
	a, err := s.deps.Register.ProcessorAgreement(r.Context(), id, docID)
	var body io.ReadCloser
	if err == nil {
		body, err = s.deps.Agreements.Open(r.Context(), a.DocumentID, dpocmd.AgreementSubject(id))
	}
	if err != nil {
		s.Fail(w, r, err)
		return
	}
	defer body.Close()
	s.SendFile(w, r, web.StoredFile{Name: a.Name, ContentType: domaindpo.AgreementContentType, Size: a.Size}, body)
}

// AgreementJSON is a signed agreement as the API lists it.
type AgreementJSON struct {
	DocumentID string    `json:"document_id"`
	Name       string    `json:"name"`
	Size       int64     `json:"size"`
	UploadedAt time.Time `json:"uploaded_at"`
	UploadedBy string    `json:"uploaded_by"` // staff ID
	Download   string    `json:"download"`    // the API's path of its bytes
}

func agreementOut(processorID string, e dpomodel.ProcessorEvent) AgreementJSON {
	return AgreementJSON{DocumentID: e.DocumentID, Name: e.Name, Size: e.Size, UploadedAt: e.At, UploadedBy: e.By,
		Download: "/api/v1/processors/" + processorID + "/agreements/" + e.DocumentID}
}

// apiListAgreements lists a processor's signed agreements, the latest
// first; an unknown processor is 404.
func (s *Handlers) apiListAgreements(w http.ResponseWriter, r *http.Request) {
	id := chi.URLParam(r, "id")
	p, err := s.deps.Register.Processor(r.Context(), id)
	var events []dpomodel.ProcessorEvent
	if err == nil {
		events, err = s.deps.Register.ProcessorHistory(r.Context(), p.ProcessorID)
	}
	if err != nil {
		s.WriteProblem(w, r, err)
		return
	}
	items := []AgreementJSON{}
	for _, e := range events {
		if e.Kind == "agreement" {
			items = append(items, agreementOut(p.ProcessorID, e))
		}
	}
	web.WriteJSON(w, http.StatusOK, web.PageJSON(items, ""))
}

// apiUploadAgreement is POST /api/v1/processors/{id}/agreements, a
// multipart/form-data body with the part "file" (and optionally
// "document_id" before it, for safe resending).
func (s *Handlers) apiUploadAgreement(w http.ResponseWriter, r *http.Request) {
	id := chi.URLParam(r, "id")
	res, err := s.attachAgreement(r, id)
	var saved dpomodel.ProcessorEvent
	if err == nil {
		s.Await(r.Context(), breachProjector, res.Position)
		saved, err = s.deps.Register.ProcessorAgreement(r.Context(), res.ProcessorID, res.DocumentID)
	}
	if err != nil {
		web.DrainUpload(r)
		s.WriteProblem(w, r, err)
		return
	}
	out := agreementOut(res.ProcessorID, saved)
	w.Header().Set("Location", out.Download)
	w.Header().Set("ETag", web.VersionETag(res.Version))
	web.WriteJSON(w, http.StatusCreated, out)
}
