package contacts

import (
	"net/http"

	"github.com/go-chi/chi/v5"

	contactcmd "github.com/klient-crm/klient/commands/contact"
	"github.com/klient-crm/klient/domain/contact"
	"github.com/klient-crm/klient/http/web"
)

// The links between contacts through the API: a person's roles at
// organisations (affiliations) and the relations contacts record to others
// of their kind. Each names the contact's version it starts from and
// answers with the contact as the read model then shows it.

// affiliationRequest adds (or ends) a person's role at an organisation.
type affiliationRequest struct {
	Version        *uint64 `json:"version,omitempty"`
	OrganisationID string  `json:"organisation_id"`
	Role           string  `json:"role,omitempty"`
}

// relationshipRequest adds (or ends) a relation to another contact.
type relationshipRequest struct {
	Version *uint64 `json:"version,omitempty"`
	OtherID string  `json:"other_id"`
	Kind    string  `json:"kind"`
}

// linkWrite runs one link command on the contact the route names.
func (s *Handlers) linkWrite(status int, decode func(r *http.Request, id string, version uint64) (contactcmd.Result, error)) http.HandlerFunc {
	return func(w http.ResponseWriter, r *http.Request) {
		res, err := decode(r, chi.URLParam(r, "id"), 0)
		if err != nil {
			s.CommandFailed(w, r, err)
			return
		}
		s.AwaitContacts(r.Context(), res)
		s.writeContact(w, r, status, res)
	}
}

func (s *Handlers) apiAddAffiliation(r *http.Request, id string, _ uint64) (contactcmd.Result, error) {
	var req affiliationRequest
	version, err := decodeVersioned(r, &req, &req.Version)
	if err != nil {
		return contactcmd.Result{}, err
	}
	return s.deps.Commands.Links.AddAffiliation.Handle(r.Context(), contactcmd.AddAffiliation{Actor: s.Actor(r),
		ContactID: id, ExpectedVersion: version, OrganisationID: req.OrganisationID, Role: req.Role})
}

func (s *Handlers) apiEndAffiliation(r *http.Request, id string, _ uint64) (contactcmd.Result, error) {
	var req affiliationRequest
	version, err := decodeVersioned(r, &req, &req.Version)
	if err != nil {
		return contactcmd.Result{}, err
	}
	return s.deps.Commands.Links.EndAffiliation.Handle(r.Context(), contactcmd.EndAffiliation{Actor: s.Actor(r),
		ContactID: id, ExpectedVersion: version, OrganisationID: req.OrganisationID})
}

func (s *Handlers) apiAddRelationship(r *http.Request, id string, _ uint64) (contactcmd.Result, error) {
	var req relationshipRequest
	version, err := decodeVersioned(r, &req, &req.Version)
	if err != nil {
		return contactcmd.Result{}, err
	}
	return s.deps.Commands.Links.Relationships.Add(r.Context(), contactcmd.AddRelationship{Actor: s.Actor(r),
		ContactID: id, ExpectedVersion: version, OtherID: req.OtherID, Kind: contact.RelationKind(req.Kind)})
}

func (s *Handlers) apiEndRelationship(r *http.Request, id string, _ uint64) (contactcmd.Result, error) {
	var req relationshipRequest
	version, err := decodeVersioned(r, &req, &req.Version)
	if err != nil {
		return contactcmd.Result{}, err
	}
	return s.deps.Commands.Links.Relationships.End(r.Context(), contactcmd.EndRelationship{Actor: s.Actor(r),
		ContactID: id, ExpectedVersion: version, OtherID: req.OtherID, Kind: contact.RelationKind(req.Kind)})
}

// decodeVersioned reads the body into req and the version it starts from
// (If-Match or the body's version).
func decodeVersioned(r *http.Request, req any, field **uint64) (uint64, error) {
	if err := web.DecodeJSON(r, req); err != nil {
		return 0, err
	}
	return web.ExpectedVersion(r.Header.Get("If-Match"), *field)
}
