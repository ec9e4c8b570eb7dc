package contacts

import (
	"encoding/json"
	"net/http"

	"github.com/google/uuid"

	contactcmd "github.com/klient-crm/klient/commands/contact"
	"github.com/klient-crm/klient/domain"
	"github.com/klient-crm/klient/domain/contact"
	"github.com/klient-crm/klient/http/web"
)

// createRequest registers a contact. A client that picks ID itself may send
// the same request again after a timeout: it lands on the same contact.
type createRequest struct {
	ID      string          `json:"id,omitempty"`
	Kind    string          `json:"kind"`
	Details json.RawMessage `json:"details"`
}

// apiCreateContact is POST /api/v1/contacts. Nothing is written unless the
// whole body is valid.
func (s *Handlers) apiCreateContact(w http.ResponseWriter, r *http.Request) {
	var req createRequest
	if err := web.DecodeJSON(r, &req); err != nil {
		s.WriteProblem(w, r, err)
		return
	}
	res, err := s.apiRegister(r, req)
	if err != nil {
		s.CommandFailed(w, r, err)
		return
	}
	s.AwaitContacts(r.Context(), res)
	w.Header().Set("Location", "/api/v1/contacts/"+res.ContactID)
	s.writeContact(w, r, http.StatusCreated, res)
}

func (s *Handlers) apiRegister(r *http.Request, req createRequest) (contactcmd.Result, error) {
	if req.ID != "" {
		if _, err := uuid.Parse(req.ID); err != nil {
			return contactcmd.Result{}, domain.Invalid("id", "the id must be a UUID").WithCode("request.id.invalid")
		}
	}
	if len(req.Details) == 0 || string(req.Details) == "null" {
		return contactcmd.Result{}, domain.Invalid("details", "details are required").WithCode("request.field.required")
	}
	ctx, actor := r.Context(), s.Actor(r)
	switch req.Kind {
	case kindPerson:
		var d contact.PersonDetails
		if err := web.DecodeStrict(req.Details, &d, "details"); err != nil {
			return contactcmd.Result{}, err
		}
		return s.deps.Commands.RegisterPerson.Handle(ctx, contactcmd.RegisterPerson{Actor: actor, ContactID: req.ID, Details: d})
	case kindOrganisation:
		var d contact.OrganisationDetails
		if err := web.DecodeStrict(req.Details, &d, "details"); err != nil {
			return contactcmd.Result{}, err
		}
		return s.deps.Commands.RegisterOrganisation.Handle(ctx, contactcmd.RegisterOrganisation{Actor: actor, ContactID: req.ID, Details: d})
	}
	return contactcmd.Result{}, domain.Invalid("kind", "the kind must be person or organisation").WithCode("request.kind.invalid")
}

// apiGetContact is GET /api/v1/contacts/{id}; its ETag is the version a
// PATCH sends back in If-Match.
func (s *Handlers) apiGetContact(w http.ResponseWriter, r *http.Request) {
	c, err := s.viewContact(r)
	if err != nil {
		s.WriteProblem(w, r, err)
		return
	}
	etag := web.VersionETag(c.Version)
	w.Header().Set("ETag", etag)
	if r.Header.Get("If-None-Match") == etag {
		w.WriteHeader(http.StatusNotModified)
		return
	}
	web.WriteJSON(w, http.StatusOK, contactOut(c))
}

// writeContact answers a write with the contact as the read model now shows
// it (a view, so it is logged; the DPO sees a restricted person whole).
// Should the read model not show the write yet, or the view not be logged,
// the answer is 202 with only the ID and version the write made, and where
// to read it: never a contact that looks whole but is not.
func (s *Handlers) writeContact(w http.ResponseWriter, r *http.Request, status int, res contactcmd.Result) {
	w.Header().Set("ETag", web.VersionETag(res.Version))
	c, err := s.ReadContact(r, res.ContactID)
	if err == nil && c.Version >= res.Version {
		err = s.RecordView(r, web.ContactSubjects(c))
	}
	if err != nil || c.Version < res.Version {
		w.Header().Set("Location", "/api/v1/contacts/"+res.ContactID)
		w.Header().Set("Retry-After", "1")
		web.WriteJSON(w, http.StatusAccepted, ContactWrittenJSON{ID: res.ContactID, Version: res.Version})
		return
	}
	web.WriteJSON(w, status, contactOut(c))
}
