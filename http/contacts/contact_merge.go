package contacts

import (
	"net/http"

	"github.com/go-chi/chi/v5"

	contactcmd "github.com/klient-crm/klient/commands/contact"
	"github.com/klient-crm/klient/domain"
	"github.com/klient-crm/klient/domain/contact"
	"github.com/klient-crm/klient/http/web"
	"github.com/klient-crm/klient/projections/contacts"
)

// Merging two contacts that are one: the contact the route names is kept
// (the survivor) and merged_id is merged into it, with the details the
// caller chose field by field (details: the survivor's complete new
// details; absent keeps its own). The merged contact's ID then answers
// with a pointer to the survivor (API: 301 with Location and
// merged_into; pages: a redirect), as long as the reader may see it.

// mergeRequest merges merged_id into the contact of the route.
type mergeRequest struct {
	Version       *uint64    `json:"version,omitempty"`
	MergedID      string     `json:"merged_id"`
	MergedVersion *uint64    `json:"merged_version"`
	RawDetails    rawDetails `json:"details,omitempty"`
}

// rawDetails keeps the chosen details undecoded until the kind is known.
type rawDetails []byte

func (d *rawDetails) UnmarshalJSON(b []byte) error { *d = append((*d)[:0], b...); return nil }

// MergedJSON is the pointer the merged contact's ID answers with.
type MergedJSON struct {
	ID         string `json:"id"`
	MergedInto string `json:"merged_into"`
}

// apiMergeContact is POST /api/v1/contacts/{id}/merge.
func (s *Handlers) apiMergeContact(w http.ResponseWriter, r *http.Request) {
	var req mergeRequest
	version, err := decodeVersioned(r, &req, &req.Version)
	if err != nil {
		s.WriteProblem(w, r, err)
		return
	}
	if req.MergedVersion == nil {
		s.WriteProblem(w, r, domain.Invalid("merged_version", "give the version of the contact merged away").WithCode("request.field.required"))
		return
	}
	survivor, err := s.ReadContact(r, chi.URLParam(r, "id"))
	if err != nil {
		s.WriteProblem(w, r, err)
		return
	}
	cmd := contactcmd.MergeContacts{Actor: s.Actor(r), SurvivorID: survivor.ID, SurvivorVersion: version,
		MergedID: req.MergedID, MergedVersion: *req.MergedVersion}
	if len(req.RawDetails) > 0 && string(req.RawDetails) != "null" {
		if survivor.Kind == contacts.KindOrganisation {
			cmd.Organisation = new(contact.OrganisationDetails)
			err = web.DecodeStrict(req.RawDetails, cmd.Organisation, "details")
		} else {
			cmd.Person = new(contact.PersonDetails)
			err = web.DecodeStrict(req.RawDetails, cmd.Person, "details")
		}
		if err != nil {
			s.WriteProblem(w, r, err)
			return
		}
	}
	res, err := s.deps.Commands.Merge.Handle(r.Context(), cmd)
	if err != nil {
		s.CommandFailed(w, r, err)
		return
	}
	s.awaitMerge(r, res)
	s.writeContact(w, r, http.StatusOK, res.Survivor)
}

// movedBy are the read models that move what was the merged contact's to
// the survivor when they meet the merge (their merge.go).
var movedBy = []string{"matters", "conflict_index", "communications", "work"}

// awaitMerge waits (bounded) until the contacts read model shows both
// sides of the merge and the read models that follow it have moved what
// was the merged contact's: the survivor's page then lists it.
func (s *Handlers) awaitMerge(r *http.Request, res contactcmd.MergeResult) {
	s.AwaitContacts(r.Context(), res.Survivor)
	s.AwaitContacts(r.Context(), res.Merged)
	for _, projector := range movedBy {
		s.Await(r.Context(), projector, res.Merged.Position)
	}
}

// survivorOf is the contact err says the read one was merged into, when
// the reader may see it: a survivor behind a wall answers as the merged
// contact would if it were unknown.
func (s *Handlers) survivorOf(r *http.Request, c contacts.Contact, err error) (string, bool) {
	if !web.HasCode(err, contacts.MergedCode) || c.MergedInto == "" {
		return "", false
	}
	if _, err := s.ReadContact(r, c.MergedInto); err != nil {
		return "", false
	}
	return c.MergedInto, true
}

// mergedAway answers a read of a merged contact: a pointer to the
// survivor, or, when the reader may not see it, the unknown contact's 404.
func (s *Handlers) mergedAway(w http.ResponseWriter, r *http.Request, c contacts.Contact, err error, api bool) bool {
	if !web.HasCode(err, contacts.MergedCode) {
		return false
	}
	survivor, ok := s.survivorOf(r, c, err)
	switch {
	case !ok:
		s.Fail(w, r, web.ErrNoSuchContact)
	case api:
		w.Header().Set("Location", "/api/v1/contacts/"+survivor)
		web.WriteJSON(w, http.StatusMovedPermanently, MergedJSON{ID: c.ID, MergedInto: survivor})
	default:
		http.Redirect(w, r, "/contacts/"+survivor, http.StatusMovedPermanently)
	}
	return true
}
