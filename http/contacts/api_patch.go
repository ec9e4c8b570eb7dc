package contacts

import (
	"encoding/json"
	"net/http"

	"github.com/go-chi/chi/v5"

	contactcmd "github.com/klient-crm/klient/commands/contact"
	"github.com/klient-crm/klient/domain"
	"github.com/klient-crm/klient/domain/contact"
	"github.com/klient-crm/klient/http/web"
	"github.com/klient-crm/klient/projections/contacts"
)

// patchRequest changes a contact's details with a JSON merge patch (RFC
// 7396): fields given replace the current ones, null removes, lists are
// replaced whole.
type patchRequest struct {
	Version *uint64         `json:"version,omitempty"`
	Details json.RawMessage `json:"details"`
}

// apiPatchContact is PATCH /api/v1/contacts/{id}. The expected version comes
// from If-Match or the version field; a stale one is a 409 and nothing is
// written.
func (s *Handlers) apiPatchContact(w http.ResponseWriter, r *http.Request) {
	var req patchRequest
	if err := web.DecodeJSON(r, &req); err != nil {
		s.WriteProblem(w, r, err)
		return
	}
	version, err := web.ExpectedVersion(r.Header.Get("If-Match"), req.Version)
	if err != nil {
		s.WriteProblem(w, r, err)
		return
	}
	res, err := s.apiChange(r, chi.URLParam(r, "id"), version, req.Details)
	switch {
	case web.HasCode(err, numberTakenCode):
		s.duplicateProblem(w, r, err, nil)
		return
	case err != nil:
		s.CommandFailed(w, r, err)
		return
	}
	s.AwaitContacts(r.Context(), res)
	s.writeContact(w, r, http.StatusOK, res)
}

// apiChange merges the patch onto the contact as the client last saw it. The
// read model must be at the client's version: merging onto other details
// would silently drop someone's change.
func (s *Handlers) apiChange(r *http.Request, id string, version uint64, patch json.RawMessage) (contactcmd.Result, error) {
	ctx, actor := r.Context(), s.Actor(r)
	c, err := s.ReadContact(r, id) // a restricted person: only the DPO may change them
	if err == nil {
		err = s.editableBy(r, c.ID) // marked data: only those who may read it
	}
	if err != nil {
		return contactcmd.Result{}, err
	}
	if c.Version != version {
		return contactcmd.Result{}, domain.Conflict("the contact is at version %d, not %d", c.Version, version).WithCode(staleCode)
	}
	if c.Kind == contacts.KindOrganisation {
		var d contact.OrganisationDetails
		if err := mergeDetails(detailsOf(c), patch, &d); err != nil {
			return contactcmd.Result{}, err
		}
		return s.deps.Commands.ChangeDetails.HandleOrganisation(ctx, contactcmd.ChangeOrganisationDetails{
			Actor: actor, ContactID: c.ID, ExpectedVersion: version, Details: d})
	}
	var d contact.PersonDetails
	if err := mergeDetails(detailsOf(c), patch, &d); err != nil {
		return contactcmd.Result{}, err
	}
	return s.deps.Commands.ChangeDetails.HandlePerson(ctx, contactcmd.ChangePersonDetails{
		Actor: actor, ContactID: c.ID, ExpectedVersion: version, Details: d})
}
